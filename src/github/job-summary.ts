/**
 * The job summary: the same markdown as the report, cut to GitHub's 1 MiB limit.
 */

/** GitHub's limit for one step's summary. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

/** Appends to the job summary (through the runtime's writer). */
export async function writeJobSummary(
  append: (markdown: string) => Promise<void>,
  markdown: string,
): Promise<void> {
  await append(fitSummary(markdown));
}

/** Cuts markdown to the summary limit, keeping whole lines and saying it was cut. */
export function fitSummary(markdown: string, maxBytes = MAX_SUMMARY_BYTES): string {
  if (Buffer.byteLength(markdown, 'utf8') <= maxBytes) return markdown;
  const note = "\n\n…_Summary cut to GitHub's 1 MiB limit; the full report is in the artifact._\n";
  const cut = Buffer.from(markdown, 'utf8')
    .subarray(0, maxBytes - Buffer.byteLength(note, 'utf8') - 8)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  const line = cut.lastIndexOf('\n');
  const body = line > 0 ? cut.slice(0, line) : cut;
  return body + ((body.match(/^```/gm) ?? []).length % 2 === 1 ? '\n```' : '') + note;
}

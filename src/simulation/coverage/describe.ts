/**
 * Change coverage in a few lines for the agent: the count, then each changed function or range
 * that has not run yet, by file. Short on purpose: it goes into the model's context.
 */
import type { ChangeCoverage } from '../../contract/index.js';

/** Ranges listed before "and N more". */
const MAX_RANGES = 12;

/** The agent's view of change coverage; see the module comment. */
export function describeChangeCoverage(coverage: ChangeCoverage): string {
  const { changedLines, ranLines } = coverage.totals;
  if (changedLines === 0) return 'The diff changes no executable line the browser loaded.';
  const lines = [`${ranLines} of ${changedLines} changed executable lines have run.`];
  const missing = coverage.files.flatMap((file) =>
    file.notRun.map((range) => {
      const where = range.start === range.end ? `line ${range.start}` : `lines ${range.start}-${range.end}`;
      const names = range.functions.length > 0 ? ` (in ${range.functions.join(', ')})` : '';
      return `- ${file.path} ${where}${names}`;
    }),
  );
  if (missing.length > 0) {
    lines.push('Not run yet:', ...missing.slice(0, MAX_RANGES));
    if (missing.length > MAX_RANGES) lines.push(`… and ${missing.length - MAX_RANGES} more`);
  }
  if (coverage.functionsNotRun.length > 0) {
    lines.push(`Changed functions never called: ${coverage.functionsNotRun.join(', ')}`);
  }
  return lines.join('\n');
}

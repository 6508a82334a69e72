/**
 * The base-vs-head part of the PR comment and the job summary: what was already broken on the
 * base (collapsed, so the PR's own problems stay on top), what the PR fixed, and the pages that
 * changed visually, linked to the report whose HTML shows before, after and the difference.
 */
import type { Finding, Report } from '../contract/index.js';
import { plural, truncate } from './format.js';

/** Findings set aside by the comparison: on the base already, or seen once only. */
export function isAside(finding: Pick<Finding, 'baseline'>): boolean {
  return finding.baseline === 'preexisting' || finding.baseline === 'flaky';
}

/** Helpers the markdown renderer lends, so escaping stays in one place. */
export interface MarkdownTools {
  escape: (text: string) => string;
  code: (text: string) => string;
  row: (finding: Finding) => string;
  header: string;
  /** A safe link to the artifact (HTML report with the pictures), when known. */
  artifact: string | null;
}

/** The comparison's markdown blocks, in order; empty when the run was not compared. */
export function comparisonMarkdown(
  report: Report,
  aside: readonly Finding[],
  tools: MarkdownTools,
): string[] {
  const comparison = report.comparison;
  if (!comparison) return [];
  const blocks: string[] = [];
  if (comparison.baseReport === null) {
    // The base never ran: say so, so "no preexisting findings" is not read as "nothing was there".
    return [
      `**Not compared with the base** ${tools.code(comparison.baseRef)}: every error counts.${comparison.notes
        .map((n) => `\n> ${tools.escape(truncate(n, 300))}`)
        .join('')}`,
    ];
  }
  const sha = comparison.baseSha ? ` (${tools.code(comparison.baseSha.slice(0, 12))})` : '';
  blocks.push(
    `**Compared with the base** ${tools.code(comparison.baseRef)}${sha}: only what this PR brought decides the verdict${
      comparison.failOnPreexisting
        ? ' (fail-on-preexisting: errors already on the base count too)'
        : ''
    }.${comparison.notes.map((n) => `\n> ${tools.escape(truncate(n, 300))}`).join('')}`,
  );
  if (aside.length > 0) {
    const preexisting = aside.filter((f) => f.baseline === 'preexisting').length;
    const flaky = aside.length - preexisting;
    const label = [
      preexisting ? plural(preexisting, 'preexisting finding') : null,
      flaky ? plural(flaky, 'flaky finding') : null,
    ]
      .filter(Boolean)
      .join(', ');
    blocks.push(
      `<details><summary>Already on the base or flaky: ${label}</summary>\n\n${tools.header}\n${aside.map(tools.row).join('\n')}\n\n</details>`,
    );
  }
  if (comparison.fixed.length > 0) {
    blocks.push(
      `#### ✅ Fixed by this PR (${comparison.fixed.length})\n\n${comparison.fixed
        .map((f) => `- ${tools.escape(truncate(f.title, 200))} ${tools.code(f.check)}`)
        .join('\n')}`,
    );
  }
  const unexpected = comparison.visual.filter((v) => !v.expected);
  if (comparison.visual.length > 0) {
    const where = tools.artifact
      ? `[the HTML report](${tools.artifact}) shows before, after and the difference`
      : '`report.html` in the report artifact shows before, after and the difference';
    const lines = comparison.visual.map(
      (v) =>
        `- ${v.expected ? '' : '⚠️ **Unexpected:** '}${tools.code(v.page)} (step ${v.step}): ${(v.ratio * 100).toFixed(2)}% of the pixels changed`,
    );
    blocks.push(
      `#### 🖼️ Visual changes (${comparison.visual.length}${unexpected.length ? `, ${unexpected.length} unexpected` : ''})\n\n${lines.join('\n')}\n\n${where}.`,
    );
  }
  return blocks;
}

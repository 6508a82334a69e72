/**
 * The change-coverage section of `report.html`: the diff's hunks as head reads them, each changed
 * executable line marked ran or did not run (a patch-coverage view), and what was not measured.
 */
import type { ChangeCoverage, ChangedFileCoverage } from '../contract/index.js';
import { changeCoverageSentence } from './change-coverage-text.js';
import { escapeHtml as e } from './html-parts.js';

/** Styles of the section, added to the page only when the report has change coverage. */
export const CHANGE_COVERAGE_CSS = `
.patch{width:100%;border-collapse:collapse;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;margin:6px 0 14px}
.patch td{padding:0 8px;white-space:pre-wrap;overflow-wrap:anywhere;vertical-align:top}
.patch td.ln{width:1%;text-align:right;color:var(--muted);user-select:none}
.patch td.mk{width:1%;user-select:none;font-weight:700}
.patch tr.ran td{background:var(--pass-bg)}.patch tr.ran td.mk{color:var(--pass)}
.patch tr.miss td{background:var(--fail-bg)}.patch tr.miss td.mk{color:var(--fail)}
.patch tr.add td.mk{color:var(--muted)}
.patch tr.gap td{color:var(--muted);background:var(--code)}
`;

/** The section, or '' when the run measured no change coverage (no diff). */
export function changeCoverageSection(coverage: ChangeCoverage | undefined): string {
  if (!coverage) return '';
  const sides = [
    ['Browser', coverage.browser],
    ['Server', coverage.server],
  ] as const;
  const notes = sides
    .filter(([, side]) => !side.measured)
    .map(
      ([name, side]) =>
        `<li>${name} side not measured: ${e(side.reason ?? 'no reason given')}</li>`,
    );
  const unmapped = coverage.unmapped.map(
    (u) => `<li><code>${e(u.path)}</code> not measured: ${e(u.reason)}</li>`,
  );
  const legend =
    '<p class="legend"><span>✓ ran</span><span>✕ did not run</span><span>+ changed, not executable</span></p>';
  const files = coverage.files.map(fileView).join('');
  return `<section id="change-coverage"><h2>Change coverage</h2><p>${e(changeCoverageSentence(coverage))}</p>${
    notes.length + unmapped.length > 0 ? `<ul>${[...notes, ...unmapped].join('')}</ul>` : ''
  }${coverage.files.length > 0 ? legend : ''}${files}</section>`;
}

function fileView(file: ChangedFileCoverage): string {
  const ran = new Set(file.ranLines);
  const executable = new Set(file.changedLines);
  const rows: string[] = [];
  for (const [i, hunk] of (file.hunks ?? []).entries()) {
    if (i > 0) rows.push('<tr class="gap"><td class="ln">⋯</td><td class="mk"></td><td></td></tr>');
    hunk.lines.forEach((text, offset) => {
      const line = hunk.start + offset;
      const added = text.startsWith('+');
      const kind = !added ? '' : !executable.has(line) ? 'add' : ran.has(line) ? 'ran' : 'miss';
      const mark = { '': '', add: '+', ran: '✓', miss: '✕' }[kind];
      rows.push(
        `<tr${kind ? ` class="${kind}"` : ''} data-line="${line}"><td class="ln">${line}</td><td class="mk">${mark}</td><td>${e(text.slice(1))}</td></tr>`,
      );
    });
  }
  const cut = file.hunksTruncated
    ? '<p class="muted">… the rest of this file\'s diff is in the PR.</p>'
    : '';
  const names = file.notRun.flatMap((r) => r.functions);
  const missed =
    names.length > 0
      ? ` · did not run: ${[...new Set(names)].map((n) => `<code>${e(n)}</code>`).join(', ')}`
      : '';
  return `<h3><code>${e(file.path)}</code> <span class="muted">${file.ranLines.length} of ${file.changedLines.length} changed lines ran (${file.side})${missed}</span></h3><div class="table-wrap"><table class="patch">${rows.join('')}</table></div>${cut}`;
}

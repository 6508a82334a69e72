/**
 * The base-vs-head part of `report.html`: where the run was compared, what the PR fixed, and for
 * each page that changed visually, the base's screenshot, the PR's and the highlighted
 * difference side by side. Pure: images come in as data, like the step screenshots.
 */
import type { Report, VisualChange } from '../contract/index.js';
import { escapeHtml } from './html-parts.js';

/** Styles of the section, appended to the report's own. */
export const COMPARISON_CSS = `
.visual{list-style:none;padding:0;display:grid;gap:18px}
.visual>li{border:1px solid var(--line);border-radius:10px;padding:12px}
.visual .trio{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:10px}
.visual figure{margin:0}.visual figcaption{font-size:12px;color:var(--muted);margin-bottom:4px}
.visual img{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;display:block}
.unexpected{color:#b45309;font-weight:600}
@media (max-width:700px){.visual .trio{grid-template-columns:1fr}}
`;

type Escape = (text: string) => string;

/** `<img>` for a comparison image, or a placeholder when its data is missing. */
function picture(
  path: string,
  caption: string,
  images: Record<string, string>,
  src: (path: string, value: string | undefined) => string | null,
  e: Escape,
  ids: { id: string; back: string },
): string {
  const data = src(path, images[path]);
  const role = caption.split(' ')[0]!.toLowerCase();
  // The figure is its own link target: selecting the picture opens it at full size (CSS :target).
  const img = data
    ? `<a class="zoom" href="#${e(ids.id)}" title="Open at full size"><img src="${e(data)}" alt="${e(caption)}" data-role="${e(role)}"></a><a class="close" href="#${e(ids.back)}">✕ Close</a>`
    : `<div class="noshot">Image missing</div>`;
  return `<figure id="${e(ids.id)}"><figcaption>${e(caption)}</figcaption>${img}</figure>`;
}

function visualItem(
  change: VisualChange,
  index: number,
  images: Record<string, string>,
  src: (path: string, value: string | undefined) => string | null,
  e: Escape,
): string {
  const ids = (role: string) => ({ id: `visual-${index}-${role}`, back: `visual-${index}` });
  const label = change.expected
    ? 'Visual change on a page the diff touches'
    : '<span class="unexpected">Unexpected visual change</span>: the diff touches no file named after this page';
  return `<li class="visual-change" id="visual-${index}" data-page="${e(change.page)}" data-expected="${change.expected}"><p><code>${e(change.page)}</code> · step <a href="#step-${change.step}">${change.step}</a> (base step ${change.baseStep}) · ${(change.ratio * 100).toFixed(2)}% of the pixels · ${label}</p><div class="trio">${picture(change.before, 'Before (base)', images, src, e, ids('before'))}${picture(change.after, 'After (this PR)', images, src, e, ids('after'))}${picture(change.diff, 'Difference (changed pixels in red)', images, src, e, ids('diff'))}</div></li>`;
}

/** The base run's page beside its report.json (`base/report.json` → `base/report.html`). */
function baseReportPage(json: string): string {
  return json.replace(/\.json$/, '.html');
}

/** The base run's page, relative to the report folder; null when the run had no base report. */
export function baseReportFile(report: Report): string | null {
  const json = report.comparison?.baseReport;
  return json ? baseReportPage(json) : null;
}

/**
 * Where the base run's own report is, from where the page is read: `beside` in the unpacked
 * artifact (a relative link), `page` its own single-file artifact (a URL), `zip` only inside the
 * artifact zip (a URL to the zip, or no link when there is none).
 */
export type BaseReportLink =
  { where: 'beside' } | { where: 'page'; url: string } | { where: 'zip'; url: string | null };

function baseReportLink(report: Report, link: BaseReportLink): string {
  const file = baseReportFile(report) ?? '';
  const e = escapeHtml;
  const text = "the base run's own report";
  switch (link.where) {
    case 'beside':
      return `<a href="${e(file)}" id="base-report">${text}</a>, in the artifact zip`;
    case 'page':
      return `<a href="${e(link.url)}" id="base-report">${text}</a>`;
    case 'zip':
      return `${text} is <code>${e(file)}</code> in ${
        link.url
          ? `<a href="${e(link.url)}" id="base-report">the artifact zip</a>`
          : 'the artifact zip'
      }`;
  }
}

/**
 * `html` (a page {@link comparisonSection} wrote, for reading inside the unpacked artifact) with
 * its link to the base run's report pointing where `link` says: a copy of the page served on
 * its own cannot reach `base/report.html` beside it. Unchanged when the run has no base report.
 */
export function relinkBaseReport(html: string, report: Report, link: BaseReportLink): string {
  if (!report.comparison?.baseReport) return html;
  // Every run-written string on the page is escaped, so this markup occurs only where we wrote it.
  return html.replace(baseReportLink(report, { where: 'beside' }), () =>
    baseReportLink(report, link),
  );
}

/** The section, or '' when the run was not compared with a base. */
export function comparisonSection(
  report: Report,
  images: Record<string, string>,
  src: (path: string, value: string | undefined) => string | null,
  e: Escape,
): string {
  const c = report.comparison;
  if (!c) return '';
  const notes = c.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('');
  if (c.baseReport === null) {
    return `<section id="comparison"><h2>Not compared with the base</h2><p>Base <code>${e(c.baseRef)}</code> could not be run: every error counts.</p>${notes}</section>`;
  }
  const fixed = c.fixed.length
    ? `<h3>Fixed by this PR (${c.fixed.length})</h3><ul>${c.fixed
        .map((f) => `<li>${e(f.title)} <code>${e(f.check)}</code></li>`)
        .join('')}</ul>`
    : '';
  const visual = c.visual.length
    ? `<h3>Visual changes (${c.visual.length})</h3><ul class="visual">${c.visual
        .map((v, i) => visualItem(v, i + 1, images, src, e))
        .join('')}</ul>`
    : '<p class="muted">No page reached on both sides changed visually.</p>';
  return `<section id="comparison"><h2>Compared with the base</h2><p>Base <code>${e(c.baseRef)}</code>${
    c.baseSha ? ` at <code>${e(c.baseSha.slice(0, 12))}</code>` : ''
  }, ${c.method === 'replay' ? "the PR run's actions replayed" : 'the same exploration'}; base result: <strong>${e(c.baseResult)}</strong> (${baseReportLink(report, { where: 'beside' })}). Only findings new in this PR decide the verdict${
    c.failOnPreexisting ? ' (fail-on-preexisting: errors already on the base count too)' : ''
  }.</p>${notes}${fixed}${visual}</section>`;
}

/**
 * `report.html`: one self-contained file a person opens offline, from the artifact. Inline CSS,
 * screenshots embedded as data URLs, no script and no external request (a Content-Security-Policy
 * in the page forbids both, as a second line of defence behind escaping every string).
 */
import type { Report, Result } from '../contract/index.js';
import { CHANGE_COVERAGE_CSS, changeCoverageSection } from './html-change-coverage.js';
import { COMPARISON_CSS, comparisonSection } from './comparison-html.js';
import { formatDuration, formatUsd, plural, truncate } from './format.js';
import { CSS } from './html-css.js';
import { environmentSection, timingsSection, usageSection } from './html-facts.js';
import { criteriaSection, findingsSection } from './html-findings.js';
import { escapeHtml, imageSrc, list, safeLink } from './html-parts.js';
import { timelineSection } from './html-timeline.js';

export { escapeHtml };
export { baseReportFile, relinkBaseReport, type BaseReportLink } from './comparison-html.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /**
   * Screenshots keyed by the step's `screenshot` path: base64 file content, or a complete
   * `data:image/…;base64,…` URL. A step whose image is missing shows a placeholder.
   */
  images?: Record<string, string>;
  /** Pictures left out of the page to keep it small: shown as such, and listed. */
  omitted?: readonly string[];
  /** Widest the inlined pictures are, in pixels, when they were scaled down for the page. */
  pictureWidth?: number;
  /** The original size (px) of pictures inlined re-encoded, by path: where outlines are drawn. */
  pictureSizes?: Record<string, { width: number; height: number }>;
}

const e = escapeHtml;

const RESULT_LABEL: Record<Result, string> = {
  pass: 'Pass',
  fail: 'Fail',
  inconclusive: 'Inconclusive',
  error: 'Error',
};

const RESULT_ICON: Record<Result, string> = { pass: '✓', fail: '✕', inconclusive: '?', error: '!' };

/** Longest log tail shown; the JSON report has the rest. */
const MAX_LOG = 40_000;

/** The short facts under the verdict: mode, viewport, counts, duration, cost, stop reason. */
function heroChips(report: Report): string[] {
  const env = report.environment;
  return [
    env.mode === 'agent' ? 'agent mode' : 'exploration mode',
    env.viewport,
    plural(report.steps.length, 'step'),
    plural(report.coverage.visited.length, 'page'),
    plural(report.findings.length, 'finding'),
    formatDuration(report.timings.totalMs),
    report.usage.costUsd !== null && report.usage.model
      ? `≈ ${formatUsd(report.usage.costUsd)}`
      : null,
    `stopped by: ${report.budget.stoppedBy}`,
  ].filter((x): x is string => x !== null);
}

/** The pages visited and the ones the run did not reach, with the ratio the verdict held. */
function coverageSection(report: Report): string {
  const { ratio, floor, interactive, exercised } = report.coverage;
  const pct = (x: number) => `${Math.floor(x * 100)}%`;
  const held =
    ratio === undefined
      ? ''
      : `<p id="coverage-ratio">Exercised <strong>${pct(ratio)}</strong>${
          interactive !== undefined && exercised !== undefined
            ? ` (${exercised} of ${interactive} pages and controls seen)`
            : ''
        }${
          floor === undefined
            ? ''
            : `; the floor is <strong>${pct(floor)}</strong>: ${
                ratio >= floor
                  ? 'met.'
                  : '<strong class="unexpected">not met</strong>, so the run could not pass.'
              }`
        }</p>`;
  return `<section id="coverage"><h2>Coverage</h2>${held}<p><strong>Visited (${report.coverage.visited.length})</strong></p>${list(
    report.coverage.visited,
    true,
  )}<p><strong>Not covered (${report.coverage.notCovered.length})</strong></p>${list(report.coverage.notCovered, false)}</section>`;
}

/** What the page's pictures are, and what it left to the artifact zip. */
function picturesNote(options: HtmlOptions): string {
  if (Object.keys(options.images ?? {}).length === 0 && !options.omitted?.length) return '';
  const width = options.pictureWidth
    ? `JPEG copies at most ${options.pictureWidth} px wide`
    : 'the screenshots';
  const omitted = options.omitted ?? [];
  const left = omitted.length
    ? ` To keep this page small, ${plural(omitted.length, 'picture')} ${omitted.length === 1 ? 'was' : 'were'} left to the zip: ${omitted
        .slice(0, 20)
        .map((p) => `<code>${e(p)}</code>`)
        .join(', ')}${omitted.length > 20 ? ', …' : ''}.`
    : '';
  return `<p class="muted" id="pictures-note">Pictures are ${width}; select one to see it at full size. The full-size PNGs, the trace and the logs are in the report's artifact zip.${left}</p>`;
}

/** How the runs a comparison makes beside the PR's own are named. */
const SIDE_LABEL = { base: 'Base run', recheck: 'Re-check run' } as const;

/** What a comparison's other run was for, above its verdict, so it is not read as the PR's. */
function sideNote(env: Report['environment']): string {
  if (!env.side) return '';
  const base = env.pr?.baseRef ? `the base branch (${env.pr.baseRef})` : 'the base branch';
  const text =
    env.side === 'base'
      ? `Base run: this tested ${base} without the PR, the run the PR's report compares against.`
      : "Re-check run: this tested the PR's code a second time, to tell flaky errors from new ones.";
  return `<p class="side" id="side">${e(text)}</p>`;
}

/**
 * Renders the self-contained HTML report: verdict badge and summary, criteria, findings, a
 * timeline where each step's screenshot sits beside what was done, coverage, usage and cost,
 * timings, environment, and the app's log tail. Every string is escaped; no script, no external
 * request; readable on a phone, in dark mode and printed.
 */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const images = options.images ?? {};
  const env = report.environment;
  const label = RESULT_LABEL[report.result];
  const pageTitle = env.pr ? `PR #${env.pr.number}: ${env.pr.title}` : env.url;
  const title = env.side ? `${SIDE_LABEL[env.side]} · ${pageTitle}` : pageTitle;
  const chips = heroChips(report);

  const coverage = coverageSection(report);
  // An exploration checks no criteria: no empty card for them.
  const criteria =
    report.criteria.length === 0 && env.mode === 'explore' ? '' : criteriaSection(report.criteria);

  const appLog = report.appLogTail
    ? `<section id="app-log"><h2>App log (last lines)</h2><pre>${e(truncate(report.appLogTail, MAX_LOG))}</pre></section>`
    : '';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${e(`${label} · ${title} · myfav-coworker`)}</title>
<style>${CSS}${report.comparison ? COMPARISON_CSS : ''}${report.changeCoverage ? CHANGE_COVERAGE_CSS : ''}</style>
</head>
<body>
<main>
<header class="hero r-${report.result}">
<span class="badge b-${report.result}" id="verdict" data-result="${report.result}">${RESULT_ICON[report.result]} ${label}</span>
<h1>${env.pr ? safeLink(env.pr.url, pageTitle) : e(pageTitle)}</h1>
${sideNote(env)}<p class="summary">${e(report.summary)}</p>
<ul class="chips">${chips.map((c) => `<li>${e(c)}</li>`).join('')}</ul>
${picturesNote(options)}
</header>
<nav class="toc">${criteria ? '<a href="#criteria">Criteria</a>' : ''}<a href="#findings">Findings</a>${report.comparison ? '<a href="#comparison">Base vs PR</a>' : ''}<a href="#timeline">Timeline</a>${report.changeCoverage ? '<a href="#change-coverage">Change coverage</a>' : ''}<a href="#coverage">Coverage</a><a href="#usage">Usage</a><a href="#timings">Timings</a><a href="#environment">Environment</a>${appLog ? '<a href="#app-log">App log</a>' : ''}</nav>
${criteria}
${findingsSection(report.findings, env.url)}
${comparisonSection(report, images, imageSrc, e)}
${timelineSection(report, images, options.omitted ?? [], options.pictureSizes ?? {})}
${changeCoverageSection(report.changeCoverage)}
${coverage}
${usageSection(report)}
${timingsSection(report)}
${environmentSection(report)}
${appLog}
<footer>Generated by ${e(report.tool.name)} ${e(report.tool.version)} · ${e(report.timings.finishedAt)}</footer>
</main>
</body>
</html>
`;
}

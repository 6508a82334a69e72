/**
 * `report.html`: one self-contained file a person opens offline, from the artifact. Inline CSS,
 * screenshots embedded as data URLs, no script and no external request (a Content-Security-Policy
 * in the page forbids both, as a second line of defence behind escaping every string).
 */
import type { Criterion, Finding, Report, Result, Step } from '../contract/index.js';
import { COMPARISON_CSS, comparisonSection } from './comparison-html.js';
import { isAside } from './comparison-markdown.js';
import { formatCount, formatDuration, formatUsd, plural, shortUrl, truncate } from './format.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /**
   * Screenshots keyed by the step's `screenshot` path: base64 file content, or a complete
   * `data:image/…;base64,…` URL. A step whose image is missing shows a placeholder.
   */
  images?: Record<string, string>;
}

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

const RESULT_LABEL: Record<Result, string> = {
  pass: 'Pass',
  fail: 'Fail',
  inconclusive: 'Inconclusive',
  error: 'Error',
};

const RESULT_ICON: Record<Result, string> = { pass: '✓', fail: '✕', inconclusive: '?', error: '!' };

const MIME_BY_EXT: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** Longest snapshot excerpt / evidence / log shown; the JSON report has the rest. */
const MAX_SNAPSHOT = 20_000;
const MAX_EVIDENCE = 4_000;
const MAX_LOG = 40_000;

/** A data URL for a screenshot, or null when the value is not a clean base64 image. */
function imageSrc(path: string, value: string | undefined): string | null {
  if (!value) return null;
  const dataUrl = /^data:(image\/(?:png|jpeg|webp|gif));base64,([A-Za-z0-9+/=\s]+)$/.exec(value);
  if (dataUrl) return `data:${dataUrl[1]};base64,${dataUrl[2]!.replace(/\s+/g, '')}`;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return null;
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? 'png';
  return `data:${MIME_BY_EXT[ext] ?? 'image/png'};base64,${value.replace(/\s+/g, '')}`;
}

/** An external link we render (PR, CI run): only https, never javascript: or data:. */
function safeLink(url: string | undefined | null, text: string): string {
  if (!url) return e(text);
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
      return `<a href="${e(parsed.href)}" rel="noreferrer noopener">${e(text)}</a>`;
    }
  } catch {
    // fall through: shown as text
  }
  return e(text);
}

function stepLink(step: number | null): string {
  return step === null ? '–' : `<a href="#step-${step}">${step}</a>`;
}

const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--text:#1c2128;--muted:#5b6572;--line:#e3e6ea;--code:#f0f2f5;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--err:#8250df;--err-bg:#fbefff;--info:#0969da;--info-bg:#ddf4ff;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--muted:#8d96a0;
--line:#30363d;--code:#1f242c;--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1214;
--warn:#d29922;--warn-bg:#2b2111;--err:#bc8cff;--err-bg:#231a33;--info:#58a6ff;--info-bg:#0c2036;--accent:#58a6ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:break-word}
main{max-width:1200px;margin:0 auto;padding:24px 16px 64px}
a{color:var(--accent)}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{background:var(--code);padding:1px 5px;border-radius:4px;overflow-wrap:anywhere}
pre{background:var(--code);padding:10px 12px;border-radius:6px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere;margin:8px 0}
pre code{background:none;padding:0}
h1{font-size:22px;margin:10px 0 6px}
h2{font-size:18px;margin:0 0 12px}
section,header.hero{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
header.hero{border-top:6px solid var(--muted)}
header.r-pass{border-top-color:var(--pass)}header.r-fail{border-top-color:var(--fail)}
header.r-inconclusive{border-top-color:var(--warn)}header.r-error{border-top-color:var(--err)}
.badge{display:inline-flex;align-items:center;gap:6px;font-weight:700;font-size:14px;letter-spacing:.02em;
padding:4px 12px;border-radius:999px;text-transform:uppercase}
.b-pass{color:var(--pass);background:var(--pass-bg)}.b-fail{color:var(--fail);background:var(--fail-bg)}
.b-inconclusive{color:var(--warn);background:var(--warn-bg)}.b-error{color:var(--err);background:var(--err-bg)}
.summary{font-size:17px;margin:8px 0 12px}
.chips{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:0}
.chips li{background:var(--code);color:var(--muted);border-radius:999px;padding:2px 10px;font-size:13px}
nav.toc{display:flex;flex-wrap:wrap;gap:14px;font-size:14px;padding:0 4px}
.muted{color:var(--muted)}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:999px;white-space:nowrap}
.s-pass{color:var(--pass);background:var(--pass-bg)}.s-fail,.s-error{color:var(--fail);background:var(--fail-bg)}
.s-blocked,.s-warning{color:var(--warn);background:var(--warn-bg)}.s-untested,.s-info{color:var(--info);background:var(--info-bg)}
ul.criteria{list-style:none;padding:0;margin:0}
ul.criteria>li{border-top:1px solid var(--line);padding:10px 0;display:grid;grid-template-columns:110px 1fr;gap:10px}
ul.criteria>li:first-child{border-top:0}
.evidence{margin:6px 0 0;padding-left:18px;font-size:14px}
.verified{color:var(--pass);font-weight:600}.unverified{color:var(--warn);font-weight:600}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:8px;border-top:1px solid var(--line)}
th{color:var(--muted);font-weight:600;border-top:0;white-space:nowrap}
table,table code{overflow-wrap:break-word}td.num-cell{white-space:nowrap}
td pre{min-width:14em}
td pre{margin:0;max-height:12em}
.table-wrap{overflow-x:auto}
ol.timeline{list-style:none;padding:0;margin:0}
li.step{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:18px;padding:16px 0;border-top:1px solid var(--line)}
li.step:first-child{border-top:0}
li.step:target{background:var(--info-bg);border-radius:8px;padding:16px 10px}
figure.shot{margin:0}
figure.shot img{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;display:block;background:#fff}
.noshot{border:1px dashed var(--line);border-radius:6px;padding:40px 10px;text-align:center;color:var(--muted)}
.step h3{font-size:16px;margin:0 0 6px;display:flex;gap:10px;align-items:baseline}
.num{flex:none;display:inline-grid;place-items:center;min-width:28px;height:28px;border-radius:999px;background:var(--code);font-size:13px;font-weight:700}
.step.err .num{background:var(--fail-bg);color:var(--fail)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0;font-size:14px}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
.error-box{border-left:4px solid var(--fail);background:var(--fail-bg);padding:6px 10px;border-radius:4px;margin:8px 0;overflow-wrap:anywhere}
.step-findings{margin:6px 0;padding-left:18px;font-size:14px}
details summary{cursor:pointer;color:var(--accent);font-size:14px}
.bars{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--code);margin:8px 0}
.bars span{display:block;height:100%}
.t-app{background:#8250df}.t-browser{background:#0969da}.t-steps{background:#1a7f37}.t-report{background:#bf8700}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:middle}
footer{color:var(--muted);font-size:13px;text-align:center;margin-top:24px}
@media (max-width:820px){li.step{grid-template-columns:1fr}ul.criteria>li{grid-template-columns:1fr}
th.opt,td.opt{display:none}main{padding:12px 8px 48px}section,header.hero{padding:14px}}
@media print{body{background:#fff}section,header.hero{break-inside:avoid-page}li.step{break-inside:avoid}}
`;

function criteriaSection(criteria: readonly Criterion[]): string {
  if (criteria.length === 0) {
    return `<section id="criteria"><h2>Acceptance criteria</h2><p class="muted">No acceptance criteria were checked in this run.</p></section>`;
  }
  const items = criteria.map((c) => {
    const evidence = c.evidence
      .map((ev) => {
        const parts = [`step ${stepLink(ev.step)}`];
        if (ev.quote) parts.push(`<q>${e(truncate(ev.quote, MAX_EVIDENCE))}</q>`);
        if (ev.role || ev.name) {
          parts.push(
            `<span class="muted">${e([ev.role, ev.name ? `“${ev.name}”` : ''].filter(Boolean).join(' '))}</span>`,
          );
        }
        parts.push(
          ev.verified
            ? '<span class="verified">✓ verified</span>'
            : '<span class="unverified">not verified</span>',
        );
        return `<li>${parts.join(' ')}</li>`;
      })
      .join('');
    return `<li><div><span class="pill s-${c.status}">${e(c.status)}</span></div><div><div><strong>${e(c.description)}</strong> <span class="muted">${e(c.id)}</span></div>${
      c.reason ? `<div class="muted">${e(c.reason)}</div>` : ''
    }${evidence ? `<ul class="evidence">${evidence}</ul>` : ''}</div></li>`;
  });
  return `<section id="criteria"><h2>Acceptance criteria (${criteria.length})</h2><ul class="criteria">${items.join('')}</ul></section>`;
}

function findingsSection(findings: readonly Finding[], baseUrl: string): string {
  // Preexisting and flaky findings stay listed, collapsed, under the PR's own.
  const aside = findings.filter(isAside);
  const own = findings.filter((f) => !isAside(f));
  const asideHtml = aside.length
    ? `<details id="preexisting"><summary>Already on the base, or flaky (${aside.length})</summary>${findingsTable(aside, baseUrl)}</details>`
    : '';
  if (own.length === 0) {
    const none = aside.length
      ? 'None new: what was recorded was already on the base, or flaky.'
      : 'None: no console errors, page errors or failed requests were recorded.';
    return `<section id="findings"><h2>Findings</h2><p class="muted">${none}</p>${asideHtml}</section>`;
  }
  return `<section id="findings"><h2>Findings (${own.length})</h2>${findingsTable(own, baseUrl)}${asideHtml}</section>`;
}

function findingsTable(findings: readonly Finding[], baseUrl: string): string {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const rows = sorted.map(
    (f) =>
      `<tr id="finding-${e(f.id)}"><td><span class="pill s-${f.severity}">${e(f.severity)}</span>${
        f.baseline ? ` <span class="pill baseline">${e(f.baseline)}</span>` : ''
      }</td><td>${e(f.title)}${
        f.count > 1 ? ` <span class="muted">×${formatCount(f.count)}</span>` : ''
      }</td><td class="opt"><code>${e(f.check)}</code></td><td class="num-cell">${stepLink(f.step)}</td><td class="opt">${
        f.url ? `<code>${e(truncate(shortUrl(f.url, baseUrl), 200))}</code>` : '–'
      }</td><td>${f.evidence ? `<pre>${e(truncate(f.evidence, MAX_EVIDENCE))}</pre>` : '–'}</td></tr>`,
  );
  return `<div class="table-wrap"><table><thead><tr><th>Severity</th><th>Finding</th><th class="opt">Check</th><th>Step</th><th class="opt">URL</th><th>Evidence</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div>`;
}

function stepItem(
  step: Step,
  images: Record<string, string>,
  findingsAt: readonly Finding[],
  baseUrl: string,
): string {
  const src = step.screenshot ? imageSrc(step.screenshot, images[step.screenshot]) : null;
  const shot = src
    ? `<img src="${e(src)}" alt="Screenshot after step ${step.index}">`
    : `<div class="noshot">${step.screenshot ? 'Screenshot missing' : 'No screenshot'}</div>`;
  const facts = [
    ['URL', `<code>${e(truncate(step.url, 500))}</code>`],
    step.title ? ['Title', e(step.title)] : null,
    ['Action', `<code>${e(step.action)}</code>`],
    ['Duration', e(formatDuration(step.durationMs))],
    [
      'Outcome',
      `<span class="pill s-${step.outcome === 'ok' ? 'pass' : 'fail'}">${e(step.outcome)}</span>`,
    ],
  ].filter((x): x is string[] => x !== null);
  const found = findingsAt.length
    ? `<ul class="step-findings">${findingsAt
        .map(
          (f) =>
            `<li><span class="pill s-${f.severity}">${e(f.severity)}</span> <a href="#finding-${e(f.id)}">${e(f.title)}</a></li>`,
        )
        .join('')}</ul>`
    : '';
  return `<li class="step${step.outcome === 'error' ? ' err' : ''}" id="step-${step.index}"><figure class="shot">${shot}</figure><div class="what"><h3><span class="num">${step.index}</span><span>${e(
    step.description,
  )}</span></h3>${step.code ? `<pre><code>${e(step.code)}</code></pre>` : ''}${
    step.error ? `<div class="error-box">${e(step.error)}</div>` : ''
  }${found}<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${
    step.snapshotExcerpt
      ? `<details><summary>Accessibility snapshot after this step</summary><pre>${e(truncate(step.snapshotExcerpt, MAX_SNAPSHOT))}</pre></details>`
      : ''
  }<span class="muted" style="font-size:12px">${e(shortUrl(step.url, baseUrl))} · ${e(step.startedAt)}</span></div></li>`;
}

function timelineSection(report: Report, images: Record<string, string>): string {
  if (report.steps.length === 0) {
    return `<section id="timeline"><h2>Timeline</h2><p class="muted">No steps were taken.</p></section>`;
  }
  const byStep = new Map<number, Finding[]>();
  for (const f of report.findings) {
    if (f.step === null) continue;
    byStep.set(f.step, [...(byStep.get(f.step) ?? []), f]);
  }
  const items = report.steps.map((s) =>
    stepItem(s, images, byStep.get(s.index) ?? [], report.environment.url),
  );
  return `<section id="timeline"><h2>Timeline (${plural(report.steps.length, 'step')})</h2><ol class="timeline">${items.join('')}</ol></section>`;
}

function list(items: readonly string[], code: boolean): string {
  if (items.length === 0) return '<span class="muted">none</span>';
  return `<ul>${items.map((i) => `<li>${code ? `<code>${e(i)}</code>` : e(i)}</li>`).join('')}</ul>`;
}

function usageSection(report: Report): string {
  const u = report.usage;
  if (!u.model) {
    return `<section id="usage"><h2>Usage and cost</h2><p>No model (exploration mode): no tokens, no cost.</p></section>`;
  }
  const rows: [string, string][] = [
    ['Model', `<code>${e(u.model)}</code>`],
    ['Input tokens', formatCount(u.inputTokens)],
    ['Output tokens', formatCount(u.outputTokens)],
    ['Cache read tokens', formatCount(u.cacheReadTokens)],
    ['Cache write tokens', formatCount(u.cacheWriteTokens)],
    [
      'Estimated cost',
      u.costUsd === null ? 'unknown (no price for this model)' : e(formatUsd(u.costUsd)),
    ],
    ['Price table', e(u.priceTable ?? '–')],
  ];
  return `<section id="usage"><h2>Usage and cost</h2><dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`;
}

function timingsSection(report: Report): string {
  const t = report.timings;
  const parts: [string, string, number][] = [
    ['t-app', 'App start', t.appStartMs],
    ['t-browser', 'Browser launch', t.browserLaunchMs],
    ['t-steps', 'Steps', t.stepsMs],
    ['t-report', 'Report', t.reportMs],
  ];
  const total = parts.reduce((sum, [, , ms]) => sum + ms, 0) || 1;
  const bars = parts
    .map(
      ([cls, label, ms]) =>
        `<span class="${cls}" style="width:${((ms / total) * 100).toFixed(2)}%" title="${e(label)}"></span>`,
    )
    .join('');
  const legend = parts
    .map(
      ([cls, label, ms]) =>
        `<span><i class="${cls}"></i>${e(label)} ${e(formatDuration(ms))}</span>`,
    )
    .join('');
  return `<section id="timings"><h2>Timings</h2><p>Total <strong>${e(formatDuration(t.totalMs))}</strong> <span class="muted">(${e(t.startedAt)} → ${e(t.finishedAt)})</span></p><div class="bars">${bars}</div><div class="legend">${legend}</div></section>`;
}

function environmentSection(report: Report): string {
  const env = report.environment;
  const rows: [string, string][] = [
    ['Mode', env.mode === 'agent' ? 'agent (a model drove the browser)' : 'exploration (no model)'],
    ['App URL', `<code>${e(env.url)}</code>`],
    ['Viewport', e(env.viewport)],
    [
      'Browser',
      env.browser ? e(`${env.browser.name} ${env.browser.version} (${env.browser.source})`) : '–',
    ],
    ['Node', e(env.node)],
    ['OS', e(env.os)],
    [
      'Budget',
      e(
        `${report.budget.maxSteps} steps, ${report.budget.timeoutSec} s; stopped by: ${report.budget.stoppedBy}`,
      ),
    ],
  ];
  if (env.pr)
    rows.push([
      'Pull request',
      safeLink(env.pr.url, `#${env.pr.number} ${env.pr.title}`) +
        (env.pr.headSha ? ` <code>${e(env.pr.headSha.slice(0, 12))}</code>` : ''),
    ]);
  if (env.ci?.runUrl) rows.push(['CI run', safeLink(env.ci.runUrl, env.ci.runUrl)]);
  if (env.ci?.artifactName) rows.push(['Artifact', `<code>${e(env.ci.artifactName)}</code>`]);
  rows.push(['Changed files', list(env.changedFiles, true)]);
  rows.push([
    'Tool',
    e(`${report.tool.name} ${report.tool.version}, report schema v${report.schemaVersion}`),
  ]);
  return `<section id="environment"><h2>Environment</h2><dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`;
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
  const title = env.pr ? `PR #${env.pr.number}: ${env.pr.title}` : env.url;
  const chips = [
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

  const coverage = `<section id="coverage"><h2>Coverage</h2><p><strong>Visited (${report.coverage.visited.length})</strong></p>${list(
    report.coverage.visited,
    true,
  )}<p><strong>Not covered (${report.coverage.notCovered.length})</strong></p>${list(report.coverage.notCovered, false)}</section>`;

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
<style>${CSS}${report.comparison ? COMPARISON_CSS : ''}</style>
</head>
<body>
<main>
<header class="hero r-${report.result}">
<span class="badge b-${report.result}" id="verdict" data-result="${report.result}">${RESULT_ICON[report.result]} ${label}</span>
<h1>${env.pr ? safeLink(env.pr.url, title) : e(title)}</h1>
<p class="summary">${e(report.summary)}</p>
<ul class="chips">${chips.map((c) => `<li>${e(c)}</li>`).join('')}</ul>
</header>
<nav class="toc"><a href="#criteria">Criteria</a><a href="#findings">Findings</a>${report.comparison ? '<a href="#comparison">Base vs PR</a>' : ''}<a href="#timeline">Timeline</a><a href="#coverage">Coverage</a><a href="#usage">Usage</a><a href="#timings">Timings</a><a href="#environment">Environment</a>${appLog ? '<a href="#app-log">App log</a>' : ''}</nav>
${criteriaSection(report.criteria)}
${findingsSection(report.findings, env.url)}
${comparisonSection(report, images, imageSrc, e)}
${timelineSection(report, images)}
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

/** The timeline section of `report.html`: each step's screenshot beside what was done. */
import type { Finding, Report, Step } from '../contract/index.js';
import { formatDuration, plural, shortUrl, truncate } from './format.js';
import { escapeHtml as e, imageSrc } from './html-parts.js';
import { targetOutline } from './html-target.js';

/** Longest snapshot excerpt shown; the JSON report has the rest. */
const MAX_SNAPSHOT = 20_000;

function stepItem(
  step: Step,
  images: Record<string, string>,
  findingsAt: readonly Finding[],
  baseUrl: string,
): string {
  const src = step.screenshot ? imageSrc(step.screenshot, images[step.screenshot]) : null;
  const image = step.screenshot ? images[step.screenshot] : undefined;
  const shot = src
    ? `<div class="frame"><img src="${e(src)}" alt="Screenshot after step ${step.index}">${targetOutline(step, image)}</div>`
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

/** Every step in order, each with the findings recorded at it. */
export function timelineSection(report: Report, images: Record<string, string>): string {
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

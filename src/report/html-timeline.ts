/** The timeline section of `report.html`: each step's screenshot beside what was done. */
import type { FixedFinding, Finding, Report, Step } from '../contract/index.js';
import { formatDuration, plural, shortUrl, truncate } from './format.js';
import { escapeHtml as e, imageSrc, zoomable } from './html-parts.js';
import { targetOutline } from './html-target.js';

/** Longest snapshot excerpt shown; the JSON report has the rest. */
const MAX_SNAPSHOT = 20_000;

/** What the run found at one step, and what it no longer finds there. */
interface AtStep {
  findings: readonly Finding[];
  fixed: readonly FixedFinding[];
}

/** The marks of a step: how many of its findings are new, preexisting or flaky, and fixed. */
function marks(at: AtStep): string {
  const counts = new Map<string, number>();
  for (const f of at.findings) {
    const kind = f.baseline ?? 'found';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (at.fixed.length) counts.set('fixed', at.fixed.length);
  const order = ['new', 'found', 'preexisting', 'flaky', 'fixed'];
  const items = order
    .filter((kind) => counts.has(kind))
    .map((kind) => {
      const n = counts.get(kind)!;
      const label = kind === 'found' ? plural(n, 'finding') : `${n} ${kind}`;
      return `<span class="mark m-${kind}" data-mark="${kind}">${e(label)}</span>`;
    });
  return items.length ? `<div class="marks">${items.join('')}</div>` : '';
}

function stepItem(
  step: Step,
  images: Record<string, string>,
  at: AtStep,
  baseUrl: string,
  omitted: ReadonlySet<string>,
  sizes: Record<string, { width: number; height: number }>,
): string {
  const findingsAt = at.findings;
  const src = step.screenshot ? imageSrc(step.screenshot, images[step.screenshot]) : null;
  const image = step.screenshot ? images[step.screenshot] : undefined;
  const missing =
    step.screenshot && omitted.has(step.screenshot)
      ? 'Picture left to the zip (size limit)'
      : step.screenshot
        ? 'Screenshot missing'
        : 'No screenshot';
  const shot = src
    ? zoomable(
        `shot-${step.index}`,
        `<div class="frame"><img src="${e(src)}" alt="Screenshot after step ${step.index}">${targetOutline(step, image, step.screenshot ? sizes[step.screenshot] : undefined)}</div>`,
        `step-${step.index}`,
      )
    : `<div class="noshot">${missing}</div>`;
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
  return `<li class="step${step.outcome === 'error' ? ' err' : ''}" id="step-${step.index}"><figure class="shot" id="shot-${step.index}">${shot}</figure><div class="what"><h3><span class="num">${step.index}</span><span>${e(
    step.description,
  )}</span></h3>${marks(at)}${step.code ? `<pre><code>${e(step.code)}</code></pre>` : ''}${
    step.error ? `<div class="error-box">${e(step.error)}</div>` : ''
  }${found}<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${
    step.snapshotExcerpt
      ? `<details><summary>Accessibility snapshot after this step</summary><pre>${e(truncate(step.snapshotExcerpt, MAX_SNAPSHOT))}</pre></details>`
      : ''
  }<span class="muted" style="font-size:12px">${e(shortUrl(step.url, baseUrl))} · ${e(step.startedAt)}</span></div></li>`;
}

/** The step a fixed finding belongs to: the first step on its page, or none. */
function fixedByStep(report: Report): Map<number, FixedFinding[]> {
  const out = new Map<number, FixedFinding[]>();
  for (const f of report.comparison?.fixed ?? []) {
    const step = report.steps.find((s) => f.url !== null && s.url === f.url);
    if (step) out.set(step.index, [...(out.get(step.index) ?? []), f]);
  }
  return out;
}

/** Every step in order, each with the findings recorded at it and its new/preexisting/fixed marks. */
export function timelineSection(
  report: Report,
  images: Record<string, string>,
  omitted: readonly string[] = [],
  sizes: Record<string, { width: number; height: number }> = {},
): string {
  if (report.steps.length === 0) {
    return `<section id="timeline"><h2>Timeline</h2><p class="muted">No steps were taken.</p></section>`;
  }
  const byStep = new Map<number, Finding[]>();
  for (const f of report.findings) {
    if (f.step === null) continue;
    byStep.set(f.step, [...(byStep.get(f.step) ?? []), f]);
  }
  const fixed = fixedByStep(report);
  const left = new Set(omitted);
  const items = report.steps.map((s) =>
    stepItem(
      s,
      images,
      { findings: byStep.get(s.index) ?? [], fixed: fixed.get(s.index) ?? [] },
      report.environment.url,
      left,
      sizes,
    ),
  );
  const legend = report.comparison?.baseReport
    ? `<p class="muted legend-marks">Marks: <span class="mark m-new">new</span> brought by this PR · <span class="mark m-preexisting">preexisting</span> also on the base · <span class="mark m-flaky">flaky</span> not seen again · <span class="mark m-fixed">fixed</span> on the base, gone here.</p>`
    : '';
  return `<section id="timeline"><h2>Timeline (${plural(report.steps.length, 'step')})</h2>${legend}<ol class="timeline">${items.join('')}</ol></section>`;
}

/** The usage and cost, timings and environment sections of `report.html`. */
import type { Report } from '../contract/index.js';
import { formatCount, formatDuration, formatUsd } from './format.js';
import { escapeHtml as e, list, safeLink } from './html-parts.js';

/** Model, tokens and estimated cost, or a note that exploration used no model. */
export function usageSection(report: Report): string {
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

/** Total time and a bar of how it split between app start, browser, steps and report. */
export function timingsSection(report: Report): string {
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

/** Mode, app, browser, runtime, budget, PR, CI run and changed files of the run. */
export function environmentSection(report: Report): string {
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
        `${report.budget.maxSteps} steps, ${report.budget.timeoutSec} s; stopped by: ${report.budget.stoppedBy}` +
          (report.budget.stopNote ? ` (${report.budget.stopNote})` : ''),
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

/** The acceptance-criteria and findings sections of `report.html`. */
import type { Criterion, Finding } from '../contract/index.js';
import { isAside } from './comparison-markdown.js';
import { formatCount, shortUrl, truncate } from './format.js';
import { escapeHtml as e, stepLink } from './html-parts.js';

/** Longest evidence shown; the JSON report has the rest. */
const MAX_EVIDENCE = 4_000;

/** Each criterion with its status, reason and the evidence quoted for it. */
export function criteriaSection(criteria: readonly Criterion[]): string {
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

/** The PR's own findings in a table, with preexisting and flaky ones collapsed beneath. */
export function findingsSection(findings: readonly Finding[], baseUrl: string): string {
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
  // data-label names each cell where a phone lays a row out as a card (no header row there).
  const rows = sorted.map(
    (f) =>
      `<tr id="finding-${e(f.id)}"><td data-label="Severity"><span class="pill s-${f.severity}">${e(f.severity)}</span>${
        f.baseline ? ` <span class="pill baseline">${e(f.baseline)}</span>` : ''
      }</td><td data-label="Finding">${e(f.title)}${
        f.count > 1 ? ` <span class="muted">×${formatCount(f.count)}</span>` : ''
      }</td><td class="opt" data-label="Check"><code>${e(f.check)}</code></td><td class="num-cell" data-label="Step">${stepLink(f.step)}</td><td class="opt" data-label="URL">${
        f.url ? `<code>${e(truncate(shortUrl(f.url, baseUrl), 200))}</code>` : '–'
      }</td><td class="evidence-cell" data-label="Evidence">${f.evidence ? `<pre>${e(truncate(f.evidence, MAX_EVIDENCE))}</pre>` : '–'}</td></tr>`,
  );
  return `<div class="table-wrap"><table><thead><tr><th>Severity</th><th>Finding</th><th class="opt">Check</th><th>Step</th><th class="opt">URL</th><th>Evidence</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table></div>`;
}

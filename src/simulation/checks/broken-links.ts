/**
 * Same-origin links whose probe answered 4xx/5xx. 404, 410 and 5xx are broken for anyone who
 * clicks; 401/403/405/429 may only mean the probe lacked rights, so they are warnings. Each href
 * is reported once, at the first step it was seen on.
 */
import type { Check, CheckFinding } from './types.js';

const CERTAINLY_BROKEN = (status: number): boolean =>
  status === 404 || status === 410 || status >= 500;

export const brokenLinks: Check = (steps) => {
  const seen = new Set<string>();
  const findings: CheckFinding[] = [];
  for (const { step, observation } of steps) {
    for (const link of observation.links) {
      if (link.status === null || link.status < 400 || seen.has(link.href)) continue;
      seen.add(link.href);
      const label = link.text ? `"${link.text}"` : '(no text)';
      findings.push({
        check: 'broken-link',
        severity: CERTAINLY_BROKEN(link.status) ? 'error' : 'warning',
        title: `Broken link ${label} → ${link.status}`,
        step: step.index,
        url: observation.url,
        evidence: `link ${label} href=${link.href} answered HTTP ${link.status}`,
      });
    }
  }
  return findings;
};

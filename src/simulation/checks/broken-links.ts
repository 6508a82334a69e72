/**
 * Same-origin links whose probe answered 4xx/5xx. 404, 410 and 5xx are broken for anyone who
 * clicks; 401/403/405/429 may only mean the probe lacked rights, so they are warnings. Each href
 * is reported once. It sits on the step where a person sees it broken: the step that followed
 * the link and landed on its error, when the run did; else the first step whose page holds it
 * (a link in the navigation is on every page from the first step on, and the probe found it
 * there long before the run clicked it).
 */
import type { RecordedStep } from '../recording.js';
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
        step: followedAt(steps, link.href, step.index) ?? step.index,
        url: observation.url,
        evidence: `link ${label} href=${link.href} answered HTTP ${link.status}`,
      });
    }
  }
  return findings;
};

/** The first step from `from` on that landed on `href` (fragment aside), if the run followed it. */
function followedAt(steps: readonly RecordedStep[], href: string, from: number): number | null {
  const target = withoutHash(href);
  const landed = steps.find(
    ({ step, observation }) => step.index >= from && withoutHash(observation.url) === target,
  );
  return landed?.step.index ?? null;
}

function withoutHash(url: string): string {
  const index = url.indexOf('#');
  return index === -1 ? url : url.slice(0, index);
}

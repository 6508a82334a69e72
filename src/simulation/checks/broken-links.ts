/**
 * Same-origin links whose probe answered 4xx/5xx. 404, 410 and 5xx are broken for anyone who
 * clicks; 401/403/405/429 may only mean the probe lacked rights, so they are warnings. Each href
 * is reported once; the evidence names the request that decided (HEAD, or the GET sent when
 * HEAD was refused). Links of one page that answered the same status are one problem seen
 * several times: one finding, with their number as its count. It sits on the step where a person
 * sees it broken: the step that followed the link and landed on its error, when the run did (a
 * single link); else the first step whose page holds it (a link in the navigation is on every
 * page from the first step on, and the probe found it there long before the run clicked it).
 */
import type { LinkEntry } from '../browser/driver.js';
import type { RecordedStep } from '../recording.js';
import type { Check, CheckFinding } from './types.js';

const CERTAINLY_BROKEN = (status: number): boolean =>
  status === 404 || status === 410 || status >= 500;

export const brokenLinks: Check = (steps) => {
  const seen = new Set<string>();
  const findings: CheckFinding[] = [];
  for (const { step, observation } of steps) {
    const groups = new Map<number, LinkEntry[]>();
    for (const link of observation.links) {
      if (link.status === null || link.status < 400 || seen.has(link.href)) continue;
      seen.add(link.href);
      groups.set(link.status, [...(groups.get(link.status) ?? []), link]);
    }
    for (const [status, links] of groups) {
      const first = links[0]!;
      findings.push({
        check: 'broken-link',
        severity: CERTAINLY_BROKEN(status) ? 'error' : 'warning',
        title:
          links.length === 1
            ? `Broken link ${label(first)} → ${status}`
            : `${links.length} broken links → ${status}, first ${label(first)}`,
        step:
          links.length === 1
            ? (followedAt(steps, first.href, step.index) ?? step.index)
            : step.index,
        url: observation.url,
        evidence: links.map(describe).join('\n'),
        ...(links.length > 1 ? { count: links.length } : {}),
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

function label(link: LinkEntry): string {
  return link.text ? `"${link.text}"` : '(no text)';
}

function describe(link: LinkEntry): string {
  const method = link.method ? ` to ${link.method}` : '';
  return `link ${label(link)} href=${link.href} answered HTTP ${link.status}${method}`;
}

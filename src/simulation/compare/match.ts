/**
 * Matching findings between the PR's head run and its merge base's run. Two findings are the
 * same problem when they come from the same check, on the same page template, with the same
 * message once the parts that change from run to run (numbers, ids, ports, hashes) are masked.
 * Never by step number: the base may reach the same page at another step.
 */
import type { Baseline, Finding, FixedFinding } from '../../contract/index.js';

/** The parts of a finding that identify the problem it names. */
export type FindingIdentity = Pick<Finding, 'check' | 'title' | 'url'>;

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** Content hashes and build ids: a long hex run with at least one digit. */
const HASH = /\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi;
/** Numbers, except an HTTP status after "HTTP " (a 500 and a 404 are different problems). */
const NUMBER = /(?<!HTTP \d*)\d+/g;

/** A message with what varies between runs masked: `localhost:41234/a.js:12` → `localhost:#/a.js:#`. */
export function normalizeMessage(text: string): string {
  return text
    .replace(UUID, '<id>')
    .replace(HASH, '<hash>')
    .replace(NUMBER, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The page a URL shows, as a template: `http://127.0.0.1:4100/notes/7?x=1` → `/notes/:id`. */
export function pageTemplate(url: string | null): string {
  if (!url) return '';
  try {
    const path = new URL(url).pathname;
    return path
      .split('/')
      .map((segment) =>
        /^\d+$/.test(segment) || /^[0-9a-f-]{16,}$/i.test(segment) ? ':id' : segment,
      )
      .join('/');
  } catch {
    return normalizeMessage(url);
  }
}

/** The key two runs' findings are matched by. */
export function findingKey(finding: FindingIdentity): string {
  return [finding.check, pageTemplate(finding.url), normalizeMessage(finding.title)].join('\u0000');
}

/** Head findings with their baseline, and what only the base showed. */
export interface Classification {
  findings: Finding[];
  fixed: FixedFinding[];
}

/**
 * Labels every head finding `new`, `preexisting` or `flaky` and lists the base findings the head
 * no longer shows (errors and warnings: info is context, not something a PR fixes).
 *
 * @param recheck findings of a second head run, or null when none ran: a finding that is new and
 *   absent from the re-check was seen once only, so it is `flaky`.
 */
export function classifyFindings(
  head: readonly Finding[],
  base: readonly Finding[],
  recheck: readonly Finding[] | null,
): Classification {
  const baseKeys = new Set(base.map(findingKey));
  const headKeys = new Set(head.map(findingKey));
  const recheckKeys = recheck ? new Set(recheck.map(findingKey)) : null;
  const findings = head.map((finding) => {
    const key = findingKey(finding);
    let baseline: Baseline = 'new';
    if (baseKeys.has(key)) baseline = 'preexisting';
    else if (recheckKeys && !recheckKeys.has(key)) baseline = 'flaky';
    return { ...finding, baseline };
  });
  const fixed = base
    .filter((finding) => finding.severity !== 'info' && !headKeys.has(findingKey(finding)))
    .map(({ check, severity, title, url, evidence }) => ({
      check,
      severity,
      title,
      url,
      evidence,
    }));
  return { findings, fixed: dedupe(fixed) };
}

function dedupe(fixed: FixedFinding[]): FixedFinding[] {
  const seen = new Set<string>();
  return fixed.filter((finding) => {
    const key = findingKey(finding);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

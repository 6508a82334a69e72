/**
 * Runs every deterministic check over the recorded steps and returns report findings: numbered
 * F1.., identical ones merged with a count, most severe first, then in step order.
 */
import type { Finding, Severity } from '../../contract/index.js';
import type { RecordedStep } from '../recording.js';
import { accessibility } from './accessibility.js';
import { blockedNavigation } from './blocked-navigation.js';
import { brokenImages } from './broken-images.js';
import { brokenLinks } from './broken-links.js';
import { consoleErrors } from './console-errors.js';
import { failedRequests } from './failed-requests.js';
import { observationGaps } from './observation-gaps.js';
import { pageErrors } from './page-errors.js';
import type { Check, CheckContext, CheckFinding } from './types.js';

export type { Check, CheckContext, CheckFinding } from './types.js';

/** Every check, in the order their findings are listed at equal severity and step. */
export const CHECKS: readonly Check[] = [
  pageErrors,
  consoleErrors,
  failedRequests,
  brokenLinks,
  brokenImages,
  accessibility,
  blockedNavigation,
  observationGaps,
];

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Runs all checks (or `checks`) and returns numbered, deduplicated, ordered findings. */
export function runChecks(
  steps: RecordedStep[],
  context: CheckContext,
  checks: readonly Check[] = CHECKS,
): Finding[] {
  const merged = new Map<string, { finding: CheckFinding; count: number; order: number }>();
  let order = 0;
  for (const check of checks) {
    for (const finding of check(steps, context)) {
      // The same message on several steps is one problem seen several times, not several problems.
      const key = JSON.stringify([
        finding.check,
        finding.severity,
        finding.title,
        finding.evidence,
      ]);
      const { count = 1, ...rest } = finding;
      const existing = merged.get(key);
      if (existing) existing.count += count;
      else merged.set(key, { finding: rest, count, order: order++ });
    }
  }
  return [...merged.values()]
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        (a.finding.step ?? Number.MAX_SAFE_INTEGER) - (b.finding.step ?? Number.MAX_SAFE_INTEGER) ||
        a.order - b.order,
    )
    .map(({ finding, count }, index) => ({ id: `F${index + 1}`, ...finding, count }));
}

/**
 * What could not be observed (a settle wait or a read of links and images that failed) says so,
 * as info: not measured must not read as nothing found. The same failure on every step is merged
 * into one finding with a count, so a page that breaks the wait is named once per run.
 */
import type { Check } from './types.js';

export const observationGaps: Check = (steps) =>
  steps.flatMap(({ step, observation }) =>
    (observation.gaps ?? []).map((gap) => ({
      check: 'observation',
      severity: 'info' as const,
      title: gap.title,
      step: step.index,
      url: observation.url,
      evidence: gap.reason,
    })),
  );

/** Uncaught exceptions (and renderer crashes) in the page: always errors. */
import type { Check } from './types.js';
import { oneLine } from './types.js';

export const pageErrors: Check = (steps) =>
  steps.flatMap(({ step, observation }) =>
    observation.events.pageErrors.map((entry) => {
      const frame = firstFrame(entry.stack);
      return {
        check: 'page-error',
        severity: 'error' as const,
        title: `Uncaught exception: ${oneLine(entry.message)}`,
        step: step.index,
        url: observation.url,
        evidence: frame ? `${entry.message}\n${frame}` : entry.message,
      };
    }),
  );

/** The first `at …` line of a V8 stack: where the exception was thrown. */
function firstFrame(stack: string | undefined): string | null {
  if (!stack) return null;
  const line = stack
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('at '));
  return line ?? null;
}

/**
 * Uncaught exceptions (and renderer crashes) in the page: errors when the app's own code threw
 * them. One thrown from another origin's script (the first stack frame says where) is a warning
 * that says so: a widget or an analytics script failing is not what the PR broke.
 */
import { originOfStack, thirdPartyReason } from './noise.js';
import type { Check } from './types.js';
import { oneLine } from './types.js';

export const pageErrors: Check = (steps, context) =>
  steps.flatMap(({ step, observation }) =>
    observation.events.pageErrors.map((entry) => {
      const frame = firstFrame(entry.stack);
      const noise = thirdPartyReason(originOfStack(entry.stack), context.allowedOrigins);
      const evidence = frame ? `${entry.message}\n${frame}` : entry.message;
      return {
        check: 'page-error',
        severity: noise ? ('warning' as const) : ('error' as const),
        title: `Uncaught exception: ${oneLine(entry.message)}`,
        step: step.index,
        url: observation.url,
        evidence: noise ? `${evidence}\nA warning, not an error: ${noise}.` : evidence,
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

/**
 * axe-core violations, one finding per rule per page. Serious and critical ones block real users
 * (an unlabeled button is silent to a screen reader), so they are warnings; the rest are info.
 * Never errors: accessibility debt predates most PRs and should not flip a verdict by itself.
 * An error page (a 404, the browser's own) is not judged: the link that led there is the finding.
 * A page axe could not check says so (info): not measured must not read as no violations.
 */
import type { RecordedStep } from '../recording.js';
import { isErrorPage, type Check, type CheckFinding } from './types.js';

export const accessibility: Check = (steps) => [
  ...violations(steps),
  ...steps
    .filter(({ observation }) => observation.accessibilityError && !isErrorPage(observation))
    .map(({ step, observation }) => ({
      check: 'accessibility',
      severity: 'info' as const,
      title: 'Accessibility not checked on this page: axe-core could not run',
      step: step.index,
      url: observation.url,
      evidence: observation.accessibilityError!,
    })),
];

function violations(steps: RecordedStep[]): CheckFinding[] {
  return steps.flatMap(({ step, observation }) =>
    (isErrorPage(observation) ? [] : observation.accessibility).map((violation) => ({
      check: 'accessibility',
      severity:
        violation.impact === 'serious' || violation.impact === 'critical'
          ? ('warning' as const)
          : ('info' as const),
      title: `Accessibility (${violation.id}): ${violation.help}`,
      step: step.index,
      url: observation.url,
      evidence:
        `${violation.id} [${violation.impact ?? 'unknown impact'}]: ${violation.help}` +
        (violation.nodes.length > 0 ? `\n${violation.nodes.join('\n')}` : ''),
    })),
  );
}

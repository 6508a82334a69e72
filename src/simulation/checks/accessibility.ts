/**
 * axe-core violations, one finding per rule per page. Serious and critical ones block real users
 * (an unlabeled button is silent to a screen reader), so they are warnings; the rest are info.
 * Never errors: accessibility debt predates most PRs and should not flip a verdict by itself.
 * An error page (a 404, the browser's own) is not judged: the link that led there is the finding.
 */
import { isErrorPage, type Check } from './types.js';

export const accessibility: Check = (steps) =>
  steps.flatMap(({ step, observation }) =>
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

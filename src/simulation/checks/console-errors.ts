/**
 * Console errors and warnings logged by the page. An error from the app's own code is a bug a
 * user may not see but a developer would want to know of. An error logged by another origin's
 * script, or a framework's development-mode warning printed as an error, is a warning: the PR's
 * author did not write it, and it says why. Plain warnings are context, so they are `info`.
 */
import { devWarningOf, originOfLocation, thirdPartyReason } from './noise.js';
import type { Check, CheckContext, CheckFinding } from './types.js';
import { oneLine } from './types.js';
import type { ConsoleEntry } from '../browser/driver.js';

/**
 * Chromium logs every failed resource load as a console error; the failed-requests check reports
 * those with the request's URL and status, so they are not reported twice.
 */
const RESOURCE_FAILURE = /^Failed to load resource: /;

export const consoleErrors: Check = (steps, context) => {
  const findings: CheckFinding[] = [];
  for (const { step, observation } of steps) {
    for (const entry of observation.events.console) {
      if (RESOURCE_FAILURE.test(entry.text)) continue;
      const isError = entry.type === 'error';
      const noise = isError ? noiseReason(entry, context) : null;
      const where = `console.${entry.type}: ${entry.text}${entry.location ? ` (at ${entry.location})` : ''}`;
      findings.push({
        check: isError ? 'console-error' : 'console-warning',
        severity: !isError ? 'info' : noise ? 'warning' : 'error',
        title: `Console ${isError ? 'error' : 'warning'}: ${oneLine(entry.text)}`,
        step: step.index,
        url: observation.url,
        evidence: noise ? `${where}\nA warning, not an error: ${noise}.` : where,
      });
    }
  }
  return findings;
};

function noiseReason(entry: ConsoleEntry, context: CheckContext): string | null {
  const framework = devWarningOf(entry.text);
  if (framework) return `a ${framework} development-mode warning, absent from production builds`;
  return thirdPartyReason(originOfLocation(entry.location), context.allowedOrigins);
}

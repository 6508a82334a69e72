/**
 * Console errors and warnings logged by the page. Errors are bugs a user may not see but a
 * developer would want to know of; warnings are context (framework dev warnings are noisy), so
 * they are `info`.
 */
import type { Check, CheckFinding } from './types.js';
import { oneLine } from './types.js';

/**
 * Chromium logs every failed resource load as a console error; the failed-requests check reports
 * those with the request's URL and status, so they are not reported twice.
 */
const RESOURCE_FAILURE = /^Failed to load resource: /;

export const consoleErrors: Check = (steps) => {
  const findings: CheckFinding[] = [];
  for (const { step, observation } of steps) {
    for (const entry of observation.events.console) {
      if (RESOURCE_FAILURE.test(entry.text)) continue;
      const isError = entry.type === 'error';
      findings.push({
        check: isError ? 'console-error' : 'console-warning',
        severity: isError ? 'error' : 'info',
        title: `Console ${isError ? 'error' : 'warning'}: ${oneLine(entry.text)}`,
        step: step.index,
        url: observation.url,
        evidence: `console.${entry.type}: ${entry.text}${entry.location ? ` (at ${entry.location})` : ''}`,
      });
    }
  }
  return findings;
};

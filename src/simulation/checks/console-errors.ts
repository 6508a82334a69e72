/**
 * Console errors and warnings logged by the page, classified by who wrote the code that logged
 * them (the message's source location). An error from the app's own code is a bug a user may not
 * see but a developer would want to know of. One logged by another origin's script, a
 * framework's development-mode warning, or a dependency's or vendored file's `console.error` in
 * a step with no visible failure (no uncaught exception, no failed request) is a warning that
 * says why: the PR's author did not write it. Uncaught exceptions and failed requests are other
 * checks and stay errors wherever they come from. Plain warnings are context, so they are `info`.
 */
import type { ConsoleEntry, Observation, StackFrame } from '../browser/driver.js';
import {
  authorFrame,
  dependencyReason,
  devWarningOf,
  frameDependencyReason,
  framePath,
  originOfLocation,
  thirdPartyReason,
} from './noise.js';
import type { Check, CheckContext, CheckFinding } from './types.js';
import { oneLine } from './types.js';

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
      // The frame that wrote the message, past any logging wrapper (an error tracker's console
      // hook is not who logged); without a stack, the message's location judges it.
      const author = entry.stack ? authorFrame(entry.stack, context.changedFiles) : undefined;
      const noise = isError ? noiseReason(entry, author, context, observation) : null;
      const where = `console.${entry.type}: ${entry.text}${locationOf(entry, author)}`;
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

function noiseReason(
  entry: ConsoleEntry,
  author: StackFrame | undefined,
  context: CheckContext,
  observation: Observation,
): string | null {
  const framework = devWarningOf(entry.text);
  if (framework) return `a ${framework} development-mode warning, absent from production builds`;
  const origin = author ? originOfLocation(author.url) : originOfLocation(entry.location);
  const foreign = thirdPartyReason(origin, context.allowedOrigins);
  if (foreign) return foreign;
  const dependency = author
    ? frameDependencyReason(author, context.changedFiles)
    : dependencyReason(entry.location, context.changedFiles);
  return dependency && !visibleFailure(observation)
    ? `${dependency}, and nothing failed visibly in this step`
    : null;
}

/**
 * Where the message was logged: its location, and the original file of the frame that wrote it
 * when a source map names one (a bundle's line says little).
 */
function locationOf(entry: ConsoleEntry, author: StackFrame | undefined): string {
  if (!entry.location) return '';
  const source = author?.source ? framePath(author) : null;
  const mapError = author?.sourceMapError
    ? `; its source map could not be read: ${author.sourceMapError}`
    : '';
  return ` (at ${entry.location}${source ? `, from ${source}` : ''}${mapError})`;
}

/** An uncaught exception or a failed same-origin request in the same step. */
function visibleFailure(observation: Observation): boolean {
  const { pageErrors, network } = observation.events;
  return (
    pageErrors.length > 0 ||
    network.some((n) => n.sameOrigin && (n.status === null || n.status >= 500))
  );
}

/**
 * Navigations outside the allowed origins, which the driver blocked. Following a visible link to
 * another site (docs, social) is expected and only `info`; the app leaving on its own (a redirect
 * or script, e.g. to an external login) is a `warning`, because it stops the run from testing
 * what is behind it.
 */
import type { Check, CheckFinding } from './types.js';

export const blockedNavigation: Check = (steps) => {
  const findings: CheckFinding[] = [];
  steps.forEach(({ step, observation }, position) => {
    // Links the user could have clicked: those seen before this action, and after it.
    const before = steps[position - 1]?.observation.links ?? [];
    const known = new Set([...before, ...observation.links].map((link) => link.href));
    for (const url of observation.events.blockedNavigations) {
      const intended = known.has(url) || step.action === 'navigate';
      findings.push({
        check: 'blocked-navigation',
        severity: intended ? 'info' : 'warning',
        title: intended
          ? `Navigation to another origin blocked: ${url}`
          : `The app tried to leave the allowed origins: ${url}`,
        step: step.index,
        url: observation.url,
        evidence: `blocked navigation to ${url} after step ${step.index} (${step.action})`,
      });
    }
  });
  return findings;
};

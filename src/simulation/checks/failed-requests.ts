/**
 * Requests that failed outright or answered 4xx/5xx. Severity follows what a user would suffer:
 * a server error or an app API/document that cannot be reached is an error; a missing asset or a
 * 4xx from the app's API (often validation or auth, sometimes intended) is a warning; anything
 * from a third-party origin is only info, since the app's own code is not at fault.
 */
import type { NetworkEntry } from '../browser/driver.js';
import type { Severity } from '../../contract/index.js';
import type { Check } from './types.js';

const DATA_REQUESTS = new Set(['fetch', 'xhr', 'document', 'eventsource', 'websocket']);

export const failedRequests: Check = (steps) => {
  const broken = brokenLinkTargets(steps);
  return steps.flatMap(({ step, observation }) =>
    observation.events.network
      .filter((entry) => !(entry.resourceType === 'document' && broken.has(entry.url)))
      .map((entry) => ({
        check: entry.status === null ? 'failed-request' : 'http-error',
        severity: severityOf(entry),
        title:
          entry.status === null
            ? `Request failed: ${entry.method} ${pathOf(entry.url)} (${entry.failure ?? 'no response'})`
            : `HTTP ${entry.status} from ${entry.method} ${pathOf(entry.url)}`,
        step: step.index,
        url: observation.url,
        evidence:
          `${entry.method} ${entry.url} → ${entry.status ?? entry.failure ?? 'failed'} ` +
          `(${entry.resourceType}${entry.sameOrigin ? '' : ', third-party'})`,
      })),
  );
};

/**
 * Pages that links already found broken lead to: opening one is the same problem as the broken
 * link (one cause, one finding), so its document request is not reported again.
 */
function brokenLinkTargets(steps: Parameters<Check>[0]): Set<string> {
  return new Set(
    steps.flatMap(({ observation }) =>
      observation.links
        .filter((link) => link.status !== null && link.status >= 400)
        .map((link) => link.href.split('#')[0] ?? link.href),
    ),
  );
}

function severityOf(entry: NetworkEntry): Severity {
  if (!entry.sameOrigin) return 'info';
  // Browsers ask for /favicon.ico on their own; a missing one is not worth a warning.
  if (pathOf(entry.url) === '/favicon.ico') return 'info';
  if (entry.status === null) return DATA_REQUESTS.has(entry.resourceType) ? 'error' : 'warning';
  if (entry.status >= 500) return 'error';
  return 'warning';
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/**
 * Shared shapes of the deterministic checks: each check is a pure function over the recorded
 * steps that returns findings without ids; `runChecks` numbers and deduplicates them.
 */
import type { Finding } from '../../contract/index.js';
import type { Observation } from '../browser/driver.js';
import type { RecordedStep } from '../recording.js';

/**
 * A finding as a check produces it: `runChecks` assigns the id and the count (a check may give
 * the count itself when it groups several occurrences of one cause into one finding).
 */
export type CheckFinding = Omit<Finding, 'id' | 'count'> & { count?: number };

export interface CheckContext {
  /** Origins the run was allowed to visit (the app's, plus configured extras). */
  allowedOrigins: string[];
  /** Paths the change touched: a file among them is the app's own code, wherever it lies. */
  changedFiles?: readonly string[];
}

/** A deterministic check. Pure: same steps in, same findings out. */
export type Check = (steps: RecordedStep[], context: CheckContext) => CheckFinding[];

/** Shortens `text` to `max` characters on one line, for titles. */
export function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * True when the page shown is an error page: the document answered HTTP 400 or more, or the
 * browser shows its own error page (the load failed). Checks of a page's quality (accessibility,
 * images) do not judge such a page: what is wrong is the link or request that led there.
 */
export function isErrorPage(observation: Pick<Observation, 'url' | 'documentStatus'>): boolean {
  return observation.url.startsWith('chrome-error:') || (observation.documentStatus ?? 0) >= 400;
}

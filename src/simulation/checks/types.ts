/**
 * Shared shapes of the deterministic checks: each check is a pure function over the recorded
 * steps that returns findings without ids; `runChecks` numbers and deduplicates them.
 */
import type { Finding } from '../../contract/index.js';
import type { RecordedStep } from '../recording.js';

/** A finding as a check produces it: `runChecks` assigns the id and the count. */
export type CheckFinding = Omit<Finding, 'id' | 'count'>;

export interface CheckContext {
  /** Origins the run was allowed to visit (the app's, plus configured extras). */
  allowedOrigins: string[];
}

/** A deterministic check. Pure: same steps in, same findings out. */
export type Check = (steps: RecordedStep[], context: CheckContext) => CheckFinding[];

/** Shortens `text` to `max` characters on one line, for titles. */
export function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

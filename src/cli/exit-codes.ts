/**
 * The CLI's exit codes (documented in the README): scripts and CI steps branch on them.
 */
import type { Result } from '../contract/index.js';

export const EXIT = {
  pass: 0,
  fail: 1,
  inconclusive: 2,
  error: 3,
  /** Bad flags or input: nothing ran. */
  usage: 64,
  /** A bug in the tool itself. */
  internal: 70,
} as const;

/** Exit code for a finished run's result. */
export function exitCodeFor(result: Result): number {
  return EXIT[result];
}

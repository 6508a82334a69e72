/** What the walk covered: pages reached, controls exercised, and what it left out with why. */
import { displayPath } from './rules.js';
import type { ControlBook } from './walk-controls.js';
import type { Frontier } from './walk-frontier.js';
import type { ExploreResult, ExploreStop } from './walk-state.js';

/** The walk's result: pages visited, what was not covered, and the coverage counts. */
export function walkResult(
  stoppedBy: ExploreStop,
  frontier: Frontier,
  book: ControlBook,
  visited: readonly string[],
  stopNote?: string,
): ExploreResult {
  const pages = [...frontier.pages.values()];
  const notVisited = pages
    .filter((page) => !page.visited && !page.done)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((page) => `Page ${displayPath(page.key)} (not visited)`);
  const controls = [...book.controls.values()];
  // A control tried in an earlier round and not again in the last one was exercised all the same.
  const tried = (c: (typeof controls)[number]): boolean => c.tried || c.triedEarlier === true;
  const pending = controls.filter((c) => !tried(c)).map((c) => `${c.label} (not tried)`);
  const reached = pages.filter((page) => page.visited || page.done).length;
  return {
    stoppedBy,
    ...(stopNote ? { stopNote } : {}),
    visited: [...visited],
    notCovered: [...notVisited, ...pending, ...book.skipped.values()],
    coverage: {
      interactive: pages.length + controls.length,
      exercised: reached + controls.filter(tried).length,
    },
  };
}

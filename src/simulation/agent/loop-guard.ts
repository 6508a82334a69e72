/**
 * The loop guard: the same call on the same page, again and again, is a loop. Repetition is
 * counted per target (`click button "Save"`) and per page state, so the same action on a page
 * that has changed since starts afresh; the first time a target reaches the limit the model is
 * warned, and repeating it after that warning ends the run.
 */

/** Repeats of one call on one page state that earn a warning. */
export const LOOP_REPEATS = 3;

export type LoopVerdict =
  { kind: 'ok' } | { kind: 'warn'; note: string } | { kind: 'stop'; note: string };

export class LoopGuard {
  private page = '';
  private counts = new Map<string, number>();
  private warned = new Set<string>();

  constructor(private readonly limit = LOOP_REPEATS) {}

  /** The page the model now sees (its compact view): a different page resets every count. */
  seePage(view: string | null): void {
    const key = view ?? '';
    if (key === this.page) return;
    this.page = key;
    this.counts.clear();
    this.warned.clear();
  }

  /** Judges one call on `target` against the page the model last saw. */
  judge(target: string): LoopVerdict {
    const count = (this.counts.get(target) ?? 0) + 1;
    this.counts.set(target, count);
    if (this.warned.has(target))
      return { kind: 'stop', note: `the same call was repeated after a warning (${target})` };
    if (count < this.limit) return { kind: 'ok' };
    this.warned.add(target);
    return {
      kind: 'warn',
      note: `Warning: you have now done this ${count} times on this page (${target}). Doing it again ends the run. Try something different, or call finish and mark what you cannot test as blocked.`,
    };
  }
}

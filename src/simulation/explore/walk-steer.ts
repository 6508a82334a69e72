/**
 * Steering the walk by change coverage: after each action it reads how much of the diff's
 * changed code has run; while some has not and budget remains, "nothing left to try" starts a new
 * round over the controls in the states earlier actions left the app in (an item added, completed
 * or selected, a panel opened), instead of finishing. A round that ran no new changed line and
 * found no new control ends the walk: more rounds would repeat it.
 */
import type { PageElement } from './elements.js';
import type { ControlBook } from './walk-controls.js';
import type { ChangeReading, ExploreStop } from './walk-state.js';

/** Changed functions named in the stop note before "and N more". */
const MAX_NAMED = 5;

const STOP_WORDS: Record<ExploreStop, string> = {
  finished: 'nothing left to try',
  steps: 'the step budget was spent',
  time: 'the time budget was spent',
};

/** What the walk knows about the change's code so far, and whether to go round again. */
export class ChangeSteer {
  private reading: ChangeReading | null = null;
  private error: string | null = null;
  private rounds = 0;
  private roundStart = { ran: 0, controls: 0, steps: 0 };

  constructor(private readonly read?: () => Promise<ChangeReading>) {}

  /** Reads what ran after an action; a control whose action ran changed code is marked hot. */
  async afterAction(book: ControlBook, element?: PageElement): Promise<void> {
    if (!this.read || this.error !== null) return;
    try {
      this.reading = await this.read();
    } catch (error) {
      // Said in the stop note; the report's change coverage is measured at the end regardless.
      this.error = (error as Error).message;
      return;
    }
    if (element && this.reading.newlyRan > 0) book.markHot(element);
  }

  /** Changed lines (and files of unknown lines) that have not run yet; 0 without readings. */
  private left(): number {
    const r = this.reading;
    return r ? r.executable - r.ran + r.unknownFiles.length : 0;
  }

  /**
   * True when the walk should go round again instead of finishing: changed code has not run, and
   * the last round (if any) ran some or found new controls. Starts the round on the book.
   */
  revisit(book: ControlBook, steps: number): boolean {
    if (this.error !== null || this.left() <= 0) return false;
    const ran = this.reading?.ran ?? 0;
    const controls = book.controls.size;
    if (this.rounds > 0) {
      const start = this.roundStart;
      const progressed = ran > start.ran || controls > start.controls;
      if (!progressed || steps === start.steps) return false;
    }
    this.rounds += 1;
    this.roundStart = { ran, controls, steps };
    book.startRound();
    return true;
  }

  /** Why the walk stopped, with what it knows of the changed code; undefined when it knows nothing. */
  note(stoppedBy: ExploreStop): string | undefined {
    if (!this.read) return undefined;
    const why = STOP_WORDS[stoppedBy];
    const again =
      this.rounds > 0 ? ` (after revisiting the controls ${plural(this.rounds, 'time')})` : '';
    if (this.error !== null) {
      return `${why}; change coverage could not be read during the walk (${this.error})`;
    }
    const r = this.reading;
    if (!r || (r.executable === 0 && r.unknownFiles.length === 0)) return undefined;
    const missing = r.executable - r.ran;
    if (missing === 0 && r.unknownFiles.length === 0) {
      return `changed code ran (all ${plural(r.executable, 'changed line')}); then ${why}${again}`;
    }
    const parts = [
      `${why}${again}: ${missing} of ${plural(r.executable, 'changed line')} never ran in the browser`,
    ];
    if (r.functionsNotRun.length > 0) {
      const named = r.functionsNotRun.slice(0, MAX_NAMED).join(', ');
      const more = r.functionsNotRun.length - MAX_NAMED;
      parts.push(`never called: ${named}${more > 0 ? ` and ${more} more` : ''}`);
    }
    if (r.unknownFiles.length > 0)
      parts.push(`not loaded by any page: ${r.unknownFiles.join(', ')}`);
    return parts.join('; ');
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The walk's options, result, and the state it keeps per page and per control. */
/** Options of the exploration. */
export interface ExploreOptions {
  /** Where the app runs; its origin is the only one the walk follows links on. */
  baseUrl: string;
  /** Changed file paths: pages and elements whose names match them go first. */
  changedFiles: string[];
  maxSteps: number;
  /** Epoch ms after which no further action starts. */
  deadline: number;
  /** Origins the browser may be on (the app's plus configured extras). */
  allowedOrigins: string[];
  /** Aborting stops the walk before its next action, like reaching the deadline. */
  signal?: AbortSignal;
  /** The clock checked against `deadline` (tests move it instead of waiting). */
  now?: () => number;
  /**
   * Reads, after each action, how much of the diff's changed code has run so far. With it, the
   * walk does not finish while changed code has not run and budget remains: it revisits the
   * controls in the states its actions made, and prefers those near controls that ran changed code.
   */
  changeProgress?: () => Promise<ChangeReading>;
}

/** The browser side's change coverage so far (see `ExploreOptions.changeProgress`). */
export interface ChangeReading {
  /** Changed executable lines known so far. */
  executable: number;
  ran: number;
  /** Lines that ran for the first time in this reading. */
  newlyRan: number;
  /** Changed code files whose executable lines are not known yet. */
  unknownFiles: string[];
  /** Changed functions that have not run yet, as `name (file)`. */
  functionsNotRun: string[];
}

/** Why the walk stopped: nothing left, or a budget (steps, time) spent. */
export type ExploreStop = 'finished' | 'steps' | 'time';

/** How much of what the walk saw it exercised: pages and controls, each counted once. */
export interface ExploreCoverage {
  /** Pages discovered plus distinct controls seen (those skipped on purpose not counted). */
  interactive: number;
  /** Pages visited plus controls exercised. */
  exercised: number;
}

/** What the walk reached, and what it left out. */
export interface ExploreResult {
  stoppedBy: ExploreStop;
  /** Why it stopped in words, with the changed code it did or did not run (when it knows). */
  stopNote?: string;
  /** Pages (URLs) reached, in order of first visit. */
  visited: string[];
  /** Pages and elements discovered but not exercised, each with why. */
  notCovered: string[];
  coverage: ExploreCoverage;
}

/** A page (URL) the walk discovered. */
export interface PageState {
  key: string;
  score: number;
  /** Discovery order: the tie-breaker. */
  order: number;
  template: string;
  visited: boolean;
  /** Every element on it has been tried or skipped (or going there led elsewhere). */
  done: boolean;
  scrolled: boolean;
}

/** A control seen on some page, under its identity (see `identity`). */
export interface Control {
  label: string;
  /** Steps taken when it was first seen: what an action revealed comes after what was there. */
  generation: number;
  tried: boolean;
  /** Exercised in an earlier round (the walk revisits controls while changed code has not run). */
  triedEarlier?: boolean;
}

/** Roles a person fills in or chooses in, before pressing a form's button. */
export const FIELD_ROLES = new Set([
  'textbox',
  'searchbox',
  'spinbutton',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
]);
/** Roles that take typed text. */
export const TEXT_ROLES = new Set(['textbox', 'searchbox']);

/** Thrown by `act` when a budget is spent: unwinds the walk to report what it covered. */
export class BudgetSpent extends Error {
  constructor(readonly reason: Exclude<ExploreStop, 'finished'>) {
    super(reason);
  }
}

/** A control's accessible name in quotes, or a note that it has none. */
export function quoted(name: string): string {
  return name ? `"${name}"` : '(no accessible name)';
}

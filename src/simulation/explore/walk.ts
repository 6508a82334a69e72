/**
 * The deterministic exploration: what runs when there is no model key. A bounded walk over the
 * app that a careful tester would recognise: open the app, go first to the pages and controls the
 * change touched, fill fields with plausible values and submit them (a submit button, else
 * Enter), toggle, choose, explore what an action revealed (a new list item, an opened panel or
 * dialog) breadth-first, close dialogs, scroll for lazy content, follow links and hash routes on
 * the same origin, and leave destructive buttons alone. Same app and same diff → same steps in
 * the same order, so two runs of a PR can be compared.
 */
import type { BrowserAction, BrowserSession } from '../browser/driver.js';
import { EMPTY_TREE, type PageTree } from '../page/index.js';
import type { StepRecorder } from '../recording.js';
import { closeMove, insideDialog, isCloser } from './dialogs.js';
import { changeTokens, relevance, type ChangeTokens } from './priority.js';
import {
  displayPath,
  fieldSkipReason,
  isControlLink,
  linkTarget,
  pageKey,
  pageTemplate,
  skipReason,
} from './rules.js';
import { sampleValue } from './sample-values.js';
import { interactiveElements, openDialogs, pageWords, type PageElement } from './elements.js';

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
}

export type ExploreStop = 'finished' | 'steps' | 'time';

/** How much of what the walk saw it exercised: pages and controls, each counted once. */
export interface ExploreCoverage {
  /** Pages discovered plus distinct controls seen (those skipped on purpose not counted). */
  interactive: number;
  /** Pages visited plus controls exercised. */
  exercised: number;
}

export interface ExploreResult {
  stoppedBy: ExploreStop;
  /** Pages (URLs) reached, in order of first visit. */
  visited: string[];
  /** Pages and elements discovered but not exercised, each with why. */
  notCovered: string[];
  coverage: ExploreCoverage;
}

interface PageState {
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
interface Control {
  label: string;
  /** Steps taken when it was first seen: what an action revealed comes after what was there. */
  generation: number;
  tried: boolean;
}

const FIELD_ROLES = new Set([
  'textbox',
  'searchbox',
  'spinbutton',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
]);
const TEXT_ROLES = new Set(['textbox', 'searchbox']);

/** Thrown by `act` when a budget is spent: unwinds the walk to report what it covered. */
class BudgetSpent extends Error {
  constructor(readonly reason: Exclude<ExploreStop, 'finished'>) {
    super(reason);
  }
}

/** Runs the bounded, deterministic exploration and reports what it covered. */
export async function explore(
  session: BrowserSession,
  recorder: StepRecorder,
  options: ExploreOptions,
): Promise<ExploreResult> {
  return new Walk(session, recorder, options).run();
}

function quoted(name: string): string {
  return name ? `"${name}"` : '(no accessible name)';
}

function roleLabel(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

class Walk {
  private readonly origin: string;
  private readonly tokens: ChangeTokens;
  private readonly now: () => number;
  private readonly pages = new Map<string, PageState>();
  private readonly visited: string[] = [];
  private readonly controls = new Map<string, Control>();
  private readonly skipped = new Map<string, string>();
  /** Open dialogs → close attempts so far; forgotten once the dialog is gone. */
  private readonly closing = new Map<string, number>();
  private words: string[] = [];
  /**
   * Set when a click failed because something covers the page: the generation of the controls
   * that appeared last (the overlay's), explored and closed like a dialog's.
   */
  private overlay: number | null = null;
  private steps = 0;

  constructor(
    private readonly session: BrowserSession,
    private readonly recorder: StepRecorder,
    private readonly options: ExploreOptions,
  ) {
    this.origin = new URL(options.baseUrl).origin;
    this.tokens = changeTokens(options.changedFiles);
    this.now = options.now ?? Date.now;
  }

  async run(): Promise<ExploreResult> {
    // Checked before the first action, so nothing is done in a browser the walk cannot read.
    if (!this.session.pageTree) {
      throw new Error('the exploration needs a browser that reads the page tree');
    }
    const start = pageKey(this.options.baseUrl);
    this.discoverPage(start, '');
    try {
      await this.act({ kind: 'navigate', url: this.options.baseUrl }, `Open ${displayPath(start)}`);
      for (;;) {
        const page = this.arrive();
        const tree = page ? await this.readPage() : EMPTY_TREE;
        const elements = interactiveElements(tree);
        if (page) {
          this.words = pageWords(tree);
          this.discover(page, elements);
          if (await this.step(page, elements)) continue;
          page.done = true;
        }
        const target = this.nextPage(false);
        if (!target) return this.result('finished');
        await this.goTo(target, elements);
      }
    } catch (error) {
      if (error instanceof BudgetSpent) return this.result(error.reason);
      throw error;
    }
  }

  /**
   * One move on the current page, in a tester's order: an open dialog first; then what the
   * change touched here; then a page the change touched elsewhere; then the rest of this page;
   * then one scroll for lazy content. False when the page has nothing left.
   */
  private async step(page: PageState, elements: PageElement[]): Promise<boolean> {
    const dialogs = openDialogs(elements);
    for (const known of [...this.closing.keys()]) {
      if (!dialogs.includes(known)) this.closing.delete(known);
    }
    const dialog = dialogs.find((d) => (this.closing.get(d) ?? 0) < 3);
    if (dialog !== undefined) {
      if (await this.workDialog(page, dialog, elements)) return true;
    } else if (this.overlay !== null) {
      // A modal without a dialog role: what the last action revealed covers the rest.
      const key = `overlay@${this.overlay}`;
      const inside = elements.filter((e) => this.generationOf(page, e) >= (this.overlay ?? 0));
      if (await this.workDialog(page, key, inside, inside)) return true;
      this.overlay = null;
    }
    const inDialog = (e: PageElement): boolean => e.dialog !== undefined;
    const outside = dialog === undefined ? elements.filter((e) => !inDialog(e)) : elements;
    const relevant = this.nextElement(page, outside, true);
    if (relevant)
      return this.exercise(page, this.fieldsFirst(page, relevant, outside), outside).then(
        () => true,
      );
    const next = this.nextElement(page, outside, false);
    // Leave for a page the change touched only while this one still has work (else it is done).
    const elsewhere = next ? this.nextPage(true) : null;
    if (elsewhere && elsewhere !== page) return this.goTo(elsewhere, elements).then(() => true);
    if (next) return this.exercise(page, next, outside).then(() => true);
    if (!page.scrolled) {
      page.scrolled = true;
      if (await this.session.canScroll?.()) {
        await this.act({ kind: 'scroll' }, `Scroll to the end of ${displayPath(page.key)}`);
        return true;
      }
    }
    return false;
  }

  /** Explores the open dialog's controls, then closes it; false when it is left open. */
  private async workDialog(
    page: PageState,
    dialog: string,
    elements: PageElement[],
    inside = insideDialog(elements, dialog),
  ): Promise<boolean> {
    const work = inside.filter((e) => !isCloser(e));
    const next = this.nextElement(page, work, true) ?? this.nextElement(page, work, false);
    if (next) {
      await this.exercise(page, next, inside);
      return true;
    }
    const attempts = this.closing.get(dialog) ?? 0;
    const move = closeMove(inside, attempts);
    this.closing.set(dialog, move ? attempts + 1 : 3);
    if (!move) return false;
    if (move.kind === 'escape') {
      this.overlay = null;
      await this.act({ kind: 'press', key: 'Escape' }, 'Press Escape to close the dialog');
      return true;
    }
    this.markTried(page, move.element);
    this.overlay = null;
    await this.act(
      { kind: 'click', ref: move.element.ref },
      `Click button ${quoted(move.element.name)} to close the dialog`,
    );
    return true;
  }

  /**
   * The page as it is now. A page that cannot be read (closed, crashed, mid-navigation) offers
   * nothing to act on, like an empty page: the walk goes on elsewhere, and the step's own
   * observation records what the page showed.
   */
  private async readPage(): Promise<PageTree> {
    try {
      // `run` refused a session without it before the first action.
      return (await this.session.pageTree?.()) ?? EMPTY_TREE;
    } catch {
      return EMPTY_TREE;
    }
  }

  /** Throws BudgetSpent when no further action may start. */
  private checkBudget(): void {
    if (this.steps >= this.options.maxSteps) throw new BudgetSpent('steps');
    if (this.options.signal?.aborted || this.now() >= this.options.deadline) {
      throw new BudgetSpent('time');
    }
  }

  /**
   * Records one action, unless a budget is spent. A native dialog it opened (already dismissed
   * by the driver) is recorded right after it as its own step, with its text.
   */
  private async act(action: BrowserAction, description: string): Promise<boolean> {
    this.checkBudget();
    this.steps += 1;
    const recorded = await this.recorder.record(action, description);
    for (const dialog of recorded.result.dialogs ?? []) {
      this.steps += 1;
      await this.recorder.record(
        { kind: 'dialog', dialogType: dialog.type, message: dialog.message },
        `Native ${dialog.type} dialog "${dialog.message}" dismissed`,
      );
    }
    return recorded.result.ok;
  }

  /** The app page the browser is on (registered as visited), or null when it is off the app. */
  private arrive(): PageState | null {
    const url = this.session.currentUrl();
    if (linkTarget(url, url, this.origin) === null) return null;
    const key = pageKey(url);
    const page = this.pages.get(key) ?? this.discoverPage(key, '');
    if (!page.visited) {
      page.visited = true;
      this.visited.push(key);
    }
    return page;
  }

  private discoverPage(key: string, linkName: string): PageState {
    const score = relevance(`${displayPath(key)} ${linkName}`, this.tokens);
    const existing = this.pages.get(key);
    if (existing) {
      existing.score = Math.max(existing.score, score);
      return existing;
    }
    const page: PageState = {
      key,
      score,
      order: this.pages.size,
      template: pageTemplate(key),
      visited: false,
      done: false,
      scrolled: false,
    };
    this.pages.set(key, page);
    return page;
  }

  /**
   * A control's identity: where it is (its containers and landmarks), its role and name. Controls
   * in a banner, navigation or footer are the same on every page; others belong to their document.
   */
  private identity(page: PageState, element: PageElement): string {
    // The document, not the hash route: `#/active` shows the same controls as `#/`, and a deep
    // link a click writes into the hash (`#/pets/showPet`) is state, not a new set of controls.
    const scope = element.shared ? '(shared)' : page.key.split('#')[0];
    return `${scope}|${element.container}|${element.role}|${element.name}`;
  }

  private describe(page: PageState, element: PageElement): string {
    const where = element.dialog !== undefined ? ' in a dialog' : '';
    return `${roleLabel(element.role)} ${quoted(element.name)}${where} on ${displayPath(page.key)}`;
  }

  /** Why an element is left alone, or null. */
  private skipWhy(element: PageElement): string | null {
    if (element.role === 'link' && !isControlLink(element.url)) return skipReason(element);
    const reason = skipReason(element) ?? fieldSkipReason(element);
    if (reason) return reason;
    // An editor or field that already holds text is kept, not prefixed with junk.
    if (TEXT_ROLES.has(element.role) && element.value?.trim()) return 'kept its content';
    return null;
  }

  /** Registers the pages a page links to and the controls it offers. */
  private discover(page: PageState, elements: PageElement[]): void {
    const here = this.session.currentUrl();
    for (const element of elements) {
      const id = this.identity(page, element);
      const reason = this.skipWhy(element);
      if (reason) {
        if (!this.skipped.has(id) && !this.controls.has(id)) {
          this.skipped.set(id, `${this.describe(page, element)} (skipped: ${reason})`);
        }
        continue;
      }
      if (element.role === 'link' && !isControlLink(element.url)) {
        const target = linkTarget(element.url ?? '', here, this.origin);
        if (target) this.discoverPage(target, element.name);
        continue;
      }
      if (element.disabled || this.controls.has(id)) continue;
      this.controls.set(id, {
        label: this.describe(page, element),
        generation: this.steps,
        tried: false,
      });
    }
  }

  private generationOf(page: PageState, element: PageElement): number {
    return this.controls.get(this.identity(page, element))?.generation ?? 0;
  }

  /** After a control failed because something covers it, explore and close the cover first. */
  private noteCovered(ok: boolean): void {
    const error = this.recorder.steps.at(-1)?.step.error ?? '';
    if (ok || !/covered by another element/.test(error)) return;
    const generations = [...this.controls.values()].map((c) => c.generation);
    this.overlay = generations.length > 0 ? Math.max(...generations) : null;
  }

  private markTried(page: PageState, element: PageElement): void {
    const control = this.controls.get(this.identity(page, element));
    if (control) control.tried = true;
  }

  /**
   * The next control to exercise among `elements`: with `relevantOnly`, only those the change
   * touched. What was on the page before comes before what an action revealed (breadth-first);
   * within that, fields first, top to bottom as a person fills a form (so it is complete before
   * it is submitted), then buttons and the like, the most relevant to the change first.
   */
  private nextElement(
    page: PageState,
    elements: PageElement[],
    relevantOnly: boolean,
  ): PageElement | null {
    const score = (e: PageElement): number => relevance(e.name, this.tokens);
    const candidates = elements.filter((e) => {
      const control = this.controls.get(this.identity(page, e));
      return (
        control !== undefined && !control.tried && !e.disabled && (!relevantOnly || score(e) > 0)
      );
    });
    const generation = (e: PageElement): number => this.generationOf(page, e);
    const isField = (e: PageElement): boolean => FIELD_ROLES.has(e.role);
    candidates.sort((a, b) => {
      if (generation(a) !== generation(b)) return generation(a) - generation(b);
      // Collapsing a panel hides its controls, "Cancel" abandons what was just started: open
      // and carry things through first, collapse and cancel them last.
      const last = (e: PageElement): boolean => !!e.expanded || isCloser(e);
      if (last(a) !== last(b)) return last(a) ? 1 : -1;
      if (isField(a) !== isField(b)) return isField(a) ? -1 : 1;
      if (isField(a)) return a.order - b.order;
      return score(b) - score(a) || a.order - b.order;
    });
    return candidates[0] ?? null;
  }

  /** A form's fields are filled before its relevant button is pressed. */
  private fieldsFirst(page: PageState, chosen: PageElement, elements: PageElement[]): PageElement {
    if (FIELD_ROLES.has(chosen.role)) return chosen;
    const field = elements.find(
      (e) =>
        FIELD_ROLES.has(e.role) &&
        !e.disabled &&
        e.container === chosen.container &&
        this.controls.get(this.identity(page, e))?.tried === false,
    );
    return field ?? chosen;
  }

  private async exercise(
    page: PageState,
    element: PageElement,
    around: PageElement[],
  ): Promise<void> {
    // Checked before marking it tried, so an element the budget cut off is reported as such.
    this.checkBudget();
    this.markTried(page, element);
    const { ref, role, name } = element;
    const label = `${role} ${quoted(name)}`;
    switch (role) {
      case 'checkbox':
      case 'switch': {
        // A click, not check(): apps often re-render the item on toggle, and check() would then
        // wait for a state change on an element that is gone.
        const checked = element.checked !== true;
        await this.act({ kind: 'click', ref }, `${checked ? 'Check' : 'Uncheck'} ${label}`);
        return;
      }
      case 'radio':
        // Choosing the option that is already chosen would test nothing.
        if (element.checked === true) return;
        await this.act({ kind: 'check', ref, checked: true }, `Choose ${label}`);
        return;
      case 'combobox':
      case 'listbox': {
        const option = element.options.find((o) => !o.selected && o.name);
        if (element.options.length > 0) {
          if (option) {
            await this.act(
              { kind: 'select', ref, values: [option.name] },
              `Select "${option.name}" in ${label}`,
            );
          }
          return;
        }
        await this.fill(page, element, around);
        return;
      }
      case 'textbox':
      case 'searchbox':
      case 'spinbutton':
        await this.fill(page, element, around);
        return;
      default:
        this.noteCovered(await this.act({ kind: 'click', ref }, `Click ${label}`));
    }
  }

  /**
   * Fills a field, then submits it with Enter when nothing else would: a lone field with no
   * button beside it (a todo input, a search box), or the last field of a form that has no
   * submit button.
   */
  private async fill(page: PageState, element: PageElement, around: PageElement[]): Promise<void> {
    const { ref, role, name } = element;
    const label = `${role} ${quoted(name)}`;
    const value = sampleValue(element, this.words);
    const filled = await this.act({ kind: 'fill', ref, value }, `Fill ${label} with "${value}"`);
    if (!filled || !TEXT_ROLES.has(role)) return;
    const info = await this.session.fieldInfo?.(ref);
    if (!info || info.hasSubmit) return;
    const otherFields = around.some(
      (e) =>
        e !== element &&
        TEXT_ROLES.has(e.role) &&
        e.container === element.container &&
        this.controls.get(this.identity(page, e))?.tried === false,
    );
    if (info.inForm && otherFields) return;
    await this.act({ kind: 'press', key: 'Enter', ref }, `Press Enter in ${label}`);
  }

  /**
   * The next page to go to: with `relevantOnly`, only unvisited pages the change touched. A new
   * kind of page before another of a kind already seen (one note page says most of what the next
   * one would), then the most relevant to the change, then the first discovered.
   */
  private nextPage(relevantOnly: boolean): PageState | null {
    const seenTemplates = new Set(
      [...this.pages.values()].filter((p) => p.visited).map((p) => p.template),
    );
    const novelty = (page: PageState): number =>
      !page.visited && seenTemplates.has(page.template) ? 1 : 0;
    // Only a new kind of page the change touched may interrupt the page at hand.
    const candidates = [...this.pages.values()].filter(
      (page) =>
        !page.done && (!relevantOnly || (page.score > 0 && novelty(page) === 0 && !page.visited)),
    );
    candidates.sort((a, b) => novelty(a) - novelty(b) || b.score - a.score || a.order - b.order);
    return candidates[0] ?? null;
  }

  /** Goes to `target`: through a link on this page when there is one (as a person would). */
  private async goTo(target: PageState, elements: PageElement[]): Promise<void> {
    const here = this.session.currentUrl();
    const link = elements.find(
      (element) =>
        element.role === 'link' &&
        !element.disabled &&
        !skipReason(element) &&
        linkTarget(element.url ?? '', here, this.origin) === target.key,
    );
    // A failed click (hidden link, stale ref) falls back to opening the page directly.
    const clicked = link
      ? await this.act({ kind: 'click', ref: link.ref }, `Click link ${quoted(link.name)}`)
      : false;
    if (!clicked) {
      await this.act({ kind: 'navigate', url: target.key }, `Open ${displayPath(target.key)}`);
    }
    // Redirected elsewhere (or unreachable): do not keep coming back to it.
    if (pageKey(this.session.currentUrl()) !== target.key) target.done = true;
  }

  private result(stoppedBy: ExploreStop): ExploreResult {
    const pages = [...this.pages.values()];
    const notVisited = pages
      .filter((page) => !page.visited && !page.done)
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .map((page) => `Page ${displayPath(page.key)} (not visited)`);
    const controls = [...this.controls.values()];
    const pending = controls.filter((c) => !c.tried).map((c) => `${c.label} (not tried)`);
    const reached = pages.filter((page) => page.visited || page.done).length;
    return {
      stoppedBy,
      visited: [...this.visited],
      notCovered: [...notVisited, ...pending, ...this.skipped.values()],
      coverage: {
        interactive: pages.length + controls.length,
        exercised: reached + controls.filter((c) => c.tried).length,
      },
    };
  }
}

/**
 * The deterministic exploration: what runs when there is no model key. A bounded walk over the
 * app that a careful tester would recognise: open the app, go first to the pages and controls the
 * change touched, fill fields with plausible values and submit them (a submit button, else
 * Enter), toggle, choose, explore what an action revealed (a new list item, an opened panel or
 * dialog) breadth-first, close dialogs, scroll for lazy content, follow links and hash routes on
 * the same origin, and leave destructive buttons alone. With change coverage read after each
 * action (see walk-steer.ts), it does not finish while changed code has not run: it goes round
 * the controls again in the states its actions made. Same app and same diff → same steps in the
 * same order, so two runs of a PR can be compared.
 */
import type { BrowserAction, BrowserSession } from '../browser/driver.js';
import { EMPTY_TREE, type PageTree } from '../page/index.js';
import type { StepRecorder } from '../recording.js';
import { closeMove, insideDialog, isCloser } from './dialogs.js';
import { changeTokens, type ChangeTokens } from './priority.js';
import {
  destructiveIconReason,
  displayPath,
  inPageFragment,
  isIconOnly,
  linkTarget,
  pageKey,
  skipReason,
} from './rules.js';
import {
  interactiveElements,
  mainText,
  openDialogs,
  pageWords,
  reachable,
  type PageElement,
} from './elements.js';
import { ControlBook } from './walk-controls.js';
import { walkResult } from './walk-coverage.js';
import { exercise, type WalkHands } from './walk-exercise.js';
import { Frontier } from './walk-frontier.js';
import { ChangeSteer } from './walk-steer.js';
import {
  BudgetSpent,
  quoted,
  type ExploreOptions,
  type ExploreResult,
  type ExploreStop,
  type PageState,
} from './walk-state.js';

export type {
  ChangeReading,
  ExploreCoverage,
  ExploreOptions,
  ExploreResult,
  ExploreStop,
} from './walk-state.js';

/** Runs the bounded, deterministic exploration and reports what it covered. */
export async function explore(
  session: BrowserSession,
  recorder: StepRecorder,
  options: ExploreOptions,
): Promise<ExploreResult> {
  return new Walk(session, recorder, options).run();
}

class Walk implements WalkHands {
  private readonly origin: string;
  private readonly tokens: ChangeTokens;
  private readonly now: () => number;
  private readonly frontier: Frontier;
  private readonly visited: string[] = [];
  readonly book: ControlBook;
  /** Open dialogs → close attempts so far; forgotten once the dialog is gone. */
  private readonly closing = new Map<string, number>();
  words: string[] = [];
  /**
   * Set when a click failed because something covers the page: the generation of the controls
   * that appeared last (the overlay's), explored and closed like a dialog's.
   */
  private overlay: number | null = null;
  private steps = 0;
  /** `document#name` of every in-page link seen: an anchor, or a route the app renders. */
  private readonly fragments = new Map<string, 'anchor' | 'route'>();
  /** The main content when the page was last read: a fragment route that changes it is a page. */
  private lastMain = '';
  /** Values the walk typed: a list item holding one is an item the walk created. */
  private readonly typed: string[] = [];
  private readonly steer: ChangeSteer;

  constructor(
    readonly session: BrowserSession,
    private readonly recorder: StepRecorder,
    private readonly options: ExploreOptions,
  ) {
    this.origin = new URL(options.baseUrl).origin;
    this.tokens = changeTokens(options.changedFiles);
    this.frontier = new Frontier(this.tokens);
    this.book = new ControlBook(this.tokens);
    this.now = options.now ?? Date.now;
    this.steer = new ChangeSteer(options.changeProgress);
  }

  async run(): Promise<ExploreResult> {
    const start = pageKey(this.options.baseUrl);
    this.frontier.discoverPage(start, '');
    try {
      await this.act({ kind: 'navigate', url: this.options.baseUrl }, `Open ${displayPath(start)}`);
      for (;;) {
        const here = this.session.currentUrl();
        const tree =
          linkTarget(here, here, this.origin) !== null ? await this.readPage() : EMPTY_TREE;
        const page = this.arrive(tree);
        const elements = interactiveElements(tree);
        // What a person can act on now; what slid off the page still shows where links lead.
        const inReach = reachable(elements);
        if (page) {
          this.words = pageWords(tree);
          const fragmentRoutes = await this.fragmentRoutes(page, elements);
          this.book.blocked = await this.destructiveIcons(elements);
          this.book.discover(
            page,
            elements,
            { here, origin: this.origin, generation: this.steps, fragmentRoutes },
            (key, name) => this.frontier.discoverPage(key, name),
          );
          if (await this.step(page, inReach)) continue;
          page.done = true;
        }
        const target = this.frontier.nextPage(false);
        if (target) {
          await this.goTo(target, inReach);
        } else if (this.steer.revisit(this.book, this.steps)) {
          for (const known of this.frontier.pages.values()) if (known.visited) known.done = false;
        } else {
          return this.walkResult('finished');
        }
      }
    } catch (error) {
      if (error instanceof BudgetSpent) return this.walkResult(error.reason);
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
      const inside = elements.filter((e) => this.book.generationOf(page, e) >= (this.overlay ?? 0));
      if (await this.workDialog(page, key, inside, inside)) return true;
      this.overlay = null;
    }
    const inDialog = (e: PageElement): boolean => e.dialog !== undefined;
    const outside = dialog === undefined ? elements.filter((e) => !inDialog(e)) : elements;
    const relevant = this.book.nextElement(page, outside, true);
    if (relevant)
      return exercise(this, page, this.book.fieldsFirst(page, relevant, outside), outside).then(
        () => true,
      );
    const next = this.book.nextElement(page, outside, false);
    // Leave for a page the change touched only while this one still has work (else it is done).
    const elsewhere = next ? this.frontier.nextPage(true) : null;
    if (elsewhere && elsewhere !== page) return this.goTo(elsewhere, elements).then(() => true);
    if (next) return exercise(this, page, next, outside).then(() => true);
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
    const next =
      this.book.nextElement(page, work, true) ?? this.book.nextElement(page, work, false);
    if (next) {
      await exercise(this, page, next, inside);
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
    this.book.markTried(page, move.element);
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
      return await this.session.pageTree();
    } catch {
      return EMPTY_TREE;
    }
  }

  /** Throws BudgetSpent when no further action may start. */
  checkBudget(): void {
    if (this.steps >= this.options.maxSteps) throw new BudgetSpent('steps');
    if (this.options.signal?.aborted || this.now() >= this.options.deadline) {
      throw new BudgetSpent('time');
    }
  }

  /**
   * Records one action, unless a budget is spent. A native dialog it opened (already dismissed
   * by the driver) is recorded right after it as its own step, with its text.
   */
  async act(action: BrowserAction, description: string, element?: PageElement): Promise<boolean> {
    this.checkBudget();
    this.steps += 1;
    if (action.kind === 'fill' && action.value.trim().length >= 3)
      this.typed.push(action.value.trim());
    const recorded = await this.recorder.record(action, description);
    for (const dialog of recorded.result.dialogs ?? []) {
      this.steps += 1;
      await this.recorder.record(
        { kind: 'dialog', dialogType: dialog.type, message: dialog.message },
        `Native ${dialog.type} dialog "${dialog.message}" dismissed`,
      );
    }
    await this.steer.afterAction(this.book, element);
    return recorded.result.ok;
  }

  /**
   * Icon-only controls (`✖`, a trash can) whose class, test id or title says they delete, on an
   * item the walk did not create: ref → why they are left alone.
   */
  private async destructiveIcons(elements: PageElement[]): Promise<Map<string, string>> {
    const blocked = new Map<string, string>();
    if (!this.session.controlHints) return blocked;
    for (const element of elements.filter(isIconOnly)) {
      const hints = await this.session.controlHints(element.ref);
      const reason = hints ? destructiveIconReason(hints, this.typed) : null;
      if (reason) blocked.set(element.ref, reason);
    }
    return blocked;
  }

  /**
   * The fragments of this page's `#name` links that no element answers to: routes the app renders
   * (a wiki's `#Getting-started`), not anchors. Decided once per document and name, so the walk
   * does not change its mind between runs or steps; a page that cannot be asked keeps them all
   * as anchors (left alone, listed as not covered).
   */
  private async fragmentRoutes(page: PageState, elements: PageElement[]): Promise<Set<string>> {
    const doc = page.key.split('#')[0] ?? page.key;
    const names = [
      ...new Set(elements.flatMap((e) => (e.role === 'link' ? [inPageFragment(e.url)] : []))),
    ].filter((name): name is string => name !== null && !this.fragments.has(`${doc}#${name}`));
    if (names.length > 0) {
      const present = new Set(
        (await this.session.fragmentTargets?.(names).catch(() => names)) ?? names,
      );
      // `#top` scrolls to the top of any page, with or without such an element.
      for (const name of names) {
        this.fragments.set(
          `${doc}#${name}`,
          present.has(name) || name === 'top' ? 'anchor' : 'route',
        );
      }
    }
    const routes = new Set<string>();
    for (const [key, kind] of this.fragments) {
      if (kind === 'route' && key.startsWith(`${doc}#`)) routes.add(key.slice(doc.length + 1));
    }
    return routes;
  }

  /**
   * The app page the browser is on (registered as visited), or null when it is off the app. A
   * fragment route whose click changed the main content is a page of its own (`/#Guide`).
   */
  private arrive(tree: PageTree): PageState | null {
    const url = this.session.currentUrl();
    if (linkTarget(url, url, this.origin) === null) return null;
    const main = mainText(tree);
    const changed = main !== this.lastMain;
    this.lastMain = main;
    const fragment = inPageFragment(new URL(url).hash);
    const doc = pageKey(url);
    const routeKey = fragment !== null ? `${doc.split('#')[0]}#${fragment}` : null;
    const isRoutePage =
      routeKey !== null &&
      this.fragments.get(routeKey) === 'route' &&
      (changed || this.frontier.pages.has(routeKey));
    const key = isRoutePage && routeKey ? routeKey : doc;
    const page = this.frontier.pages.get(key) ?? this.frontier.discoverPage(key, '');
    if (!page.visited) {
      page.visited = true;
      this.visited.push(key);
    }
    return page;
  }

  /** After a control failed because something covers it, explore and close the cover first. */
  noteCovered(ok: boolean): void {
    const error = this.recorder.steps.at(-1)?.step.error ?? '';
    if (ok || !/covered by another element/.test(error)) return;
    const generations = [...this.book.controls.values()].map((c) => c.generation);
    this.overlay = generations.length > 0 ? Math.max(...generations) : null;
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

  private walkResult(stoppedBy: ExploreStop): ExploreResult {
    return walkResult(
      stoppedBy,
      this.frontier,
      this.book,
      this.visited,
      this.steer.note(stoppedBy),
    );
  }
}

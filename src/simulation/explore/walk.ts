/**
 * The deterministic exploration: what runs when there is no model key. A bounded walk over the
 * app that a careful tester would recognise: open the app, go first to the pages the change
 * touched, fill fields with plausible values, toggle, choose, submit, follow links on the same
 * origin, and leave destructive buttons alone. Same app and same diff → same steps in the same
 * order, so two runs of a PR can be compared.
 */
import type { BrowserAction, BrowserSession } from '../browser/driver.js';
import type { StepRecorder } from '../recording.js';
import { changeTokens, relevance, type ChangeTokens } from './priority.js';
import { displayPath, linkTarget, pageKey, pageTemplate, skipReason } from './rules.js';
import { sampleValue } from './sample-values.js';
import { interactiveElements, type PageElement } from './snapshot.js';

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

export interface ExploreResult {
  stoppedBy: ExploreStop;
  /** Pages (URLs) reached, in order of first visit. */
  visited: string[];
  /** Pages and elements discovered but not exercised, each with why. */
  notCovered: string[];
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
  private readonly tried = new Set<string>();
  /** Elements seen and not yet exercised: signature → how the report names them. */
  private readonly pending = new Map<string, string>();
  private readonly skipped = new Map<string, string>();
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
    const start = pageKey(this.options.baseUrl);
    this.discoverPage(start, '');
    try {
      await this.act({ kind: 'navigate', url: start }, `Open ${displayPath(start)}`);
      for (;;) {
        const page = this.arrive();
        const elements = page ? interactiveElements(await this.session.snapshot()) : [];
        if (page) {
          this.discover(page, elements);
          const next = this.nextElement(page, elements);
          if (next) {
            await this.exercise(page, next);
            continue;
          }
          page.done = true;
        }
        const target = this.nextPage();
        if (!target) return this.result('finished');
        await this.goTo(target, elements);
      }
    } catch (error) {
      if (error instanceof BudgetSpent) return this.result(error.reason);
      throw error;
    }
  }

  /** Throws BudgetSpent when no further action may start. */
  private checkBudget(): void {
    if (this.steps >= this.options.maxSteps) throw new BudgetSpent('steps');
    if (this.options.signal?.aborted || this.now() >= this.options.deadline) {
      throw new BudgetSpent('time');
    }
  }

  /** Records one action, unless a budget is spent. */
  private async act(action: BrowserAction, description: string): Promise<boolean> {
    this.checkBudget();
    this.steps += 1;
    const recorded = await this.recorder.record(action, description);
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
    };
    this.pages.set(key, page);
    return page;
  }

  private signature(page: PageState, element: PageElement): string {
    return `${page.key}|${element.role}|${element.name}`;
  }

  private describe(page: PageState, element: PageElement): string {
    return `${roleLabel(element.role)} ${quoted(element.name)} on ${displayPath(page.key)}`;
  }

  /** Registers the pages a page links to and the elements it offers. */
  private discover(page: PageState, elements: PageElement[]): void {
    const here = this.session.currentUrl();
    for (const element of elements) {
      const signature = this.signature(page, element);
      const reason = skipReason(element);
      if (element.role === 'link') {
        const target = linkTarget(element.url ?? '', here, this.origin);
        if (!target) continue;
        if (reason) {
          if (!this.skipped.has(signature)) {
            this.skipped.set(signature, `${this.describe(page, element)} (skipped: ${reason})`);
          }
          continue;
        }
        this.discoverPage(pageKey(target), element.name);
        continue;
      }
      if (reason) {
        if (!this.skipped.has(signature)) {
          this.skipped.set(signature, `${this.describe(page, element)} (skipped: ${reason})`);
        }
      } else if (!this.tried.has(signature) && !this.pending.has(signature)) {
        this.pending.set(signature, `${this.describe(page, element)} (not tried)`);
      }
    }
  }

  /**
   * Fields first, top to bottom as a person fills a form (so it is complete before it is
   * submitted), then buttons and the like, the most relevant to the change first.
   */
  private nextElement(page: PageState, elements: PageElement[]): PageElement | null {
    const candidates = elements.filter(
      (element) =>
        element.role !== 'link' &&
        !element.disabled &&
        !skipReason(element) &&
        !this.tried.has(this.signature(page, element)),
    );
    const isField = (element: PageElement): boolean => FIELD_ROLES.has(element.role);
    candidates.sort((a, b) => {
      if (isField(a) !== isField(b)) return isField(a) ? -1 : 1;
      if (isField(a)) return a.order - b.order;
      return relevance(b.name, this.tokens) - relevance(a.name, this.tokens) || a.order - b.order;
    });
    return candidates[0] ?? null;
  }

  private async exercise(page: PageState, element: PageElement): Promise<void> {
    // Checked before marking it tried, so an element the budget cut off is reported as such.
    this.checkBudget();
    const signature = this.signature(page, element);
    this.tried.add(signature);
    this.pending.delete(signature);
    const { ref, role, name } = element;
    const label = `${role} ${quoted(name)}`;
    switch (role) {
      case 'checkbox':
      case 'switch': {
        const checked = element.checked !== true;
        await this.act(
          { kind: 'check', ref, checked },
          `${checked ? 'Check' : 'Uncheck'} ${label}`,
        );
        return;
      }
      case 'radio':
        // Choosing the option that is already chosen would test nothing.
        if (element.checked === true) return;
        await this.act({ kind: 'check', ref, checked: true }, `Choose ${label}`);
        return;
      case 'combobox':
      case 'listbox': {
        if (element.options.length > 0) {
          const option = element.options.find((o) => !o.selected && o.name);
          if (!option) return;
          await this.act(
            { kind: 'select', ref, values: [option.name] },
            `Select "${option.name}" in ${label}`,
          );
          return;
        }
        const value = sampleValue(element);
        await this.act({ kind: 'fill', ref, value }, `Fill ${label} with "${value}"`);
        return;
      }
      case 'textbox':
      case 'searchbox':
      case 'spinbutton': {
        const value = sampleValue(element);
        await this.act({ kind: 'fill', ref, value }, `Fill ${label} with "${value}"`);
        return;
      }
      default:
        await this.act({ kind: 'click', ref }, `Click ${label}`);
    }
  }

  /**
   * The next page to go to: a new kind of page before another of a kind already seen (one note
   * page says most of what the next one would), then the most relevant to the change, then the
   * first discovered.
   */
  private nextPage(): PageState | null {
    const seenTemplates = new Set(
      [...this.pages.values()].filter((p) => p.visited).map((p) => p.template),
    );
    const novelty = (page: PageState): number =>
      !page.visited && seenTemplates.has(page.template) ? 1 : 0;
    const candidates = [...this.pages.values()].filter((page) => !page.done);
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
    const pages = [...this.pages.values()]
      .filter((page) => !page.visited && !page.done)
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .map((page) => `Page ${displayPath(page.key)} (not visited)`);
    return {
      stoppedBy,
      visited: [...this.visited],
      notCovered: [...pages, ...this.pending.values(), ...this.skipped.values()],
    };
  }
}

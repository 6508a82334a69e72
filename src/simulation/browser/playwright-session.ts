/**
 * One browser session: holds navigation to the allowed origins, follows popups in the same page,
 * dismisses native dialogs, acts on snapshot refs while recording the equivalent locator code,
 * and observes the page after each step (optionally deferring the slow parts to the next one).
 *
 * Origin policy: only top-level documents (a page's main frame, popups included) are held to
 * `allowedOrigins`; subresources and iframes from other origins may load, because real apps pull
 * fonts, scripts and embeds from CDNs and blocking them would report false bugs. A blocked
 * navigation is aborted as `aborted` (the page stays where it was) and recorded.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from './playwright-api.js';
import { actionCode, explainError, isAriaRef, staleRef } from './action-code.js';
import type {
  ActionResult,
  BrowserAction,
  ScriptCoverage,
  BrowserInfo,
  BrowserSession,
  ControlHints,
  FieldInfo,
  LaunchOptions,
  NativeDialog,
  Observation,
  ObservationGap,
  ObserveOptions,
  StepPhases,
  ViewImage,
} from './driver.js';
import type { PageTree } from '../page/tree.js';
import { actOn, pageCanScroll, readControlHints, readFieldInfo } from './playwright-actions.js';
import { PageCoverage } from './playwright-coverage.js';
import { EventRecorder } from './playwright-events.js';
import { LinkProber } from './playwright-page-extras.js';
import { StepObserver } from './playwright-step-observer.js';
import { frameOf, isTopLevelNavigation, originOf } from './playwright-origins.js';
import {
  DOM_SETTLE_MAX_MS,
  firstLine,
  readPageTree,
  releaseDomWait,
  viewportJpeg,
  waitForDomQuiet,
} from './playwright-page.js';

const ACTION_TIMEOUT_MS = 5_000;
/** Dev servers compile a page on first hit; a navigation gets longer than a click. */
const NAVIGATION_TIMEOUT_MS = 30_000;
/** After an action, wait at most this long for the network and DOM to settle. */
const SETTLE_MS = 1_500;
/** No request in flight for this long counts as settled (a click's fetch starts well within it). */
const QUIET_MS = 150;

/** An action's target resolved from its ref: the element and its locator, or why it cannot be. */
interface Resolved {
  target?: Locator;
  locator?: string;
  error?: string;
}

export class PlaywrightSession implements BrowserSession {
  private readonly recorder: EventRecorder;
  private readonly allowed: Set<string>;
  private readonly prober: LinkProber;
  private readonly observer: StepObserver;
  private readonly popups: Array<Promise<void>> = [];
  private closed: Promise<{ tracePath: string | null }> | null = null;
  /** The element the last action targeted, marked on the step's screenshot. */
  private actedOn: Locator | null = null;
  /** Why the page can no longer be used (crashed, browser gone, closed); null while usable. */
  private unavailable: string | null = null;
  /** Native dialogs opened since the current action started (already dismissed). */
  private dialogs: NativeDialog[] = [];
  /** Precise JavaScript coverage, when collected (see playwright-coverage.ts). */
  private coverage: PageCoverage | null = null;
  /** Where the current action's time goes (ms). */
  private phases: StepPhases = {};
  /** What failed while settling since the last observation (handed to the next one). */
  private gaps: ObservationGap[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private readonly page: Page,
    readonly info: BrowserInfo,
    private readonly options: LaunchOptions,
  ) {
    this.allowed = new Set(options.allowedOrigins.map(originOf).filter((o): o is string => !!o));
    this.prober = new LinkProber(
      async (url) => (await context.cookies(url)).map((c) => `${c.name}=${c.value}`).join('; '),
      (url) => this.isAllowed(url),
    );
    this.recorder = new EventRecorder((url) => this.isAllowed(url));
    this.observer = new StepObserver(page, options.outDir, this.prober, this.recorder, () => {
      const actedOn = this.actedOn;
      this.actedOn = null;
      return actedOn;
    });
  }

  async init(): Promise<void> {
    const { page, context } = this;
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    await mkdir(join(this.options.outDir, 'screenshots'), { recursive: true });

    await this.holdNavigations();
    // Precise coverage for the whole session: every navigation of this page (popups are followed
    // in it), so change coverage can say which changed lines ran.
    if (this.options.collectCoverage) {
      this.coverage = await PageCoverage.start(context, page, (url) => this.isAllowed(url));
    }

    this.recorder.listen(page, context);
    await this.recorder.stacks.listen(page, context);
    page.on('crash', () => {
      this.unavailable = 'The page crashed (renderer process died).';
      this.recorder.events.pageErrors.push({ message: this.unavailable });
    });
    // An unanswered dialog freezes the page: dismiss it at once (never accept a confirm() on the
    // tester's behalf) and hand its text to the action's result, so it is recorded as a step.
    page.on('dialog', (dialog) => {
      this.dialogs.push({ type: dialog.type(), message: dialog.message() });
      void dialog.dismiss().catch(() => undefined);
    });
    // A link opening a new tab: follow it in the same page, as a tester keeping one window would.
    // (page 'popup', not context 'page': axe opens its own helper page in the context.)
    page.on('popup', (popup) => {
      this.popups.push(this.followPopup(popup));
    });
    this.browser.on('disconnected', () => {
      this.unavailable ??= 'The browser closed unexpectedly.';
    });
  }

  /** Aborts top-level navigations to origins that are not allowed, and records them. */
  private async holdNavigations(): Promise<void> {
    await this.context.route('**/*', async (route) => {
      const request = route.request();
      if (isTopLevelNavigation(request) && !this.isAllowed(request.url())) {
        this.recorder.aborted.add(request);
        this.recorder.events.blockedNavigations.push(request.url());
        await route.abort('aborted').catch(() => undefined);
        // A new tab that may only go elsewhere has nothing to show: close it now.
        const opener = frameOf(request)?.page();
        if (opener && opener !== this.page) await opener.close().catch(() => undefined);
        return;
      }
      await route.fallback().catch(() => undefined);
    });
  }

  private async followPopup(popup: Page): Promise<void> {
    // Bounded: a popup blocked by the origin policy is closed by the route handler, ending this wait.
    await popup
      .waitForURL(/^https?:/, { waitUntil: 'commit', timeout: ACTION_TIMEOUT_MS })
      .catch(() => undefined);
    const url = popup.url();
    await popup.close().catch(() => undefined);
    if (/^https?:/.test(url) && this.isAllowed(url)) {
      await this.page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
    }
  }

  /** Waits for popups opened so far (and any they open) to be followed. */
  private async drainPopups(): Promise<void> {
    while (this.popups.length > 0) await Promise.all(this.popups.splice(0));
  }

  private isAllowed(url: string): boolean {
    const origin = originOf(url);
    return origin !== null && this.allowed.has(origin);
  }

  currentUrl(): string {
    return this.page.url();
  }

  async perform(action: BrowserAction): Promise<ActionResult> {
    const start = performance.now();
    // The target resolves while the last step's page reads finish: both only read the page.
    const resolving = this.resolveTarget(action);
    // Only the last step's page reads must finish first; its link probes need not.
    await this.observer.settleLast();
    const waited = performance.now();
    const resolved = await resolving;
    // What the resolution added to the step beyond the wait (0 when the wait covered it).
    this.phases = {
      waitedMs: Math.round(waited - start),
      ...(resolved.target ? { resolveMs: Math.round(performance.now() - waited) } : {}),
    };
    this.dialogs = [];
    const result = await this.performAction(action, resolved);
    const dialogs = this.dialogs.splice(0);
    return dialogs.length > 0 ? { ...result, dialogs } : result;
  }

  /**
   * The element an action names by ref, and its locator for the step's code. Normalized before
   * acting: the action may rename or remove the element, and its ref with it.
   */
  private async resolveTarget(action: BrowserAction): Promise<Resolved> {
    const ref = 'ref' in action ? action.ref : undefined;
    if (ref === undefined || this.unavailable) return {};
    if (!isAriaRef(ref)) {
      return {
        error: `"${ref}" is not a snapshot ref (refs look like e12). Use a [ref=…] from the latest snapshot.`,
      };
    }
    const target = this.page.getByRef(ref);
    try {
      return { target, locator: (await target.normalize()).toString() };
    } catch {
      return { error: staleRef(ref) };
    }
  }

  /** Runs `work`, adding its time to the current action's phase `name`. */
  private async timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.phases[name] = (this.phases[name] ?? 0) + Math.round(performance.now() - start);
    }
  }

  private async performAction(action: BrowserAction, resolved: Resolved): Promise<ActionResult> {
    if (this.unavailable) return { ok: false, error: this.unavailable, code: actionCode(action) };
    if (resolved.error) return { ok: false, error: resolved.error, code: actionCode(action) };
    const { target, locator } = resolved;
    try {
      if (action.kind === 'navigate') return await this.navigate(action.url);
      const code = actionCode(action, locator);
      this.actedOn = target ?? null;
      await this.timed('actionMs', () => actOn(this.page, action, target));
      await this.settle();
      return { ok: true, code, ...(locator ? { locator } : {}) };
    } catch (error) {
      await this.settle();
      return {
        ok: false,
        error: explainError(action, error),
        code: actionCode(action, locator),
        ...(locator ? { locator } : {}),
      };
    }
  }

  private async navigate(raw: string): Promise<ActionResult> {
    let url: string;
    try {
      url = new URL(raw, this.baseUrl()).toString();
    } catch {
      return {
        ok: false,
        error: `"${raw}" is not a valid URL.`,
        code: actionCode({ kind: 'navigate', url: raw }),
      };
    }
    const code = actionCode({ kind: 'navigate', url });
    if (!this.isAllowed(url)) {
      this.recorder.events.blockedNavigations.push(url);
      return {
        ok: false,
        error: `Navigation to ${url} was blocked: only ${[...this.allowed].join(', ')} may be visited.`,
        code,
      };
    }
    try {
      await this.timed('actionMs', () => this.page.goto(url, { waitUntil: 'domcontentloaded' }));
      await this.settle();
      return { ok: true, code };
    } catch (error) {
      return { ok: false, error: explainError({ kind: 'navigate', url }, error), code };
    }
  }

  private baseUrl(): string {
    const current = this.page.url();
    if (/^https?:/.test(current)) return current;
    return [...this.allowed][0] ?? 'http://localhost/';
  }

  /**
   * Bounded wait for the page to settle: popups followed, load, then a short network idle and a
   * quiet DOM, waited for side by side.
   */
  private async settle(): Promise<void> {
    await this.timed('settleMs', () => this.settleNow());
  }

  private async settleNow(): Promise<void> {
    await this.drainPopups();
    const deadline = Date.now() + SETTLE_MS;
    const left = (): number => Math.max(deadline - Date.now(), 1);
    await this.page.waitForLoadState('load', { timeout: left() }).catch(() => undefined);
    // The DOM is watched while the network quietens and released when it has (in turn, the two
    // windows added up on every step): it ends with the DOM quiet at the end of both. A watch
    // ended early (a navigation) is followed by another once the network is quiet, as before.
    const event = `settle-${randomUUID()}`;
    const watch = this.domQuiet(left(), { event, ms: left() });
    await this.networkQuiet(deadline);
    const started = this.recorder.requestsStarted;
    const releasedAt = Date.now();
    await releaseDomWait(this.page, event).catch((error) => this.noteUnsettled(error));
    if ((await watch) < releasedAt) await this.domQuiet(left());
    // A request the action started can reach us after the action returned (code that defers its
    // fetch to the next task, a busy machine): one seen while the DOM was waited for is waited
    // for too, and the DOM after its answer.
    if (this.recorder.requestsStarted > started) {
      await this.networkQuiet(deadline);
      await this.domQuiet(left());
    }
    // A popup may open late (after a fetch, a timer); follow it before the step is observed.
    await this.drainPopups();
  }

  /**
   * Playwright's 'networkidle' always costs 500 ms; a shorter quiet window over the page's own
   * in-flight requests catches the fetch a click starts, at a fraction of the cost per step.
   */
  private async networkQuiet(deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      const quietFor = Date.now() - this.recorder.lastNetworkActivity;
      if (this.recorder.inflight.size === 0 && quietFor >= QUIET_MS) return;
      // Nothing in flight: sleep to the end of the window rather than polling past it.
      const pause = this.recorder.inflight.size === 0 ? QUIET_MS - quietFor : 25;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, deadline - Date.now())));
    }
  }

  /**
   * Waits for the DOM to be quiet (held until released, with `hold`; `hold.ms` bounds the whole
   * wait) and returns when it was (Date.now()). A wait that failed is recorded as a gap of the
   * next observation and counts as done.
   */
  private async domQuiet(leftMs: number, hold?: { event: string; ms: number }): Promise<number> {
    try {
      await waitForDomQuiet(this.page, Math.min(leftMs, DOM_SETTLE_MAX_MS), hold);
    } catch (error) {
      this.noteUnsettled(error);
      return Number.POSITIVE_INFINITY;
    }
    return Date.now();
  }

  private noteUnsettled(error: unknown): void {
    const reason = `could not wait for the page to settle: ${firstLine(error)}; steps were observed without waiting`;
    if (this.gaps.some((gap) => gap.reason === reason)) return;
    this.gaps.push({
      title: 'Steps were observed without waiting for the page to settle',
      reason,
    });
  }

  async observe(stepIndex: number, options: ObserveOptions = {}): Promise<Observation> {
    if (this.unavailable) throw new Error(this.unavailable);
    // Events raised since the action are this step's: wait for page work without taking them.
    await this.observer.pageWorkDone();
    await this.drainPopups();
    const observation = await this.observer.observe(stepIndex, options);
    // The same object: the deferred work adds its figure to it later.
    Object.assign((observation.phases ??= {}), this.phases);
    this.phases = {};
    if (this.gaps.length > 0) (observation.gaps ??= []).push(...this.gaps.splice(0));
    return observation;
  }

  async flush(): Promise<void> {
    await this.observer.flush();
  }

  async fieldInfo(ref: string): Promise<FieldInfo | null> {
    return readFieldInfo(this.page, ref);
  }

  async controlHints(ref: string): Promise<ControlHints | null> {
    return readControlHints(this.page, ref);
  }

  async canScroll(): Promise<boolean> {
    return pageCanScroll(this.page);
  }

  async fragmentTargets(names: string[]): Promise<string[]> {
    return this.page.evaluate(
      (list) =>
        list.filter(
          (name) =>
            document.getElementById(name) !== null || document.getElementsByName(name).length > 0,
        ),
      names,
    );
  }

  async viewImage(): Promise<ViewImage> {
    return viewportJpeg(this.page);
  }

  async pageTree(): Promise<PageTree> {
    return readPageTree(this.page);
  }

  async takeCoverage(): Promise<ScriptCoverage[]> {
    const coverage = this.requireCoverage();
    await this.flush().catch(() => undefined);
    await coverage.take();
    return coverage.readings;
  }

  /** Every reading so far, after a new one (readings are merged by the highest count). */
  async coverageSoFar(): Promise<ScriptCoverage[]> {
    const coverage = this.requireCoverage();
    await this.flush();
    await coverage.take();
    return [...coverage.readings];
  }

  /**
   * One step's reading: what ran since the previous one. Deferred observation work is not waited
   * for: it runs no app code worth counting.
   */
  async coverageDelta(): Promise<ScriptCoverage[]> {
    const coverage = this.requireCoverage();
    await coverage.take();
    return coverage.delta();
  }

  private requireCoverage(): PageCoverage {
    if (!this.coverage) throw new Error('coverage is not collected in this session');
    return this.coverage;
  }

  close(): Promise<{ tracePath: string | null }> {
    this.closed ??= this.doClose();
    return this.closed;
  }

  private async doClose(): Promise<{ tracePath: string | null }> {
    await this.flush().catch(() => undefined);
    this.unavailable ??= 'The browser session was closed.';
    const tracePath = join(this.options.outDir, 'trace.zip');
    let written: string | null;
    try {
      await this.context.tracing.stop({ path: tracePath });
      written = tracePath;
    } catch {
      // The browser died first: there is no trace to save.
      written = null;
    }
    await this.context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    return { tracePath: written };
  }
}

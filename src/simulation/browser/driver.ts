/**
 * The BrowserDriver port: everything the engine (exploration, agent, checks) needs from a browser.
 * `playwright-driver.ts` is its only adapter (its `playwright-*.ts` modules are the only files
 * that import Playwright); tests use the real adapter with Debian's Chromium.
 */
import type { PageTree } from '../page/tree.js';

export type Viewport = 'desktop' | 'mobile';

/** Where a browser executable came from, in the order they are tried. */
export type BrowserSource = 'explicit' | 'playwright' | 'chrome' | 'chromium';

export interface BrowserInfo {
  name: string;
  version: string;
  source: BrowserSource;
  executablePath: string;
}

export interface LaunchOptions {
  /** An explicit browser executable (the `--browser` flag / `browser-path` input); tried first. */
  executablePath?: string;
  headed?: boolean;
  viewport: Viewport;
  /** Origins the page may load documents from: the app's, plus configured extras. */
  allowedOrigins: string[];
  /** Folder for screenshots (`screenshots/`) and `trace.zip`. */
  outDir: string;
  /** Storage state file (cookies, localStorage) from a login setup step. */
  storageStatePath?: string;
  /** Collect precise JavaScript coverage for the whole session (for change coverage). */
  collectCoverage?: boolean;
}

/** An element is addressed by the `[ref=eN]` handle of the latest snapshot. */
export type BrowserAction =
  | { kind: 'navigate'; url: string }
  | { kind: 'click'; ref: string }
  | { kind: 'fill'; ref: string; value: string }
  | { kind: 'select'; ref: string; values: string[] }
  | { kind: 'check'; ref: string; checked: boolean }
  | { kind: 'press'; key: string; ref?: string }
  | { kind: 'hover'; ref: string }
  | { kind: 'go_back' }
  | { kind: 'wait_for'; text?: string; textGone?: string; timeoutMs?: number }
  /** Scrolls to the bottom of the page, so content that loads on scroll is requested. */
  | { kind: 'scroll' }
  /**
   * Records a native dialog (alert, confirm, prompt) the previous action opened. The driver has
   * already dismissed it (an unanswered dialog freezes the page); this step shows it in the report.
   */
  | { kind: 'dialog'; dialogType: string; message: string };

/** A native dialog (`alert`, `confirm`, `prompt`, `beforeunload`) the page opened; dismissed. */
export interface NativeDialog {
  type: string;
  message: string;
}

/** What the DOM says about a text field: whether a form and a submit button go with it. */
export interface FieldInfo {
  /** Inside a `<form>`. */
  inForm: boolean;
  /** Its form has a submit button, or a button sits right beside the field. */
  hasSubmit: boolean;
}

export interface ActionResult {
  ok: boolean;
  /** Why it failed, in words the model or a person can act on. */
  error?: string;
  /** The equivalent Playwright statement, e.g. `await page.getByRole('button', { name: 'Save' }).click();` */
  code: string;
  /** The normalized locator of the target, e.g. `getByRole('button', { name: 'Save' })`. */
  locator?: string;
  /** Native dialogs the action opened (each dismissed by the driver). */
  dialogs?: NativeDialog[];
}

/** Milliseconds per phase of a step, by name (see `Step.phases` in the report). */
export type StepPhases = Record<string, number>;

export interface ConsoleEntry {
  type: 'error' | 'warning';
  text: string;
  /** `url:line` of the message's source, when known. */
  location?: string;
  /** The call stack that logged it, innermost first (the call to `console.*` on top). */
  stack?: StackFrame[];
}

/** One frame of a call stack in the page. */
export interface StackFrame {
  url: string;
  /** 1-based line and column in the script as served. */
  line: number;
  column: number;
  /** The function's name ('' when anonymous). */
  functionName: string;
  /** The original file the frame maps to through the script's source map, when it serves one. */
  source?: string;
  /** Why the script's source map could not be read, when it names one. */
  sourceMapError?: string;
}

export interface PageErrorEntry {
  message: string;
  stack?: string;
}

/** A request that failed outright (`failure`) or answered 4xx/5xx (`status`). */
export interface NetworkEntry {
  method: string;
  url: string;
  status: number | null;
  failure?: string;
  resourceType: string;
  /** True when the request went to one of the allowed origins. */
  sameOrigin: boolean;
}

export interface LinkEntry {
  href: string;
  text: string;
  /** HTTP status of a probe of a same-origin link (null: not probed or network failure). */
  status: number | null;
  /** The probe's request that decided `status`: HEAD, or the GET sent when HEAD was refused. */
  method?: 'HEAD' | 'GET';
}

export interface ImageEntry {
  src: string;
  alt: string | null;
  /** Loaded with no pixels (404, bad data). */
  broken: boolean;
}

export interface AccessibilityViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  /** CSS targets / HTML snippets of the offending nodes (a few). */
  nodes: string[];
}

/** A part of a step's observation that failed, in words for the report. */
export interface ObservationGap {
  /** What went unobserved, e.g. `Steps were observed without waiting for the page to settle`. */
  title: string;
  /** The failure, naming the error. */
  reason: string;
}

/** What happened in the page since the previous observation. */
export interface PageEvents {
  console: ConsoleEntry[];
  pageErrors: PageErrorEntry[];
  network: NetworkEntry[];
  /** Navigations to origins outside the allowed list, which were blocked. */
  blockedNavigations: string[];
  /**
   * Paths of the app's own URLs that answered (status under 400): documents, scripts, fetched
   * files. What the app served tells whether a changed file reached the browser at all.
   */
  served?: string[];
}

/** Everything recorded after an action: the basis of steps, checks and evidence. */
export interface Observation {
  url: string;
  title: string;
  /**
   * The typed page tree (refs, names, boxes): what perception, exploration, evidence and export
   * read. An empty tree when the page could not be read.
   */
  tree: PageTree;
  /**
   * The same page in `ariaSnapshot({ mode: 'ai' })` text form, with `[ref=eN]` handles (written
   * from `tree`, for code that still reads the text form).
   */
  snapshot: string;
  /** Screenshot file relative to `outDir`, e.g. `screenshots/step-003.png`. */
  screenshot: string;
  /**
   * Where the viewport's top-left corner lies in the screenshot, in its pixels (the scroll offset
   * of a full-page shot): tree boxes are relative to the viewport. Set once the screenshot is
   * written (later, with `deferExtras`); absent when there is none.
   */
  screenshotOrigin?: { x: number; y: number };
  events: PageEvents;
  /**
   * HTTP status of the document the page shows (its last main-frame navigation); null when
   * unknown (no navigation yet, or the load failed).
   */
  documentStatus?: number | null;
  links: LinkEntry[];
  images: ImageEntry[];
  /** axe-core violations; computed once per page template (empty when already checked). */
  accessibility: AccessibilityViolation[];
  /**
   * Why axe-core could not check this page (it threw, or the page went away mid-check): the
   * page's accessibility was not measured, which is not the same as no violations.
   */
  accessibilityError?: string;
  /**
   * What could not be observed around this step, and why: a settle wait that failed (the step
   * was observed without waiting), a read of links and images that failed (they went unchecked).
   * Not measured must not read as nothing found; a page that went away mid-read is not a gap.
   */
  gaps?: ObservationGap[];
  /**
   * Where the step's time went (ms): the action's `waitedMs` (for the last step's page work),
   * `resolveMs` (beyond that wait, which it runs beside), `actionMs`, `settleMs`; the
   * observation's `readMs`, `screenshotMs` (beyond the read, which it runs beside), `checksMs`
   * on the step's path, and `deferredMs` for the work done after it answered (set later, with
   * `deferExtras`; of which `axeMs`, and `deferredScreenshotMs`, counted from the read it starts
   * beside). Optional: a session may not measure.
   */
  phases?: StepPhases;
}

/** A control's DOM hints: see `BrowserSession.controlHints`. */
export interface ControlHints {
  className: string;
  testId: string;
  title: string;
  /** Text of the closest list item, row or article around it ('' when there is none). */
  itemText: string;
}

export interface ObserveOptions {
  deferExtras?: boolean;
}

/** V8's precise (block) coverage of one script a page ran, as Chromium's Profiler reports it. */
export interface ScriptCoverage {
  url: string;
  /** The script's text as the browser received it. */
  source?: string;
  functions: {
    functionName: string;
    isBlockCoverage: boolean;
    ranges: { startOffset: number; endOffset: number; count: number }[];
  }[];
}

/** A live browser page under the engine's control. */
export interface BrowserSession {
  readonly info: BrowserInfo;
  perform(action: BrowserAction): Promise<ActionResult>;
  /**
   * Records the page after step `stepIndex` (1-based): screenshot, snapshot, events. With
   * `deferExtras`, it answers as soon as the page tree is read, and the screenshot, links,
   * images and accessibility are filled into the same observation in the background; the next
   * action (and `flush`) waits for them, so nothing touches the page before they are done.
   */
  observe(stepIndex: number, options?: ObserveOptions): Promise<Observation>;
  /** Waits for deferred observation work to finish (before reading links, images, axe). */
  flush?(): Promise<void>;
  /**
   * The current page tree without a screenshot or draining events (cheap); throws when the page
   * cannot be read.
   */
  pageTree(): Promise<PageTree>;
  /**
   * The visible part of the page as a small JPEG, for the model to look at (not saved to the
   * report: every step already has its screenshot there).
   */
  viewImage?(): Promise<ViewImage>;
  currentUrl(): string;
  /** What goes with a text field (form, submit button); null when the ref is gone. Optional. */
  fieldInfo?(ref: string): Promise<FieldInfo | null>;
  /**
   * What the DOM says about a control beyond its accessible name (for icon-only buttons): its
   * class, test id and title, and the text of the list item or row it sits in; null when the ref
   * is gone. Optional.
   */
  controlHints?(ref: string): Promise<ControlHints | null>;
  /** True when the page is taller than the window and not yet scrolled to its end. Optional. */
  canScroll?(): Promise<boolean>;
  /**
   * The JavaScript coverage of every script the session's page ran on the allowed origins, since
   * launch (all navigations): every reading so far after a last one. Call it once, before
   * `close`. Optional: a driver without it leaves browser-side change coverage unmeasured.
   */
  takeCoverage?(): Promise<ScriptCoverage[]>;
  /** The coverage so far, collection going on (for a reading mid-session). Optional. */
  coverageSoFar?(): Promise<ScriptCoverage[]>;
  /**
   * What ran since the previous reading (or since launch), collection going on: a per-step
   * reading. What it returns is also kept for `takeCoverage`. Optional.
   */
  coverageDelta?(): Promise<ScriptCoverage[]>;
  /**
   * Of `names` (fragments of `href="#name"` links), those an element of the page answers to (an
   * `id`, or an anchor's `name`): an in-page anchor. The rest are fragment routes the app's own
   * code renders. Optional.
   */
  fragmentTargets?(names: string[]): Promise<string[]>;
  /** Stops tracing (writes `trace.zip` in outDir) and closes the browser. Safe to call twice. */
  close(): Promise<{ tracePath: string | null }>;
}

/** An image for the model. */
export interface ViewImage {
  mediaType: 'image/jpeg' | 'image/png';
  /** Base64 bytes. */
  data: string;
  width: number;
  height: number;
}

/** Launches a browser; throws BrowserNotFoundError naming every place it looked. */
export type LaunchBrowser = (options: LaunchOptions) => Promise<BrowserSession>;

/** No usable browser: the message lists what was tried and how to get one. */
export class BrowserNotFoundError extends Error {
  constructor(readonly tried: string[]) {
    super(
      `No browser found. Tried: ${tried.join('; ')}. Install one (Debian/Ubuntu: apt-get install chromium; ` +
        `or npx playwright install chromium) or pass its path with --browser / browser-path.`,
    );
    this.name = 'BrowserNotFoundError';
  }
}

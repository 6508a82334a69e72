/**
 * The BrowserDriver adapter: the only module (with its playwright-* siblings) that imports
 * Playwright. It launches Chromium with tracing on, holds navigation to the allowed origins,
 * records console / page errors / failed requests into a buffer drained by `observe()`, and acts
 * on snapshot refs while recording the equivalent best-practice locator code.
 *
 * Origin policy: only top-level documents (a page's main frame, popups included) are held to
 * `allowedOrigins`; subresources and iframes from other origins may load, because real apps pull
 * fonts, scripts and embeds from CDNs and blocking them would report false bugs. A blocked
 * navigation is aborted as `aborted` (the page stays where it was) and recorded.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, devices } from 'playwright-core';
import type {
  APIRequestContext,
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Frame,
  Locator,
  Page,
  Request,
} from 'playwright-core';
import { actionCode, explainError, isAriaRef, staleRef } from './action-code.js';
import type {
  ActionResult,
  BrowserAction,
  BrowserInfo,
  BrowserSession,
  FieldInfo,
  LaunchBrowser,
  LaunchOptions,
  NativeDialog,
  Observation,
  ObserveOptions,
  PageEvents,
  ViewImage,
  Viewport,
} from './driver.js';
import { findBrowser } from './find-browser.js';
import { toAriaYaml } from '../page/yaml.js';
import { EMPTY_TREE, toPageTree, type PageTree } from '../page/tree.js';
import { LinkProber, readAccessibility, readImages, readLinks } from './playwright-observe.js';

// playwright-observe.ts takes Playwright's types from here, so this stays the one file that
// imports playwright-core.
export type { APIRequestContext, Page };

/** Flags measured on Debian's Chromium: without the background ones it keeps calling Google. */
export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const ACTION_TIMEOUT_MS = 5_000;
/**
 * A click first checks, this long at most, that it can happen (visible, stable, enabled, not
 * covered): a control behind an open overlay or detached by a re-render fails in about a second
 * with the reason, instead of after the full action timeout.
 */
const TRIAL_TIMEOUT_MS = 1_200;
/** Dev servers compile a page on first hit; a navigation gets longer than a click. */
const NAVIGATION_TIMEOUT_MS = 30_000;
/** After an action, wait at most this long for the network and DOM to settle. */
const SETTLE_MS = 1_500;
/** No request in flight for this long counts as settled (a click's fetch starts well within it). */
const QUIET_MS = 150;
/** Pages shorter than this (CSS px) get a full-page screenshot; longer ones the viewport. */
const FULL_PAGE_MAX_HEIGHT = 2_400;
const MAX_CONSOLE_TEXT = 2_000;

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** Context options for a viewport; mobile is a Pixel 7 (touch, mobile user agent, 412 px wide). */
export function contextOptions(viewport: Viewport): BrowserContextOptions {
  if (viewport === 'desktop') return DESKTOP;
  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'] ?? {
    viewport: { width: 412, height: 839 },
    screen: { width: 412, height: 915 },
    deviceScaleFactor: 2.625,
    isMobile: true,
    hasTouch: true,
    defaultBrowserType: 'chromium',
  };
  return pixel;
}

/** Launches Chromium (found by findBrowser) and opens one traced page. */
export const launchBrowser: LaunchBrowser = async (options) => {
  const found = findBrowser(options.executablePath);
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const browser = await chromium.launch({
    executablePath: found.path,
    headless: !options.headed,
    // The sandbox cannot start as root (containers, CI images); elsewhere keep it.
    args: runningAsRoot ? ['--no-sandbox', ...CHROMIUM_FLAGS] : CHROMIUM_FLAGS,
  });
  try {
    const context = await browser.newContext({
      ...contextOptions(options.viewport),
      // A service worker could fetch past the route that holds navigation to the allowed origins.
      serviceWorkers: 'block',
      ...(options.storageStatePath ? { storageState: options.storageStatePath } : {}),
    });
    await context.tracing.start({ screenshots: true, snapshots: true, sources: false });
    const page = await context.newPage();
    const info: BrowserInfo = {
      name: found.source === 'chrome' ? 'Google Chrome' : 'Chromium',
      version: browser.version(),
      source: found.source,
      executablePath: found.path,
    };
    const session = new PlaywrightSession(browser, context, page, info, options);
    await session.init();
    return session;
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
};

function emptyEvents(): PageEvents {
  return { console: [], pageErrors: [], network: [], blockedNavigations: [] };
}

class PlaywrightSession implements BrowserSession {
  private events = emptyEvents();
  private readonly allowed: Set<string>;
  private readonly prober: LinkProber;
  private readonly checkedForA11y = new Set<string>();
  /** Requests we aborted ourselves: their `requestfailed` is not an app failure. */
  private readonly aborted = new WeakSet<Request>();
  private readonly popups: Array<Promise<void>> = [];
  /** Requests of the page still in flight, for the settle wait. */
  private readonly inflight = new Set<Request>();
  private lastNetworkActivity = 0;
  private closed: Promise<{ tracePath: string | null }> | null = null;
  /** The element the last action targeted, marked on the step's screenshot. */
  private actedOn: Locator | null = null;
  /** Why the page can no longer be used (crashed, browser gone, closed); null while usable. */
  private unavailable: string | null = null;
  /** Native dialogs opened since the current action started (already dismissed). */
  private dialogs: NativeDialog[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private readonly page: Page,
    readonly info: BrowserInfo,
    private readonly options: LaunchOptions,
  ) {
    this.allowed = new Set(options.allowedOrigins.map(originOf).filter((o): o is string => !!o));
    this.prober = new LinkProber(context.request, (url) => this.isAllowed(url));
  }

  async init(): Promise<void> {
    const { page, context } = this;
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    await mkdir(join(this.options.outDir, 'screenshots'), { recursive: true });

    await context.route('**/*', async (route) => {
      const request = route.request();
      if (isTopLevelNavigation(request) && !this.isAllowed(request.url())) {
        this.aborted.add(request);
        this.events.blockedNavigations.push(request.url());
        await route.abort('aborted').catch(() => undefined);
        // A new tab that may only go elsewhere has nothing to show: close it now.
        const opener = frameOf(request)?.page();
        if (opener && opener !== this.page) await opener.close().catch(() => undefined);
        return;
      }
      await route.fallback().catch(() => undefined);
    });

    page.on('console', (message) => {
      const type = message.type();
      if (type !== 'error' && type !== 'warning') return;
      const { url, lineNumber } = message.location();
      this.events.console.push({
        type,
        text: message.text().slice(0, MAX_CONSOLE_TEXT),
        ...(url ? { location: `${url}:${lineNumber + 1}` } : {}),
      });
    });
    page.on('pageerror', (error) => {
      this.events.pageErrors.push({
        message: error.message || String(error),
        ...(error.stack ? { stack: error.stack } : {}),
      });
    });
    page.on('crash', () => {
      this.unavailable = 'The page crashed (renderer process died).';
      this.events.pageErrors.push({ message: this.unavailable });
    });
    const track = (request: Request, busy: boolean): void => {
      if (busy) this.inflight.add(request);
      else this.inflight.delete(request);
      this.lastNetworkActivity = Date.now();
    };
    // Tracked on the context, not the page: a click that opens a new tab shows up as that tab's
    // request, which keeps the settle wait open until the 'popup' has been seen and followed.
    context.on('request', (request) => track(request, true));
    context.on('requestfinished', (request) => track(request, false));
    context.on('requestfailed', (request) => track(request, false));
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText ?? 'failed';
      // ERR_ABORTED is a cancel (navigating away, AbortController), not a broken request.
      if (this.aborted.has(request) || failure.includes('ERR_ABORTED')) return;
      this.events.network.push({
        method: request.method(),
        url: request.url(),
        status: null,
        failure,
        resourceType: request.resourceType(),
        sameOrigin: this.isAllowed(request.url()),
      });
    });
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const request = response.request();
      this.events.network.push({
        method: request.method(),
        url: response.url(),
        status: response.status(),
        resourceType: request.resourceType(),
        sameOrigin: this.isAllowed(response.url()),
      });
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
    await this.flush();
    this.dialogs = [];
    const result = await this.performAction(action);
    const dialogs = this.dialogs.splice(0);
    return dialogs.length > 0 ? { ...result, dialogs } : result;
  }

  private async performAction(action: BrowserAction): Promise<ActionResult> {
    if (this.unavailable) return { ok: false, error: this.unavailable, code: actionCode(action) };
    let locator: string | undefined;
    try {
      if (action.kind === 'navigate') return await this.navigate(action.url);
      let target: Locator | undefined;
      const ref = 'ref' in action ? action.ref : undefined;
      if (ref !== undefined) {
        if (!isAriaRef(ref)) {
          return {
            ok: false,
            error: `"${ref}" is not a snapshot ref (refs look like e12). Use a [ref=…] from the latest snapshot.`,
            code: actionCode(action),
          };
        }
        target = this.page.getByRef(ref);
        // Normalize before acting: the action may rename or remove the element, and its ref with it.
        try {
          locator = (await target.normalize()).toString();
        } catch {
          return { ok: false, error: staleRef(ref), code: actionCode(action) };
        }
      }
      const code = actionCode(action, locator);
      this.actedOn = target ?? null;
      await this.act(action, target);
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
      this.events.blockedNavigations.push(url);
      return {
        ok: false,
        error: `Navigation to ${url} was blocked: only ${[...this.allowed].join(', ')} may be visited.`,
        code,
      };
    }
    try {
      await this.page.goto(url, { waitUntil: 'domcontentloaded' });
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

  private async act(action: BrowserAction, target: Locator | undefined): Promise<void> {
    const page = this.page;
    const need = (): Locator => {
      if (!target) throw new Error(`${action.kind} needs a ref`);
      return target;
    };
    switch (action.kind) {
      case 'navigate':
        return;
      case 'click':
        await need().click({ trial: true, timeout: TRIAL_TIMEOUT_MS });
        return need().click();
      case 'fill':
        return need().fill(action.value);
      case 'select':
        await need().selectOption(action.values);
        return;
      case 'check':
        await need().setChecked(action.checked, { trial: true, timeout: TRIAL_TIMEOUT_MS });
        return need().setChecked(action.checked);
      case 'press':
        return target ? target.press(action.key) : page.keyboard.press(action.key);
      case 'hover':
        return need().hover();
      case 'go_back':
        await page.goBack({ waitUntil: 'domcontentloaded' });
        return;
      case 'scroll':
        await page.mouse.wheel(0, 100_000);
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        return;
      case 'dialog':
        // Already dismissed when it opened; this step only records it.
        return;
      case 'wait_for': {
        const timeout = Math.min(Math.max(action.timeoutMs ?? 5_000, 0), 30_000);
        if (action.text !== undefined) {
          await page.getByText(action.text).first().waitFor({ state: 'visible', timeout });
        } else if (action.textGone !== undefined) {
          await page.getByText(action.textGone).first().waitFor({ state: 'hidden', timeout });
        } else {
          await page.waitForTimeout(timeout);
        }
        return;
      }
    }
  }

  /** Bounded wait for the page to settle: popups followed, load, then a short network idle. */
  private async settle(): Promise<void> {
    await this.drainPopups();
    const deadline = Date.now() + SETTLE_MS;
    const left = (): number => Math.max(deadline - Date.now(), 1);
    await this.page.waitForLoadState('load', { timeout: left() }).catch(() => undefined);
    // Playwright's 'networkidle' always costs 500 ms; a shorter quiet window over the page's own
    // in-flight requests catches the fetch a click starts, at a fraction of the cost per step.
    while (Date.now() < deadline) {
      const quietFor = Date.now() - this.lastNetworkActivity;
      if (this.inflight.size === 0 && quietFor >= QUIET_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await waitForDomQuiet(this.page, Math.min(left(), DOM_SETTLE_MAX_MS));
    // A popup may open late (after a fetch, a timer); follow it before the step is observed.
    await this.drainPopups();
  }

  async observe(stepIndex: number, options: ObserveOptions = {}): Promise<Observation> {
    if (this.unavailable) throw new Error(this.unavailable);
    await this.flush();
    await this.drainPopups();
    const screenshot = `screenshots/step-${String(stepIndex).padStart(3, '0')}.png`;
    if (options.deferExtras) return this.observeTreeFirst(screenshot);
    const page = this.page;
    await this.takeScreenshot(join(this.options.outDir, screenshot));
    const { tree, snapshot } = await this.readPage();
    const title = await page.title().catch(() => '');
    const url = page.url();
    const links = await readLinks(page)
      .then((found) => this.prober.annotate(found))
      .catch(() => []);
    const images = await readImages(page).catch(() => []);
    const accessibility = await this.accessibilityOnce(url);
    // Drain last: events raised while observing (a lazy image 404) belong to this step.
    const events = this.events;
    this.events = emptyEvents();
    return { url, title, tree, snapshot, screenshot, events, links, images, accessibility };
  }

  /** Deferred observation work of the last step, if any. */
  private background: Promise<void> = Promise.resolve();

  async flush(): Promise<void> {
    await this.background;
  }

  /**
   * The critical path of a step ends with the page tree: the screenshot, links (and their
   * probes), images and axe run while the model thinks, filling in the same observation.
   */
  private async observeTreeFirst(screenshot: string): Promise<Observation> {
    const { tree, snapshot } = await this.readPage();
    const title = await this.page.title().catch(() => '');
    const observation: Observation = {
      url: this.page.url(),
      title,
      tree,
      snapshot,
      screenshot,
      events: this.events,
      links: [],
      images: [],
      accessibility: [],
    };
    this.events = emptyEvents();
    this.background = this.observeExtras(observation, join(this.options.outDir, screenshot));
    return observation;
  }

  private async observeExtras(observation: Observation, path: string): Promise<void> {
    await this.takeScreenshot(path);
    observation.links = await readLinks(this.page)
      .then((found) => this.prober.annotate(found))
      .catch(() => []);
    observation.images = await readImages(this.page).catch(() => []);
    observation.accessibility = await this.accessibilityOnce(observation.url);
    // Events raised meanwhile (a lazy image 404) belong to this step, as they would have.
    const late = this.events;
    this.events = emptyEvents();
    observation.events.console.push(...late.console);
    observation.events.pageErrors.push(...late.pageErrors);
    observation.events.network.push(...late.network);
    observation.events.blockedNavigations.push(...late.blockedNavigations);
  }

  private async takeScreenshot(path: string): Promise<void> {
    const height = await this.page
      .evaluate(() => document.documentElement.scrollHeight)
      .catch(() => Number.POSITIVE_INFINITY);
    const marked = actedOnMark(this.actedOn);
    this.actedOn = null;
    await this.page
      // CSS scale: a phone's 2.6x device pixels make screenshots 7x bigger and slower, for no evidence.
      .screenshot({
        path,
        fullPage: height <= FULL_PAGE_MAX_HEIGHT,
        scale: 'css',
        timeout: 10_000,
        ...marked,
      })
      .catch(() => this.page.screenshot({ path, scale: 'css', timeout: 10_000 }))
      .catch(() => undefined);
  }

  private async accessibilityOnce(url: string): Promise<Observation['accessibility']> {
    let key: string;
    try {
      const parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) return [];
      // One check per page template: /notes/1 and /notes/2 render the same markup.
      key = parsed.origin + templateOf(parsed.pathname);
    } catch {
      return [];
    }
    if (this.checkedForA11y.has(key)) return [];
    this.checkedForA11y.add(key);
    return readAccessibility(this.page).catch(() => []);
  }

  async fieldInfo(ref: string): Promise<FieldInfo | null> {
    if (!isAriaRef(ref)) return null;
    return this.page
      .getByRef(ref)
      .evaluate(
        (el): FieldInfo => {
          const SUBMIT =
            'button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]';
          // Enter in a textarea or an editor adds a line; it submits nothing.
          if (el.tagName === 'TEXTAREA' || (el as HTMLElement).isContentEditable) {
            return { inForm: el.closest('form') !== null, hasSubmit: true };
          }
          const form = (el as HTMLInputElement).form ?? el.closest('form');
          if (form) return { inForm: true, hasSubmit: form.querySelector(SUBMIT) !== null };
          // No form: a button within a couple of levels (`<div><input><button>Add`) submits it.
          let box: Element | null = el.parentElement;
          for (let level = 0; box && level < 2; level++, box = box.parentElement) {
            const buttons = box.querySelectorAll('button, [role=button], input[type=button]');
            // A hidden "Clear completed" is no way to submit what was typed.
            if ([...buttons].some((b) => b.checkVisibility())) {
              return { inForm: false, hasSubmit: true };
            }
          }
          return { inForm: false, hasSubmit: false };
        },
        undefined,
        { timeout: 2_000 },
      )
      .catch(() => null);
  }

  async canScroll(): Promise<boolean> {
    return this.page
      .evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement;
        return root.scrollHeight - (window.scrollY + window.innerHeight) > 4;
      })
      .catch(() => false);
  }

  async snapshot(): Promise<string> {
    return (await this.readPage()).snapshot;
  }

  async viewImage(): Promise<ViewImage> {
    return viewportJpeg(this.page);
  }

  async pageTree(): Promise<PageTree> {
    return readPageTree(this.page);
  }

  /** One read of the page gives both forms: the tree, and its text written from it. */
  private async readPage(): Promise<{ tree: PageTree; snapshot: string }> {
    try {
      const tree = await readPageTree(this.page);
      return { tree, snapshot: toAriaYaml(tree) };
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0];
      return { tree: EMPTY_TREE, snapshot: `(snapshot unavailable: ${reason})` };
    }
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

/** No DOM change for this long counts as rendered (a framework's re-render is one burst). */
const DOM_QUIET_MS = 50;
/** Pages that never stop changing (clocks, spinners, carousels) wait at most this long. */
const DOM_SETTLE_MAX_MS = 400;

/**
 * Waits in the page until its DOM has been quiet for DOM_QUIET_MS (or `maxMs` passed): the
 * render that follows a click or a response, which no network signal shows. One round trip; a
 * navigation meanwhile ends it early (the next page is waited for by its load).
 */
async function waitForDomQuiet(page: Page, maxMs: number): Promise<void> {
  await page
    .evaluate(
      ({ quiet, max }) =>
        new Promise<void>((resolve) => {
          const done = (): void => {
            observer.disconnect();
            clearTimeout(timer);
            clearTimeout(cap);
            resolve();
          };
          const observer = new MutationObserver(() => {
            clearTimeout(timer);
            timer = setTimeout(done, quiet);
          });
          let timer = setTimeout(done, quiet);
          const cap = setTimeout(done, max);
          observer.observe(document, {
            subtree: true,
            childList: true,
            attributes: true,
            characterData: true,
          });
        }),
      { quiet: DOM_QUIET_MS, max: maxMs },
    )
    .catch(() => undefined);
}

/** A translucent tint: the element acted on stands out in the report and stays readable. */
const ACTED_ON_TINT = 'rgba(230, 40, 90, 0.28)';

/**
 * Screenshot options that tint the element the step acted on. Playwright draws the mask as an
 * overlay only for the screenshot, so the page itself is never changed; an element the action
 * removed simply has no mark.
 */
function actedOnMark(target: Locator | null): { mask?: Locator[]; maskColor?: string } {
  return target ? { mask: [target], maskColor: ACTED_ON_TINT } : {};
}

/** JPEG quality of images for the model: text stays legible at a fraction of PNG's bytes. */
const VIEW_IMAGE_QUALITY = 60;

/** The viewport at CSS scale as JPEG (a phone's device pixels would only add tokens). */
async function viewportJpeg(page: Page): Promise<ViewImage> {
  const bytes = await page.screenshot({
    type: 'jpeg',
    quality: VIEW_IMAGE_QUALITY,
    scale: 'css',
    timeout: 10_000,
  });
  const size = page.viewportSize() ?? { width: 0, height: 0 };
  return {
    mediaType: 'image/jpeg',
    data: bytes.toString('base64'),
    width: size.width,
    height: size.height,
  };
}

/** The page tree with refs and boxes, read once from Playwright's JSON form. */
async function readPageTree(page: Page): Promise<PageTree> {
  return toPageTree(await page.ariaSnapshotJSON({ mode: 'ai', boxes: true, timeout: 10_000 }));
}

function isTopLevelNavigation(request: Request): boolean {
  return request.isNavigationRequest() && frameOf(request)?.parentFrame() === null;
}

function frameOf(request: Request): Frame | null {
  try {
    return request.frame();
  } catch {
    // Service-worker requests have no frame; they are not page navigations.
    return null;
  }
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    return null;
  }
}

/** A path with id-like segments (numbers, uuids, long hex) replaced, e.g. `/notes/:id`. */
export function templateOf(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) =>
      /^\d+$/.test(segment) || /^[0-9a-f-]{16,}$/i.test(segment) ? ':id' : segment,
    )
    .join('/');
}

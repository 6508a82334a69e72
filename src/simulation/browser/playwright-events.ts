/**
 * What the app does wrong while it is driven: console errors and warnings, page errors, failed
 * and 4xx/5xx requests, buffered until the step's observation takes them. It also follows the
 * requests in flight, which the settle wait after an action reads.
 */
import type { BrowserContext, Page, Request } from './playwright-api.js';
import type { ConsoleEntry, PageEvents } from './driver.js';
import { ConsoleStacks } from './playwright-console-stacks.js';

const MAX_CONSOLE_TEXT = 2_000;

/** An empty event buffer. */
export function emptyEvents(): PageEvents {
  return { console: [], pageErrors: [], network: [], blockedNavigations: [], served: [] };
}

/** Records a page's events into a buffer and tracks its requests in flight. */
export class EventRecorder {
  /** Events since the last {@link take}. */
  events = emptyEvents();
  /** Requests we aborted ourselves: their `requestfailed` is not an app failure. */
  readonly aborted = new WeakSet<Request>();
  /** Requests of the page still in flight, for the settle wait. */
  readonly inflight = new Set<Request>();
  lastNetworkActivity = 0;
  /** Requests started so far: the settle wait sees whether one started while it waited. */
  requestsStarted = 0;
  /** Status of the main frame's last document response (null before one, or when it failed). */
  documentStatus: number | null = null;

  /** The call stacks of console messages, resolved through source maps. */
  readonly stacks: ConsoleStacks;

  constructor(private readonly isAllowed: (url: string) => boolean) {
    this.stacks = new ConsoleStacks(isAllowed);
  }

  /** Hands over the events recorded so far and starts a new buffer. */
  take(): PageEvents {
    const events = this.events;
    this.events = emptyEvents();
    return events;
  }

  /** Starts listening to the page (and the context's requests). */
  listen(page: Page, context: BrowserContext): void {
    this.listenToScripts(page);
    const track = (request: Request, busy: boolean): void => {
      if (busy) {
        this.inflight.add(request);
        this.requestsStarted += 1;
      } else {
        this.inflight.delete(request);
      }
      this.lastNetworkActivity = Date.now();
    };
    // Tracked on the context, not the page: a click that opens a new tab shows up as that tab's
    // request, which keeps the settle wait open until the 'popup' has been seen and followed.
    context.on('request', (request) => track(request, true));
    context.on('requestfinished', (request) => track(request, false));
    context.on('requestfailed', (request) => track(request, false));
    // A fetch or XHR whose body the app never reads (a fire-and-forget sync, a stream) would stay
    // in flight until the step's settle limit: its answer arriving is what the app waits for.
    context.on('response', (response) => {
      const type = response.request().resourceType();
      if (type === 'fetch' || type === 'xhr') track(response.request(), false);
    });
    this.listenToFailures(page);
  }

  private listenToScripts(page: Page): void {
    page.on('console', (message) => {
      const type = message.type();
      if (type !== 'error' && type !== 'warning') return;
      const location = message.location();
      const entry: ConsoleEntry = {
        type,
        text: message.text().slice(0, MAX_CONSOLE_TEXT),
        ...(location.url ? { location: `${location.url}:${location.lineNumber + 1}` } : {}),
      };
      this.events.console.push(entry);
      this.stacks.adopt(entry, location);
    });
    page.on('pageerror', (error) => {
      this.events.pageErrors.push({
        message: error.message || String(error),
        ...(error.stack ? { stack: error.stack } : {}),
      });
    });
  }

  /** Records the path of an app URL that answered, once per step. */
  private noteServed(url: string): void {
    if (!this.isAllowed(url)) return;
    const served = (this.events.served ??= []);
    const path = new URL(url).pathname;
    if (!served.includes(path)) served.push(path);
  }

  private listenToFailures(page: Page): void {
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText ?? 'failed';
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        this.documentStatus = null;
      }
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
      const request = response.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        this.documentStatus = response.status();
      }
      if (response.status() < 400) {
        this.noteServed(response.url());
        return;
      }
      this.events.network.push({
        method: request.method(),
        url: response.url(),
        status: response.status(),
        resourceType: request.resourceType(),
        sameOrigin: this.isAllowed(response.url()),
      });
    });
  }
}

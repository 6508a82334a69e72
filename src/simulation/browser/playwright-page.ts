/**
 * Reading the page: its tree (and the text written from it), screenshots for the report and the
 * model, and the wait for the DOM to settle after an action.
 */
import type { Locator, Page } from './playwright-api.js';
import type { ViewImage } from './driver.js';
import { toAriaYaml } from '../page/yaml.js';
import { EMPTY_TREE, toPageTree, type PageTree } from '../page/tree.js';

/**
 * Step screenshots are PNGs: a visual comparison needs the exact pixels (a JPEG's ringing around
 * a changed word doubles the pixels that differ, measured on the demo's navigation: 0.085% as
 * PNG, 0.151% as JPEG at quality 80 or 90), and a flat app page weighs about the same either way.
 */
const SCREENSHOT_OPTIONS = {
  type: 'png',
  // CSS scale: a phone's 2.6x device pixels make screenshots 7x bigger and slower, for no evidence.
  scale: 'css',
  // A transition or animation the step started is shown at its end (Playwright fast-forwards
  // finite ones for the capture): caught half-way, the same step on a PR and on its base would
  // differ by timing alone, and the comparison would call it a visual change.
  animations: 'disabled',
  timeout: 10_000,
} as const;

/** Pages shorter than this (CSS px) get a full-page screenshot; longer ones the viewport. */
const FULL_PAGE_MAX_HEIGHT = 2_400;

/** No DOM change for this long counts as rendered (a framework's re-render is one burst). */
const DOM_QUIET_MS = 50;
/** Pages that never stop changing (clocks, spinners, carousels) wait at most this long. */
export const DOM_SETTLE_MAX_MS = 400;

/**
 * Waits in the page until its DOM has been quiet for DOM_QUIET_MS (or `maxMs` passed): the
 * render that follows a click or a response, which no network signal shows. A running finite
 * animation (a panel collapsing) or a URL change (an app writing its state into the hash once
 * the animation ends) counts as not quiet yet: otherwise the step would be observed half-way,
 * on one run before the URL changed and on the next after, and two runs of one app would differ.
 * An animation that will not end before `maxMs` is not waited for: the step would be observed
 * half-way all the same (a slide transition of reveal.js outlasts the cap).
 *
 * With `hold`, the wait watches the DOM from now but does not end before `releaseDomWait` names
 * its event (or `hold.ms` passed), and `maxMs` counts from that release: it runs beside another
 * wait (the network's quiet window) and still ends with the DOM quiet at the end of both.
 *
 * One round trip; a navigation meanwhile ends it early (the next page is waited for by its load),
 * and so does the page closing. Any other failure (a page that replaced `MutationObserver`) is
 * thrown: the caller must say the step was observed without waiting, not that the page settled.
 *
 * The in-page helpers are methods of one object, not named functions: run from source (tsx, which
 * keeps function names), a named arrow function is compiled into a call to a `__name` helper that
 * the page does not have, and the wait would throw at once instead of waiting.
 */
export async function waitForDomQuiet(
  page: Page,
  maxMs: number,
  hold?: { event: string; ms: number },
): Promise<void> {
  await page
    .evaluate(
      ({ quiet, max, hold }) =>
        new Promise<void>((resolve) => {
          const stop = new AbortController();
          const wait = {
            href: location.href,
            timer: 0,
            cap: 0,
            quietNow: false,
            released: false,
            deadline: performance.now() + max,
            release(): void {
              wait.released = true;
              wait.deadline = performance.now() + max;
              wait.cap = window.setTimeout(() => wait.done(), max);
              if (wait.quietNow) wait.done();
            },
            quiet(): void {
              wait.quietNow = true;
              if (wait.released) wait.done();
            },
            done(): void {
              observer.disconnect();
              stop.abort();
              clearTimeout(wait.timer);
              clearTimeout(wait.cap);
              clearTimeout(held);
              clearInterval(poll);
              resolve();
            },
            busy(): void {
              wait.quietNow = false;
              clearTimeout(wait.timer);
              wait.timer = window.setTimeout(() => wait.quiet(), quiet);
            },
            animating(): boolean {
              const left = wait.deadline - performance.now();
              return document.getAnimations().some((animation) => {
                const end = animation.effect?.getComputedTiming().endTime;
                if (animation.playState !== 'running' || typeof end !== 'number') return false;
                const rate = Math.abs(animation.playbackRate) || 1;
                return (end - Number(animation.currentTime ?? 0)) / rate <= left;
              });
            },
          };
          const observer = new MutationObserver(() => wait.busy());
          wait.timer = window.setTimeout(() => wait.quiet(), quiet);
          const held = hold ? window.setTimeout(() => wait.done(), hold.ms) : 0;
          if (hold) {
            window.addEventListener(hold.event, () => wait.release(), { signal: stop.signal });
          } else {
            wait.release();
          }
          const poll = window.setInterval(() => {
            if (location.href !== wait.href || wait.animating()) {
              wait.href = location.href;
              wait.busy();
            }
          }, 20);
          observer.observe(document, {
            subtree: true,
            childList: true,
            attributes: true,
            characterData: true,
          });
        }),
      { quiet: DOM_QUIET_MS, max: maxMs, hold: hold ?? null },
    )
    .catch((error: unknown) => {
      if (!isPageGone(error)) throw error;
    });
}

/** Lets a held `waitForDomQuiet` end once its DOM is quiet (see there). */
export async function releaseDomWait(page: Page, event: string): Promise<void> {
  await page
    .evaluate((name) => {
      window.dispatchEvent(new Event(name));
    }, event)
    .catch((error: unknown) => {
      if (!isPageGone(error)) throw error;
    });
}

/**
 * Playwright's words for a page that went away during a call: a navigation destroyed the
 * document's context, or the page, its frame or the browser closed or crashed.
 */
const PAGE_GONE =
  /Execution context was destroyed|Target page, context or browser has been closed|Frame was detached|Target crashed/;

/** Whether `error` only says the page went away mid-call (nothing left to read or wait for). */
export function isPageGone(error: unknown): boolean {
  return PAGE_GONE.test(firstLine(error));
}

/**
 * The first line of an error's message (Playwright appends a call log below it), short enough
 * for a finding's evidence.
 */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 300);
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

/**
 * Screenshots the page for a step, tinting the element the step acted on. Returns where the
 * viewport's top-left corner lies in the image (the scroll offset for a full-page shot), so boxes
 * of the page tree, which are relative to the viewport, can be placed on it; null when no
 * screenshot was written.
 */
export async function takeScreenshot(
  page: Page,
  path: string,
  actedOn: Locator | null,
): Promise<{ x: number; y: number } | null> {
  const layout = await page
    .evaluate(() => ({
      height: document.documentElement.scrollHeight,
      x: window.scrollX,
      y: window.scrollY,
    }))
    .catch(() => ({ height: Number.POSITIVE_INFINITY, x: 0, y: 0 }));
  const marked = actedOnMark(actedOn);
  const fullPage = layout.height <= FULL_PAGE_MAX_HEIGHT;
  return page
    .screenshot({ path, fullPage, ...SCREENSHOT_OPTIONS, ...marked })
    .then(() => (fullPage ? { x: layout.x, y: layout.y } : { x: 0, y: 0 }))
    .catch(() => page.screenshot({ path, ...SCREENSHOT_OPTIONS }).then(() => ({ x: 0, y: 0 })))
    .catch(() => null);
}

/** JPEG quality of images for the model: text stays legible at a fraction of PNG's bytes. */
const VIEW_IMAGE_QUALITY = 60;

/** The viewport at CSS scale as JPEG (a phone's device pixels would only add tokens). */
export async function viewportJpeg(page: Page): Promise<ViewImage> {
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
export async function readPageTree(page: Page): Promise<PageTree> {
  return toPageTree(await page.ariaSnapshotJSON({ mode: 'ai', boxes: true, timeout: 10_000 }));
}

/** One read of the page gives both forms: the tree, and its text written from it. */
export async function readPage(page: Page): Promise<{ tree: PageTree; snapshot: string }> {
  try {
    const tree = await readPageTree(page);
    return { tree, snapshot: toAriaYaml(tree) };
  } catch (error) {
    return { tree: EMPTY_TREE, snapshot: `(snapshot unavailable: ${firstLine(error)})` };
  }
}

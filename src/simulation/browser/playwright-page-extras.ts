/**
 * The parts of an observation that read the page beyond the snapshot: links (with a cached status
 * probe of same-origin ones), images, and axe-core accessibility violations.
 */
import { AxeBuilder } from '@axe-core/playwright';
// axe-core's own minified build, a third smaller than the full one bundled: each document's
// copy crosses the protocol, is parsed and is written into the trace in less time and space.
import axe from 'axe-core/axe.min.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from './playwright-driver.js';
import type { Frame } from './playwright-api.js';
import type { AccessibilityViolation, ImageEntry, LinkEntry } from './driver.js';

/** Caps keep one observation small however big the page is. */
export const MAX_LINKS = 100;
export const MAX_IMAGES = 60;
export const MAX_VIOLATIONS = 20;
export const MAX_NODES_PER_VIOLATION = 3;
/** New links probed per observation, so a page of 500 links does not stall one step. */
export const MAX_PROBES_PER_OBSERVATION = 25;
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Links whose GET could change state (log the session out, delete data): never probed. The probe
 * shares the page's cookies, and a careless GET /logout would end the very session under test.
 */
const UNSAFE_LINK = /log-?out|sign-?out|logoff|delete|remove|destroy|unsubscribe/i;

/**
 * Links and images in one round trip to the page. Links: `a[href]` elements, absolute href and
 * visible text (or accessible label), deduplicated. Images: `<img>` elements; broken means the
 * load finished with no pixels (404, bad data).
 */
export async function readLinksAndImages(
  page: Page,
): Promise<{ links: Array<Omit<LinkEntry, 'status'>>; images: ImageEntry[] }> {
  return page.evaluate(
    ({ maxLinks, maxImages }) => {
      const seen = new Set<string>();
      const links: Array<{ href: string; text: string }> = [];
      for (const a of Array.from(document.querySelectorAll('a[href]'))) {
        const anchor = a as HTMLAnchorElement;
        const href = anchor.href;
        if (!/^https?:/i.test(href) || seen.has(href)) continue;
        seen.add(href);
        const text = (anchor.innerText || anchor.getAttribute('aria-label') || anchor.title || '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 120);
        links.push({ href, text });
        if (links.length >= maxLinks) break;
      }
      const images: Array<{ src: string; alt: string | null; broken: boolean }> = [];
      for (const img of Array.from(document.images).slice(0, maxImages)) {
        const src = img.currentSrc || img.src;
        if (!src) continue;
        // Lazy images not yet loaded are `complete === false`: not broken, just not fetched.
        images.push({
          src,
          alt: img.getAttribute('alt'),
          broken: img.complete && img.naturalWidth === 0,
        });
      }
      return { links, images };
    },
    { maxLinks: MAX_LINKS, maxImages: MAX_IMAGES },
  );
}

/** What decided a link's status: the request that answered it. */
interface Probe {
  status: number;
  method: 'HEAD' | 'GET';
}

/** The page's cookies for a URL, as a `Cookie` header value (empty when there are none). */
export type CookieHeader = (url: string) => Promise<string>;

/**
 * Probes same-origin links once per session, the way a browser would meet them: HEAD first, and
 * on any answer that is not 2xx/3xx (many servers answer HEAD with 404 or 405 for pages GET
 * serves) a GET whose body is never read. A fragment link into the page already shown is not a
 * request at all, so it is not probed.
 */
export class LinkProber {
  private readonly probes = new Map<string, Probe | null>();

  constructor(
    private readonly cookies: CookieHeader,
    private readonly isAllowed: (url: string) => boolean,
  ) {}

  async annotate(links: Array<Omit<LinkEntry, 'status'>>, pageUrl: string): Promise<LinkEntry[]> {
    let budget = MAX_PROBES_PER_OBSERVATION;
    const pending: Array<Promise<void>> = [];
    const here = withoutHash(pageUrl);
    const sameDocument = (href: string): boolean =>
      href.includes('#') && withoutHash(href) === here;
    for (const link of links) {
      const key = withoutHash(link.href);
      if (
        this.probes.has(key) ||
        sameDocument(link.href) ||
        !this.isAllowed(link.href) ||
        UNSAFE_LINK.test(link.href)
      ) {
        continue;
      }
      if (budget-- <= 0) break;
      this.probes.set(key, null);
      pending.push(this.probe(key).then((probe) => void this.probes.set(key, probe)));
    }
    await Promise.all(pending);
    return links.map((link) => {
      const probe = sameDocument(link.href) ? null : this.probes.get(withoutHash(link.href));
      return probe ? { ...link, ...probe } : { ...link, status: null };
    });
  }

  private async probe(url: string): Promise<Probe | null> {
    const head = await this.send(url, 'HEAD');
    if (head !== null && head < 400) return { status: head, method: 'HEAD' };
    const get = await this.send(url, 'GET');
    if (get !== null) return { status: get, method: 'GET' };
    return head === null ? null : { status: head, method: 'HEAD' };
  }

  /** One request, headers only: the body of a GET is cancelled unread. Null on no answer. */
  private async send(url: string, method: Probe['method']): Promise<number | null> {
    try {
      const cookie = await this.cookies(url);
      // No redirects: a redirect may lead off the allowed origins, and 3xx is not a broken link.
      const response = await fetch(url, {
        method,
        redirect: 'manual',
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        headers: cookie ? { cookie } : {},
      });
      await response.body?.cancel();
      return response.status;
    } catch {
      return null;
    }
  }
}

function withoutHash(href: string): string {
  const index = href.indexOf('#');
  return index === -1 ? href : href.slice(0, index);
}

/**
 * axe-core's script, evaluated only in a document that does not hold this version of it yet: a
 * page keeps its document across the templates of a single-page app.
 */
const AXE_ONCE = `if (!window.axe || window.axe.version !== ${JSON.stringify(axe.version)}) {\n${axe.source}\n}`;

/**
 * What the builder evaluates in each frame, axe being there already: nothing. Left to itself, it
 * sends its script twice per check in legacy mode (once to the page, once per frame). Each copy
 * crosses the protocol, is parsed in the page and is written into the trace, so with the full
 * build (a megabyte) the second one cost 160 ms of a page's first check (705 → 547 ms on
 * TodoMVC, 837 → 675 ms on Swagger UI) and doubled the trace's size.
 */
const AXE_PRESENT = ';';

/** How long a child frame may take to receive axe before it is left out (the builder's bound). */
const CHILD_FRAME_MS = 1_000;

/** Evaluates axe's script in `frame` unless this version is there already. */
async function injectInto(frame: Frame): Promise<void> {
  const version = await frame.evaluate(
    () => (window as { axe?: { version?: string } }).axe?.version,
  );
  if (version !== axe.version) await frame.evaluate(AXE_ONCE);
}

/**
 * Puts this version of axe in every frame of the page that lacks it, one copy each. A child
 * frame that cannot take it in time (detached, navigating away, busy) is left out, as the builder
 * leaves it out; the main frame's failure is the check's.
 */
async function injectAxe(page: Page): Promise<void> {
  const main = page.mainFrame();
  await Promise.all(
    page
      .frames()
      .map((frame) =>
        frame === main
          ? injectInto(frame)
          : Promise.race([
              injectInto(frame),
              delay(CHILD_FRAME_MS, undefined, { ref: false }),
            ]).catch(() => undefined),
      ),
  );
}

/** Runs axe-core on the page; violations capped, nodes as CSS targets with an HTML snippet. */
export async function readAccessibility(page: Page): Promise<AccessibilityViolation[]> {
  // Legacy mode runs axe inside the page instead of opening a helper page in the context: about
  // twice as fast (measured), and it skips only cross-origin iframes, which are not the app's.
  // Only violations are read: axe skips collecting passes and incompletes (its documented
  // speed-up for big pages; the same violations, about a third less time measured here).
  await injectAxe(page);
  const results = await new AxeBuilder({ page, axeSource: AXE_PRESENT })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations.slice(0, MAX_VIOLATIONS).map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    nodes: violation.nodes
      .slice(0, MAX_NODES_PER_VIOLATION)
      .map((node) => `${node.target.join(' ')} ${node.html.slice(0, 160)}`.trim()),
  }));
}

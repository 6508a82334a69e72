/**
 * The parts of an observation that read the page beyond the snapshot: links (with a cached status
 * probe of same-origin ones), images, and axe-core accessibility violations.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { APIRequestContext, Page } from './playwright-driver.js';
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

/** Reads `a[href]` elements: absolute href and visible text (or accessible label), deduplicated. */
export async function readLinks(page: Page): Promise<Array<Omit<LinkEntry, 'status'>>> {
  return page.evaluate((max) => {
    const seen = new Set<string>();
    const out: Array<{ href: string; text: string }> = [];
    for (const a of Array.from(document.querySelectorAll('a[href]'))) {
      const anchor = a as HTMLAnchorElement;
      const href = anchor.href;
      if (!/^https?:/i.test(href) || seen.has(href)) continue;
      seen.add(href);
      const text = (anchor.innerText || anchor.getAttribute('aria-label') || anchor.title || '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 120);
      out.push({ href, text });
      if (out.length >= max) break;
    }
    return out;
  }, MAX_LINKS);
}

/** Reads `<img>` elements; broken means the load finished with no pixels (404, bad data). */
export async function readImages(page: Page): Promise<ImageEntry[]> {
  return page.evaluate((max) => {
    const out: Array<{ src: string; alt: string | null; broken: boolean }> = [];
    for (const img of Array.from(document.images).slice(0, max)) {
      const src = img.currentSrc || img.src;
      if (!src) continue;
      // Lazy images not yet loaded are `complete === false`: not broken, just not fetched.
      out.push({
        src,
        alt: img.getAttribute('alt'),
        broken: img.complete && img.naturalWidth === 0,
      });
    }
    return out;
  }, MAX_IMAGES);
}

/** Links and images in one round trip to the page (see `readLinks`, `readImages`). */
export async function readLinksAndImages(
  page: Page,
): Promise<{ links: Array<Omit<LinkEntry, 'status'>>; images: ImageEntry[] }> {
  const [links, images] = await Promise.all([readLinks(page), readImages(page)]);
  return { links, images };
}

/** Probes same-origin links once per session (HEAD, then GET when HEAD is refused). */
export class LinkProber {
  private readonly statuses = new Map<string, number | null>();

  constructor(
    private readonly request: APIRequestContext,
    private readonly isAllowed: (url: string) => boolean,
  ) {}

  async annotate(links: Array<Omit<LinkEntry, 'status'>>): Promise<LinkEntry[]> {
    let budget = MAX_PROBES_PER_OBSERVATION;
    const pending: Array<Promise<void>> = [];
    for (const link of links) {
      const key = withoutHash(link.href);
      if (this.statuses.has(key) || !this.isAllowed(link.href) || UNSAFE_LINK.test(link.href)) {
        continue;
      }
      if (budget-- <= 0) break;
      this.statuses.set(key, null);
      pending.push(this.probe(key).then((status) => void this.statuses.set(key, status)));
    }
    await Promise.all(pending);
    return links.map((link) => ({
      ...link,
      status: this.statuses.get(withoutHash(link.href)) ?? null,
    }));
  }

  private async probe(url: string): Promise<number | null> {
    // No redirects: a redirect may lead off the allowed origins, and 3xx is not a broken link.
    const options = { timeout: PROBE_TIMEOUT_MS, maxRedirects: 0, failOnStatusCode: false };
    try {
      const head = await this.request.head(url, options);
      if (head.status() !== 405 && head.status() !== 501) return head.status();
    } catch {
      // Some servers drop HEAD; fall through to GET.
    }
    try {
      const get = await this.request.get(url, options);
      const status = get.status();
      await get.dispose();
      return status;
    } catch {
      return null;
    }
  }
}

function withoutHash(href: string): string {
  const index = href.indexOf('#');
  return index === -1 ? href : href.slice(0, index);
}

/** Runs axe-core on the page; violations capped, nodes as CSS targets with an HTML snippet. */
export async function readAccessibility(page: Page): Promise<AccessibilityViolation[]> {
  // Legacy mode runs axe inside the page instead of opening a helper page in the context: about
  // twice as fast (measured), and it skips only cross-origin iframes, which are not the app's.
  // Only violations are read: axe skips collecting passes and incompletes (its documented
  // speed-up for big pages; the same violations, about a third less time measured here).
  const results = await new AxeBuilder({ page })
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

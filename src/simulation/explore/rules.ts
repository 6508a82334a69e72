/**
 * What the exploration must not do: destructive or session-ending actions, downloads, other
 * origins. A skipped element is reported as not covered, so a reader knows it was left alone on
 * purpose.
 */
import type { PageElement } from './snapshot.js';

const DESTRUCTIVE =
  /\b(delete|remove|destroy|erase|purge|wipe|reset|drop|discard|revoke|deactivate|unsubscribe|terminate|cancel (?:my )?(?:account|subscription|order|plan)|close (?:my )?account|empty (?:the )?(?:trash|cart|bin)|clear (?:all|data|everything|history))\b/i;
const SESSION_ENDING = /\b(log ?out|log ?off|sign ?out|sign ?off)\b/i;
const DOWNLOAD = /\b(download|export)\b/i;
const DOWNLOAD_EXTENSION =
  /\.(zip|gz|tgz|tar|rar|7z|pdf|csv|xlsx?|docx?|pptx?|dmg|exe|msi|pkg|deb|rpm|apk|iso|mp4|mov|mp3)$/i;
const SESSION_URL = /\/(log-?out|sign-?out|logoff)\b/i;
const NON_HTTP = /^(mailto|tel|sms|javascript|data|blob|ftp|file):/i;

/** Why an element is left alone, or null when it may be exercised. */
export function skipReason(element: Pick<PageElement, 'role' | 'name' | 'url'>): string | null {
  if (SESSION_ENDING.test(element.name)) return 'ends the session';
  if (DESTRUCTIVE.test(element.name)) return 'destructive';
  if (element.role === 'link') {
    const url = element.url ?? '';
    if (SESSION_URL.test(url)) return 'ends the session';
    if (DOWNLOAD.test(element.name) || DOWNLOAD_EXTENSION.test(url.split(/[?#]/)[0] ?? '')) {
      return 'download';
    }
  }
  return null;
}

/**
 * Where a link leads, as an absolute URL without its fragment, when it stays on `origin` and
 * speaks HTTP; null for `mailto:`, other origins and fragment-only links to the same page.
 */
export function linkTarget(href: string, pageUrl: string, origin: string): string | null {
  if (!href || NON_HTTP.test(href.trim())) return null;
  let url: URL;
  try {
    url = new URL(href, pageUrl);
  } catch {
    return null;
  }
  if (url.origin !== origin || !/^https?:$/.test(url.protocol)) return null;
  url.hash = '';
  return url.toString();
}

/** A page's identity: origin, path and query, no fragment. */
export function pageKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** `/notes/12` and `/notes/7` are the same kind of page: `/notes/:id`. */
export function pageTemplate(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname
      .split('/')
      .map((part) =>
        /^\d+$/.test(part) || /^[0-9a-f]{8,}$/i.test(part) || /^[0-9a-f-]{16,}$/i.test(part)
          ? ':id'
          : part,
      )
      .join('/');
  } catch {
    return url;
  }
}

/** The path (and query) of a URL, as people read it in a step description. */
export function displayPath(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

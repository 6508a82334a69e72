/**
 * What the exploration must not do: destructive or session-ending actions, downloads, other
 * origins. A skipped element is reported as not covered, so a reader knows it was left alone on
 * purpose.
 */
import type { ControlHints } from '../browser/driver.js';
import type { PageElement } from './elements.js';

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

/** What an icon-only control's class, test id or title says when it deletes something. */
const DESTRUCTIVE_HINT = /(delete|remove|destroy|trash|erase|discard)/i;
const ICON_ROLES = new Set(['button', 'link', 'menuitem']);

/** A control whose name holds no word (`✖`, `🗑`, an unlabelled SVG): only the DOM says what it does. */
export function isIconOnly(element: Pick<PageElement, 'role' | 'name'>): boolean {
  return ICON_ROLES.has(element.role) && !/\p{L}{2,}/u.test(element.name);
}

/**
 * Why an icon-only control is left alone as destructive, or null: its class, test id or title
 * says delete/remove/destroy, and the list item or row it sits in is not one the walk created
 * (its text holds none of the values the walk typed). Deleting its own item is fair game.
 */
export function destructiveIconReason(
  hints: ControlHints,
  typed: readonly string[],
): string | null {
  const said = (
    [
      ['class', hints.className],
      ['test id', hints.testId],
      ['title', hints.title],
    ] as const
  ).find(([, value]) => DESTRUCTIVE_HINT.test(value));
  if (!said) return null;
  if (hints.itemText && typed.some((value) => hints.itemText.includes(value))) return null;
  return `destructive (an icon whose ${said[0]} is "${said[1].trim().slice(0, 60)}")`;
}

/** A field the app reads its data source from: typing into it would replace the app under test. */
const DATA_SOURCE =
  /\b(end ?point|server|host ?name|host|base ?url|api ?url|spec(?:ification)? ?url|schema ?url|graphql ?url|proxy|origin)\b/i;
/** A value that is itself an address or a spec file: `/openapi.json`, `https://api.example.com/`. */
const ADDRESS_VALUE = /^(https?:\/\/|wss?:\/\/|\/\S*\.(json|ya?ml)$)/i;
/** Settings that would change every name on the page (language) and so break the rest of the walk. */
const WALK_BREAKING = /\b(language|locale|sprache|langue|idioma)\b/i;

/**
 * Why a field or setting is left alone, or null: a field that says where the app loads its data
 * from (an API URL, an endpoint, a spec address) or a language switch.
 */
export function fieldSkipReason(
  element: Pick<PageElement, 'role' | 'name' | 'placeholder' | 'value'>,
): string | null {
  const label = `${element.name} ${element.placeholder ?? ''}`;
  if (['textbox', 'searchbox', 'combobox'].includes(element.role)) {
    if (DATA_SOURCE.test(label) || ADDRESS_VALUE.test((element.value ?? '').trim())) {
      return 'changes where the app loads its data from';
    }
  }
  if (['combobox', 'listbox', 'menuitemradio', 'radio'].includes(element.role)) {
    if (WALK_BREAKING.test(label)) return 'a setting that would change the rest of the walk';
  }
  return null;
}

/** `#/route` or `#!/route`: a page of a hash-routed app, not an anchor in the same page. */
export function isHashRoute(hash: string): boolean {
  return /^#!?\//.test(hash);
}

/**
 * The fragment of an in-page link (`href="#name"`, not a hash route and not a bare `#`), decoded,
 * or null. Whether it is an anchor or a route the app renders depends on the page: see the walk.
 */
export function inPageFragment(href: string | undefined): string | null {
  const value = (href ?? '').trim();
  if (!value.startsWith('#') || value === '#' || isHashRoute(value)) return null;
  try {
    return decodeURIComponent(value.slice(1));
  } catch {
    return value.slice(1);
  }
}

/** A link that is a button in disguise: `href="#"`, `href=""`, `javascript:void(0)`. */
export function isControlLink(href: string | undefined): boolean {
  const value = (href ?? '').trim();
  return value === '' || value === '#' || /^javascript:\s*(void\(0\)|;)?\s*;?$/i.test(value);
}

/**
 * Where a link leads, as an absolute URL (a hash route kept, any other fragment dropped), when it
 * stays on `origin` and speaks HTTP; null for `mailto:`, other origins and in-page anchors.
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
  // `#section` on this very page is an anchor (a scroll), not another page.
  if (href.trim().startsWith('#') && !isHashRoute(url.hash)) return null;
  return pageKey(url.toString());
}

/**
 * A page's identity: origin, path and query, plus its hash route (`#/guide`, without the
 * route's own `?query`). Other fragments are dropped, and so is the empty route `#/`.
 */
export function pageKey(url: string): string {
  try {
    const parsed = new URL(url);
    const route = isHashRoute(parsed.hash) ? parsed.hash.replace(/\?.*$/, '') : '';
    parsed.hash = /^#!?\/$/.test(route) ? '' : route;
    return parsed.toString();
  } catch {
    return url;
  }
}

/** `/notes/12` and `/notes/7` (or `#/slides/3` and `#/slides/4`) are one kind of page. */
export function pageTemplate(url: string): string {
  const template = (path: string): string =>
    path
      .split('/')
      .map((part) =>
        /^\d+$/.test(part) || /^[0-9a-f]{8,}$/i.test(part) || /^[0-9a-f-]{16,}$/i.test(part)
          ? ':id'
          : part,
      )
      .join('/');
  try {
    const parsed = new URL(pageKey(url));
    return template(parsed.pathname) + (parsed.hash ? `#${template(parsed.hash.slice(1))}` : '');
  } catch {
    return url;
  }
}

/** The path, query and hash route of a URL, as people read it in a step description. */
export function displayPath(url: string): string {
  try {
    const parsed = new URL(pageKey(url));
    return parsed.pathname + parsed.search + parsed.hash;
  } catch {
    return url;
  }
}

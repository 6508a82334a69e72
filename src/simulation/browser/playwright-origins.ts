/** Which requests the origin policy holds: top-level documents, judged by their origin. */
import type { Frame, Request } from './playwright-api.js';

/** A navigation of a page's main frame (a popup's included); iframes and subresources are not. */
export function isTopLevelNavigation(request: Request): boolean {
  return request.isNavigationRequest() && frameOf(request)?.parentFrame() === null;
}

/** The frame that made a request, or null when it has none. */
export function frameOf(request: Request): Frame | null {
  try {
    return request.frame();
  } catch {
    // Service-worker requests have no frame; they are not page navigations.
    return null;
  }
}

/** A URL's origin, or null for one that has none (data:, about:, unparsable). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    return null;
  }
}

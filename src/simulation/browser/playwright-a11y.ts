/** The accessibility check of a step's page, run once per page template. */
import type { Page } from './playwright-api.js';
import type { Observation } from './driver.js';
import { readAccessibility } from './playwright-page-extras.js';
import { firstLine } from './playwright-page.js';

/** Remembers which page templates were checked, so each is checked once per session. */
export class AccessibilityOncePerTemplate {
  private readonly checked = new Set<string>();

  /**
   * The page's accessibility violations (none when its template was already checked), or why
   * they could not be read; a template whose check failed is tried again on its next visit.
   */
  async check(
    page: Page,
    url: string,
  ): Promise<Pick<Observation, 'accessibility' | 'accessibilityError'>> {
    let key: string;
    try {
      const parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) return { accessibility: [] };
      // One check per page template: /notes/1 and /notes/2 render the same markup.
      key = parsed.origin + templateOf(parsed.pathname);
    } catch {
      return { accessibility: [] };
    }
    if (this.checked.has(key)) return { accessibility: [] };
    try {
      const accessibility = await readAccessibility(page);
      this.checked.add(key);
      return { accessibility };
    } catch (error) {
      return {
        accessibility: [],
        accessibilityError: firstLine(error) || 'axe-core failed without a message',
      };
    }
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

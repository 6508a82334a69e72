/**
 * The BrowserDriver adapter's entry point: launching a traced Chromium session
 * (`playwright-launch.ts`). The session itself (`playwright-session.ts`) holds navigation to the
 * allowed origins, records console / page errors / failed requests (`playwright-events.ts`) into
 * a buffer drained by `observe()`, and acts on snapshot refs (`playwright-actions.ts`) while
 * recording the equivalent best-practice locator code. Only `playwright-api.ts` imports
 * Playwright itself.
 */
import type { APIRequestContext, Page } from './playwright-api.js';

// playwright-page-extras.ts takes Playwright's types from here.
export type { APIRequestContext, Page };
export { CHROMIUM_FLAGS, contextOptions, launchBrowser } from './playwright-launch.js';
export { templateOf } from './playwright-a11y.js';

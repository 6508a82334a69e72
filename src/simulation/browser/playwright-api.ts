/**
 * The one module that imports `playwright-core`: the rest of the adapter (`playwright-*.ts`)
 * takes Playwright's values and types from here, so the SDK enters the engine at one place.
 */
export { chromium, devices } from 'playwright-core';
export type {
  APIRequestContext,
  Browser,
  BrowserContext,
  BrowserContextOptions,
  CDPSession,
  Frame,
  Locator,
  Page,
  Request,
} from 'playwright-core';

/** Launching Chromium for a session: the flags, the viewport's context options, tracing. */
import { chromium, devices } from './playwright-api.js';
import type { BrowserContextOptions } from './playwright-api.js';
import type { BrowserInfo, LaunchBrowser, Viewport } from './driver.js';
import { findBrowser } from './find-browser.js';
import { PlaywrightSession } from './playwright-session.js';

/** Flags measured on Debian's Chromium: without the background ones it keeps calling Google. */
export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** Context options for a viewport; mobile is a Pixel 7 (touch, mobile user agent, 412 px wide). */
export function contextOptions(viewport: Viewport): BrowserContextOptions {
  if (viewport === 'desktop') return DESKTOP;
  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7'] ?? {
    viewport: { width: 412, height: 839 },
    screen: { width: 412, height: 915 },
    deviceScaleFactor: 2.625,
    isMobile: true,
    hasTouch: true,
    defaultBrowserType: 'chromium',
  };
  return pixel;
}

/** Launches Chromium (found by findBrowser) and opens one traced page. */
export const launchBrowser: LaunchBrowser = async (options) => {
  const found = findBrowser(options.executablePath);
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const browser = await chromium.launch({
    executablePath: found.path,
    headless: !options.headed,
    // The sandbox cannot start as root (containers, CI images); elsewhere keep it.
    args: runningAsRoot ? ['--no-sandbox', ...CHROMIUM_FLAGS] : CHROMIUM_FLAGS,
  });
  try {
    const context = await browser.newContext({
      ...contextOptions(options.viewport),
      // A service worker could fetch past the route that holds navigation to the allowed origins.
      serviceWorkers: 'block',
      ...(options.storageStatePath ? { storageState: options.storageStatePath } : {}),
    });
    // The trace keeps a DOM snapshot before and after each action, which its viewer shows as the
    // page. Its screencast (a JPEG of every frame the page paints) is left out: each step has
    // its PNG in the report, and encoding frames took CPU from the page on every step.
    await context.tracing.start({ screenshots: false, snapshots: true, sources: false });
    const page = await context.newPage();
    const info: BrowserInfo = {
      name: found.source === 'chrome' ? 'Google Chrome' : 'Chromium',
      version: browser.version(),
      source: found.source,
      executablePath: found.path,
    };
    const session = new PlaywrightSession(browser, context, page, info, options);
    await session.init();
    return session;
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
};

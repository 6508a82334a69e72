/**
 * Opens a report page the way a person does from the PR comment: its URL in Chromium. Returns
 * what they would get: the served type and size, every request the page made beyond itself
 * (there must be none), whether each picture decoded, a screenshot kept under `.tmp/`, and,
 * when asked, what its link to the base run's report opens.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../src/simulation/browser/playwright-launch.js';

const CHROMIUM_ARGS = ['--no-sandbox', ...CHROMIUM_FLAGS];

/** Screenshots of the pages the tests opened, kept for a person to look at. */
export const SHOTS_DIR = path.join(process.cwd(), '.tmp', 'report-page');

export interface OpenedPage {
  contentType: string;
  bytes: number;
  /** URLs the page requested other than itself and its inline `data:` pictures. */
  otherRequests: string[];
  images: { total: number; broken: number };
  verdict: string | null;
  /** The line above the verdict saying which run this is (null on the PR's own page). */
  side: string | null;
  /** The page its "base run's own report" link opened, when asked to follow it. */
  base?: {
    url: string;
    contentType: string;
    verdict: string | null;
    brokenImages: number;
    side: string | null;
    title: string;
  };
}

/** Counts the page's pictures and those that did not decode. */
function countImages(page: Page): Promise<{ total: number; broken: number }> {
  return page.evaluate(() => {
    const all = Array.from(document.images);
    return {
      total: all.length,
      broken: all.filter((img) => !img.complete || img.naturalWidth === 0).length,
    };
  });
}

/** The report's line saying which side of a comparison its run was, or null. */
async function sideLine(page: Page): Promise<string | null> {
  const side = page.locator('#side');
  return (await side.count()) > 0 ? side.innerText() : null;
}

/**
 * Clicks the page's link to the base run's report; `serve` maps its URL (GitHub's) to where the
 * test serves it, and the answer is fulfilled from there as if GitHub had sent it.
 */
async function followBaseLink(
  page: Page,
  serve: (url: string) => string,
  name: string,
): Promise<NonNullable<OpenedPage['base']>> {
  const link = page.locator('#base-report');
  const url = await link.getAttribute('href');
  if (!url) throw new Error("the page has no link to the base run's report");
  await page.route(url, async (route) =>
    route.fulfill({ response: await route.fetch({ url: serve(url) }) }),
  );
  const [response] = await Promise.all([page.waitForEvent('response'), link.click()]);
  await page.waitForLoadState('load');
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
  return {
    url,
    contentType: response.headers()['content-type'] ?? '',
    verdict: await page.locator('#verdict').getAttribute('data-result'),
    brokenImages: (await countImages(page)).broken,
    side: await sideLine(page),
    title: await page.title(),
  };
}

/**
 * Opens `url` in Chromium at 1280 px; saves a full-page screenshot as `<name>.png`. With
 * `serveBase`, then follows the page's link to the base run's report (see {@link followBaseLink})
 * and saves that page as `<name>-base.png`.
 */
export async function openReportPage(
  url: string,
  name: string,
  serveBase?: (url: string) => string,
): Promise<OpenedPage> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response) throw new Error(`no response for ${url}`);
    const body = await response.body();
    const images = await countImages(page);
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
    const opened: OpenedPage = {
      contentType: response.headers()['content-type'] ?? '',
      bytes: body.length,
      otherRequests: requests.filter((r) => r !== url && !r.startsWith('data:')),
      images,
      verdict: await page.locator('#verdict').getAttribute('data-result'),
      side: await sideLine(page),
    };
    return serveBase
      ? { ...opened, base: await followBaseLink(page, serveBase, `${name}-base`) }
      : opened;
  } finally {
    await browser.close();
  }
}

/**
 * Opens a report page the way a person does from the PR comment: its URL in Chromium. Returns
 * what they would get: the served type and size, every request the page made beyond itself
 * (there must be none), whether each picture decoded, and a screenshot kept under `.tmp/`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
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
}

/** Opens `url` in Chromium at 1280 px; saves a full-page screenshot as `<name>.png`. */
export async function openReportPage(url: string, name: string): Promise<OpenedPage> {
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
    const images = await page.evaluate(() => {
      const all = Array.from(document.images);
      return {
        total: all.length,
        broken: all.filter((img) => !img.complete || img.naturalWidth === 0).length,
      };
    });
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
    return {
      contentType: response.headers()['content-type'] ?? '',
      bytes: body.length,
      otherRequests: requests.filter((r) => r !== url && !r.startsWith('data:')),
      images,
      verdict: await page.locator('#verdict').getAttribute('data-result'),
    };
  } finally {
    await browser.close();
  }
}

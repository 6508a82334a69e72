/**
 * report.html as a person reads it, in Chromium at 1280 px and on a 390 px phone, written by
 * the real writer from real screenshots of a compared run: every picture inline and shown, no
 * request beyond the file, each picture opens at its full size with no script, the timeline
 * marks new / preexisting / fixed per step, the evidence stays on screen, the coverage states
 * its ratio and floor, and a 30-step compared run stays under 5 MB. Screenshots of what was
 * seen are kept under .tmp/report-page/.
 */
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../server/login-helpers.js';
import { SHOTS_DIR } from '../action/report-page.js';
import { writeComparedRun } from '../helpers/report-folder.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  dir = await mkdtemp(join(tmpdir(), 'report-pictures-'));
  await writeComparedRun(browser, dir, 4, 1);
  await mkdir(SHOTS_DIR, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(width: number): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
  return { page, requests };
}

/** Clicks a picture; returns its rendered and natural widths while it is open. */
async function openPicture(page: Page, selector: string) {
  await page.locator(`${selector} a.zoom`).click();
  const img = page.locator(`${selector} img`);
  const sizes = await img.evaluate((el: HTMLImageElement) => ({
    shown: el.clientWidth, // drawn width, without the frame's border
    natural: el.naturalWidth,
    target: document.querySelector(':target')?.id ?? null,
  }));
  return sizes;
}

describe.each([1280, 390])('report.html at %i px', (width) => {
  it('shows every picture from the file itself, and opens each at full size without script', async () => {
    const { page, requests } = await open(width);
    expect(requests.filter((r) => !r.startsWith('file:') && !r.startsWith('data:'))).toEqual([]);
    expect(requests.filter((r) => r.startsWith('file:'))).toHaveLength(1);
    const images = await page.evaluate(() =>
      Array.from(document.images).map((i) => i.complete && i.naturalWidth > 0),
    );
    // Four steps, and the changed page's before, after and difference.
    expect(images.length).toBe(4 + 3);
    expect(images.every(Boolean)).toBe(true);
    expect(await page.locator('script').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS_DIR, `pictures-${width}.png`), fullPage: true });

    const thumb = await page.locator('#shot-2 img').boundingBox();
    const step = await openPicture(page, '#shot-2');
    expect(step.target).toBe('shot-2');
    expect(step.natural).toBe(1280); // the whole screenshot, not a thumbnail
    expect(step.shown).toBe(step.natural);
    expect(step.shown).toBeGreaterThan(thumb!.width);
    await page.screenshot({ path: join(SHOTS_DIR, `pictures-${width}-step-open.png`) });
    await page.locator('#shot-2 a.close').click();
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('step-2');

    for (const role of ['before', 'after', 'diff']) {
      const opened = await openPicture(page, `#visual-1-${role}`);
      expect(opened.target).toBe(`visual-1-${role}`);
      expect(opened.shown).toBe(opened.natural);
      expect(opened.natural).toBe(1280);
      if (role === 'diff') {
        await page.screenshot({ path: join(SHOTS_DIR, `pictures-${width}-diff-open.png`) });
      }
      await page.locator(`#visual-1-${role} a.close`).click();
      expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('visual-1');
    }
    await page.close();
  });

  it('marks each step new / preexisting / fixed, keeps the evidence on screen, states coverage', async () => {
    const { page } = await open(width);
    const marks = (n: number) =>
      page.locator(`#step-${n} [data-mark]`).evaluateAll((els) => els.map((e) => e.textContent));
    expect(await marks(1)).toEqual(['1 preexisting']);
    expect(await marks(2)).toEqual(['1 new']);
    expect(await marks(3)).toEqual([]);
    expect(await marks(4)).toEqual(['1 fixed']);
    expect(await page.locator('#findings a[href="#step-2"]').count()).toBe(1);

    const evidence = page.locator('#finding-F1 td[data-label="Evidence"] pre');
    await evidence.scrollIntoViewIfNeeded();
    expect(await evidence.isVisible()).toBe(true);
    const box = await evidence.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    expect(await evidence.textContent()).toContain('answered HTTP 404');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator('#findings').screenshot({ path: join(SHOTS_DIR, `findings-${width}.png`) });

    expect(await page.locator('#criteria').count()).toBe(0); // exploration: no empty card
    expect(await page.locator('#coverage-ratio').textContent()).toBe(
      'Exercised 33% (3 of 9 pages and controls seen); the floor is 30%: met.',
    );
    expect(await page.locator('#base-report').getAttribute('href')).toBe('base/report.html');
    await page.close();
  });
});

describe('a 30-step compared run', () => {
  it('writes one page under 5 MB that shows every picture or names those left to the zip', async () => {
    const big = await mkdtemp(join(tmpdir(), 'report-pictures-30-'));
    try {
      await writeComparedRun(browser, big, 30, 8);
      const size = (await stat(join(big, 'report.html'))).size;
      expect(size).toBeLessThanOrEqual(5 * 1024 * 1024);
      const html = await readFile(join(big, 'report.html'), 'utf8');
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(join(big, 'report.html')).href, { waitUntil: 'load' });
      const shown = await page.evaluate(
        () => Array.from(document.images).filter((i) => i.naturalWidth > 0).length,
      );
      const left = await page.getByText('Picture left to the zip').count();
      expect(requests.filter((r) => !r.startsWith('data:'))).toHaveLength(1);
      // 30 step screenshots and, for 8 changed pages, before, after and difference.
      expect(shown + left).toBeGreaterThanOrEqual(30 + 8 * 3);
      if (left > 0) expect(html).toContain('left to the zip');
      await page.close();
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  }, 240_000);
});

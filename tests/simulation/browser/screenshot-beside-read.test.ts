/**
 * A step's screenshot is taken while its page tree is read, and the screenshot tints the element
 * the step acted on with an overlay Playwright lays over the page for the capture. The tree read
 * meanwhile must be the page's own: no overlay in it, nothing missing. Real Chromium; the expected
 * tree is the one read before any screenshot, and the overlay's presence during the reads is
 * checked in the page itself, so the test fails if the capture stops overlapping the reads or if
 * Playwright's overlay ever shows up in the tree.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../../../src/simulation/browser/playwright-launch.js';
import { readPage, takeScreenshot } from '../../../src/simulation/browser/playwright-page.js';

// Tall enough for a full-page capture that takes a while; short enough to be taken whole.
const PAGE = `<!doctype html><html lang="en"><title>Orders</title>
<main><h1>Orders</h1>
${Array.from({ length: 40 }, (_, i) => `<p>Order ${i + 1} <button>Ship ${i + 1}</button> <a href="#o${i + 1}">Details ${i + 1}</a></p>`).join('\n')}
<form><label>Note <input name="note"></label><button>Save</button></form>
</main>`;

let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'myfav-shot-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', ...CHROMIUM_FLAGS],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent(PAGE);
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

it('reads the page tree unchanged while the screenshot tints the acted-on element', async () => {
  const before = (await readPage(page)).snapshot;
  expect(before).toContain('button "Save"');
  const target = page.getByRole('button', { name: 'Save' });

  const reads: Array<{ snapshot: string; overlay: boolean }> = [];
  let capturing = true;
  const shot = takeScreenshot(page, join(dir, 'step.png'), target).finally(() => {
    capturing = false;
  });
  while (capturing) {
    // Whether Playwright's overlay is in the page right now, then the tree as a step reads it.
    const overlay = await page.evaluate(() => document.querySelector('x-pw-glass') !== null);
    reads.push({ snapshot: (await readPage(page)).snapshot, overlay });
  }
  expect(await shot).toEqual({ x: 0, y: 0 });

  expect(reads.some((read) => read.overlay)).toBe(true);
  for (const read of reads) expect(read.snapshot).toBe(before);
});

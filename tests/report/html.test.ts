import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/index.js';
import { CHROMIUM_FLAGS } from '../../src/simulation/browser/playwright-launch.js';
import {
  sampleCriterion,
  sampleFinding,
  sampleReport,
  sampleStep,
} from '../../fixtures/sample-report.js';

const CHROMIUM_ARGS = ['--no-sandbox', ...CHROMIUM_FLAGS];

/** Page text that would run script or load from the network if it were not escaped. */
const HOSTILE =
  '<script>window.__pwned = 1</script><img src="http://127.0.0.1:9/pixel.png" onerror="window.__pwned = 2">';

let browser: Browser;
let dir: string;
let png: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  dir = await mkdtemp(join(tmpdir(), 'report-html-'));
  // A real PNG, made by the browser itself, stands in for a step's screenshot.
  const page = await browser.newPage({ viewport: { width: 64, height: 40 } });
  await page.setContent(
    '<body style="margin:0;background:#2da44e"><h1 style="color:#fff">ok</h1></body>',
  );
  png = (await page.screenshot({ type: 'png' })).toString('base64');
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Writes `html` to a file and opens it; returns the page and every request it made. */
async function open(
  html: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; requests: string[] }> {
  const file = join(dir, `report-${Math.random().toString(36).slice(2)}.html`);
  await writeFile(file, html);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests };
}

describe('renderHtml in Chromium', () => {
  const report = sampleReport({
    result: 'fail',
    summary: `Fail: 1 error found in 4 steps across 2 pages — ${HOSTILE}`,
    steps: [
      sampleStep(1),
      sampleStep(2, {
        description: `Fill "Name" with ${HOSTILE}`,
        outcome: 'error',
        error: `Error: ${HOSTILE}`,
      }),
      sampleStep(3, {
        snapshotExcerpt: `- text: ${HOSTILE}`,
        url: `http://127.0.0.1:3000/${'very-long-path-segment-'.repeat(20)}`,
      }),
      sampleStep(4, { screenshot: undefined }),
    ],
    criteria: [sampleCriterion({ description: HOSTILE, status: 'fail', reason: HOSTILE })],
    findings: [sampleFinding({ title: HOSTILE, evidence: HOSTILE })],
    appLogTail: `GET / 500\n${HOSTILE}`,
  });
  // A function: the PNG is made in beforeAll, after this block is collected.
  const images = (): Record<string, string> => ({
    'screenshots/step-001.png': png,
    'screenshots/step-002.png': `data:image/png;base64,${png}`,
    'screenshots/step-003.png': png,
  });

  it('shows the verdict badge, each screenshot beside its step, and makes no request', async () => {
    const { page, requests } = await open(renderHtml(report, { images: images() }));
    await expect.poll(() => page.locator('#verdict').textContent()).toBe('✕ Fail');
    expect(await page.title()).toContain('Fail');
    expect(await page.locator('.summary').textContent()).toContain(
      'Fail: 1 error found in 4 steps',
    );

    const shots = await page.locator('li.step img').evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((img) => ({
        complete: img.complete,
        width: img.naturalWidth,
        alt: img.alt,
      })),
    );
    expect(shots).toHaveLength(3);
    for (const shot of shots) {
      expect(shot.complete).toBe(true);
      expect(shot.width).toBeGreaterThan(0);
    }
    expect(shots.map((s) => s.alt)).toEqual([
      'Screenshot after step 1',
      'Screenshot after step 2',
      'Screenshot after step 3',
    ]);
    await expect.poll(() => page.locator('#step-4 .noshot').textContent()).toBe('No screenshot');

    // The screenshot sits beside what was done, not above it, on a desktop screen.
    const [shotBox, textBox] = await Promise.all([
      page.locator('#step-1 figure').boundingBox(),
      page.locator('#step-1 .what').boundingBox(),
    ]);
    expect(shotBox!.x + shotBox!.width).toBeLessThanOrEqual(textBox!.x);
    expect(Math.abs(shotBox!.y - textBox!.y)).toBeLessThan(5);

    // Step details: code, url, outcome, the collapsible snapshot.
    const step2 = page.locator('#step-2');
    expect(await step2.locator('pre code').textContent()).toBe(
      "await page.getByRole('button', { name: 'Action 2' }).click();",
    );
    expect(await step2.locator('.error-box').textContent()).toBe(`Error: ${HOSTILE}`);
    expect(await page.locator('#step-3 details pre').textContent()).toBe(`- text: ${HOSTILE}`);
    expect(
      await page.locator('#step-3 details').evaluate((d) => (d as HTMLDetailsElement).open),
    ).toBe(false);

    // Only the file itself was loaded: screenshots are inline, nothing reaches the network.
    expect(requests.filter((url) => !url.startsWith('data:'))).toEqual([
      expect.stringMatching(/^file:\/\/.*report-.*\.html$/),
    ]);
    await page.context().close();
  });

  it('escapes page text: a <script> in it is shown, never run', async () => {
    const { page } = await open(renderHtml(report, { images: images() }));
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img[src^="http"], img[onerror]').count()).toBe(0);
    expect(await page.locator('#step-2 h3').textContent()).toBe(`2Fill "Name" with ${HOSTILE}`);
    expect(await page.locator('#criteria strong').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('#findings td pre').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('#app-log pre').textContent()).toBe(`GET / 500\n${HOSTILE}`);
    await page.context().close();
  });

  it('reads on a phone: one column, nothing wider than the screen', async () => {
    const { page } = await open(renderHtml(report, { images: images() }), {
      width: 390,
      height: 844,
    });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const [shotBox, textBox] = await Promise.all([
      page.locator('#step-1 figure').boundingBox(),
      page.locator('#step-1 .what').boundingBox(),
    ]);
    expect(textBox!.y).toBeGreaterThanOrEqual(shotBox!.y + shotBox!.height);
    await page.context().close();
  });

  it('shows usage, timings and environment, and says when no model ran', async () => {
    const { page } = await open(renderHtml(report, { images: images() }));
    const usage = await page.locator('#usage').textContent();
    expect(usage).toContain('claude-sonnet-4-5');
    expect(usage).toContain('12,345');
    expect(usage).toContain('$0.052');
    expect(usage).toContain('anthropic-2026-02');
    expect(await page.locator('#timings').textContent()).toContain('Total 1m 12s');
    expect(await page.locator('#environment').textContent()).toContain('src/cart.ts');
    await page.context().close();

    const explore = sampleReport({
      usage: {
        model: null,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: null,
        priceTable: null,
      },
    });
    const second = await open(renderHtml(explore));
    expect(await second.page.locator('#usage').textContent()).toContain(
      'No model (exploration mode)',
    );
    expect(await second.page.locator('#verdict').textContent()).toBe('✓ Pass');
    // No images given: every step shows its placeholder instead of a broken image.
    expect(await second.page.locator('li.step img').count()).toBe(0);
    expect(await second.page.locator('li.step .noshot').count()).toBe(3);
    await second.page.context().close();
  });

  it('refuses an image value that is not base64, so it cannot break out of the attribute', async () => {
    const { page } = await open(
      renderHtml(sampleReport({ steps: [sampleStep(1)] }), {
        images: { 'screenshots/step-001.png': '" onerror="window.__pwned=3' },
      }),
    );
    expect(await page.locator('li.step img').count()).toBe(0);
    expect(await page.locator('#step-1 .noshot').textContent()).toBe('Screenshot missing');
    await page.context().close();
  });
});

describe('renderHtml with a base comparison, in Chromium', () => {
  const comparison = {
    baseRef: 'main',
    baseSha: 'c'.repeat(40),
    method: 'explore' as const,
    baseReport: 'base/report.json',
    baseResult: 'fail' as const,
    failOnPreexisting: false,
    rechecked: true,
    fixed: [
      {
        check: 'broken-image',
        severity: 'error' as const,
        title: HOSTILE,
        url: null,
        evidence: HOSTILE,
      },
    ],
    visual: [
      {
        step: 1,
        baseStep: 2,
        url: 'http://127.0.0.1:3000/settings',
        page: `/settings${HOSTILE}`,
        ratio: 0.05,
        expected: false,
        before: 'visual/step-001-before.png',
        after: 'screenshots/step-001.png',
        diff: 'visual/step-001-diff.png',
      },
    ],
    notes: [HOSTILE],
  };

  it('shows before, after and difference side by side, keeps preexisting findings collapsed, and stays inert', async () => {
    const report = sampleReport({
      findings: [
        sampleFinding({ id: 'F1', title: 'New crash', baseline: 'new' }),
        sampleFinding({ id: 'F2', title: 'Old badge', baseline: 'preexisting' }),
      ],
      comparison,
    });
    const images = {
      'screenshots/step-001.png': png,
      'visual/step-001-before.png': png,
      'visual/step-001-diff.png': png,
    };
    const { page, requests } = await open(renderHtml(report, { images }));
    const trio = page.locator('li.visual-change img');
    const shown = await trio.evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((img) => ({
        alt: img.alt,
        width: img.naturalWidth,
        top: Math.round(img.getBoundingClientRect().top),
      })),
    );
    expect(shown.map((s) => s.alt)).toEqual([
      'Before (base)',
      'After (this PR)',
      'Difference (changed pixels in red)',
    ]);
    for (const s of shown) expect(s.width).toBeGreaterThan(0);
    // Side by side: the three images start on the same line.
    expect(new Set(shown.map((s) => s.top)).size).toBe(1);
    expect(await page.locator('#comparison').textContent()).toContain('Unexpected visual change');
    expect(await page.locator('#preexisting').getAttribute('open')).toBeNull();
    expect(await page.locator('#preexisting').textContent()).toContain('Old badge');
    expect(await page.locator('#findings > .table-wrap').textContent()).not.toContain('Old badge');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual(
      [],
    );
    await page.context().close();
  });
});

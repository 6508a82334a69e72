/**
 * The HTML report outlines the element each step acted on, over that step's screenshot. A real
 * run (app process, Chromium, the report files the engine writes) replays two clicks on a page
 * longer than the window, so the click scrolls and the screenshot is of the whole page; the
 * report is then opened in Chromium, under its own CSP, and the outline's rendered rectangle is
 * compared with where the button is in the image: its position is written by hand in the page.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, Step } from '../../src/contract/index.js';
import { simulate } from '../../src/simulation/simulate.js';
import { freePort } from '../../fixtures/fixture-repo.js';
import { CHROMIUM_FLAGS } from '../../src/simulation/browser/playwright-launch.js';

/** Where the page puts the button, in page pixels: the expected box in the full-page shot. */
const BUTTON = { x: 300, y: 1400, width: 200, height: 80 };

const PAGE = `<!doctype html><html lang="en"><head><title>Target</title><style>
  body { margin: 0; height: 2000px; background: #fff; }
  #far { position: absolute; left: ${BUTTON.x}px; top: ${BUTTON.y}px; width: ${BUTTON.width}px;
    height: ${BUTTON.height}px; margin: 0; border: 0; background: #def; }
  #gone { position: absolute; left: 20px; top: 20px; }
</style></head><body><main>
  <button id="gone" onclick="this.remove()">Vanish</button>
  <button id="far">Far away</button>
</main></body></html>`;

const SERVER = `import { createServer } from 'node:http';
createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(${JSON.stringify(PAGE)}); })
  .listen(Number(process.argv[2]), '127.0.0.1');`;

let dir: string;
let browser: Browser;
let report: Report;
let outDir: string;

function step(index: number, code: string, description: string): Step {
  return {
    index,
    action: 'click',
    description,
    code,
    url: '',
    startedAt: new Date().toISOString(),
    durationMs: 0,
    outcome: 'ok',
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'html-target-'));
  outDir = join(dir, 'out');
  await writeFile(join(dir, 'server.mjs'), SERVER);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  ({ report } = await simulate({
    url,
    startCommand: `node server.mjs ${port}`,
    cwd: dir,
    readyTimeoutMs: 20_000,
    changedFiles: [],
    pr: null,
    maxSteps: 10,
    timeoutSec: 120,
    viewport: 'desktop',
    outDir,
    secrets: [],
    secretNames: [],
    replay: [
      step(1, `await page.goto('${url}');`, 'Open the page'),
      step(2, "await page.getByRole('button', { name: 'Far away' }).click();", 'Click far'),
      step(3, "await page.getByRole('button', { name: 'Vanish' }).click();", 'Click vanish'),
    ],
  }));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', ...CHROMIUM_FLAGS],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('report.html outlines the element acted on (real run, real Chromium)', () => {
  it('records where the clicked element is in the full-page screenshot', () => {
    expect(report.steps.map((s) => s.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(report.steps[1]?.target).toEqual(BUTTON);
    // A navigation acts on no element; a button the click removed is not on the page any more.
    expect(report.steps[0]?.target).toBeUndefined();
    expect(report.steps[2]?.target).toBeUndefined();
  });

  it.each([1280, 700])('draws the outline over the button at a %ipx wide window', async (width) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(pathToFileURL(join(outDir, 'report.html')).href);
    const shot = page.locator('#step-2 figure.shot img');
    const outline = page.locator('#step-2 .acted-on');
    await expect.poll(() => outline.count()).toBe(1);
    const natural = await shot.evaluate((img: HTMLImageElement) => ({
      width: img.naturalWidth,
      clientLeft: img.clientLeft,
      clientTop: img.clientTop,
    }));
    const image = (await shot.boundingBox())!;
    const drawn = (await outline.boundingBox())!;
    // The image's content box (inside its 1px border) is what the screenshot's pixels fill.
    const scale = (image.width - 2 * natural.clientLeft) / natural.width;
    const expected = {
      x: image.x + natural.clientLeft + BUTTON.x * scale,
      y: image.y + natural.clientTop + BUTTON.y * scale,
      width: BUTTON.width * scale,
      height: BUTTON.height * scale,
    };
    for (const key of ['x', 'y', 'width', 'height'] as const)
      expect(Math.abs(drawn[key] - expected[key]), `${key} at ${width}px`).toBeLessThanOrEqual(2);
    // No outline where no element was acted on, and nothing the CSP had to block.
    expect(await page.locator('#step-1 .acted-on, #step-3 .acted-on').count()).toBe(0);
    expect(blocked).toEqual([]);
    await page.close();
  });
});

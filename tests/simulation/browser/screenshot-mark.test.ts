/**
 * The report's screenshot of a step marks the element the step acted on, and only then: pixels
 * are read back from the PNG in Chromium at the centre of the element's box, which comes from
 * Playwright's own tree of that step.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../../src/simulation/browser/driver.js';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { findNodes } from '../../../src/simulation/page/index.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import { CHROMIUM_FLAGS } from '../../../src/simulation/browser/playwright-launch.js';

const PAGE = `<!doctype html><html lang="en"><head><title>Mark</title><style>
  body { background: #fff; margin: 0; }
  button { background: #fff; border: 0; width: 200px; height: 80px; position: absolute; left: 300px; top: 200px; color: #fff; }
</style></head><body><main><button onclick="void 0">Plain</button></main></body></html>`;

/** A click paints a box blue through a 3 s transition: longer than any wait of a step. */
const FADE = `<!doctype html><html lang="en"><head><title>Fade</title><style>
  body { background: #fff; margin: 0; }
  #box { position: absolute; left: 40px; top: 400px; width: 100px; height: 100px; background: #fff; transition: background-color 3s linear; }
  button { position: absolute; left: 300px; top: 200px; }
</style></head><body><main><div id="box"></div>
<button onclick="document.getElementById('box').style.backgroundColor = 'rgb(0, 0, 255)'">Paint</button>
</main></body></html>`;

let server: StaticServer;
let session: BrowserSession;
let reader: Browser;
let outDir: string;

beforeAll(async () => {
  server = await startStaticServer({ '/': PAGE, '/fade': FADE });
  outDir = await mkdtemp(join(tmpdir(), 'mark-'));
  session = await launchBrowser({
    executablePath: '/usr/bin/chromium',
    viewport: 'desktop',
    allowedOrigins: [server.origin],
    outDir,
  });
  reader = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', ...CHROMIUM_FLAGS],
  });
}, 60_000);
afterAll(async () => {
  await session?.close();
  await reader?.close();
  await server?.close();
  await rm(outDir, { recursive: true, force: true });
});

/** The RGB of the PNG at (x, y), decoded by Chromium. */
async function pixel(file: string, x: number, y: number): Promise<number[]> {
  const page = await reader.newPage();
  const data = (await readFile(join(outDir, file))).toString('base64');
  const rgb = await page.evaluate(
    async ({ data, x, y }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      return Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
    },
    { data, x, y },
  );
  await page.close();
  return rgb;
}

describe('screenshots mark the element acted on (real Chromium)', { timeout: 60_000 }, () => {
  it('tints the clicked element in its step, not in a navigation step', async () => {
    await session.perform({ kind: 'navigate', url: `${server.origin}/` });
    const first = await session.observe(1);
    const [button] = findNodes(first.tree, { role: 'button', text: 'Plain' }).nodes;
    expect(button?.box).toBeDefined();
    const box = button!.box!;
    const cx = Math.round(box.x + box.width / 2);
    const cy = Math.round(box.y + box.height / 2);
    expect(await pixel(first.screenshot, cx, cy)).toEqual([255, 255, 255]);

    await session.perform({ kind: 'click', ref: button!.ref! });
    const second = await session.observe(2);
    const [r, g, b] = await pixel(second.screenshot, cx, cy);
    expect(r).toBeGreaterThan(g! + 20); // the reddish tint
    expect(b).toBeLessThan(255);
    // Outside the element the page is as it was.
    expect(await pixel(second.screenshot, 20, 20)).toEqual([255, 255, 255]);
  });

  it('shows a transition the step started at its end, so two runs of the step capture the same picture', async () => {
    await session.perform({ kind: 'navigate', url: `${server.origin}/fade` });
    const first = await session.observe(3);
    expect(await pixel(first.screenshot, 90, 450)).toEqual([255, 255, 255]);
    const [button] = findNodes(first.tree, { role: 'button', text: 'Paint' }).nodes;
    await session.perform({ kind: 'click', ref: button!.ref! });
    const second = await session.observe(4);
    expect(await pixel(second.screenshot, 90, 450)).toEqual([0, 0, 255]);
  });
});

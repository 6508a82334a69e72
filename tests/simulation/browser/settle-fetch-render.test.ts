/**
 * A click that fetches, then renders the answer in bursts, is observed once the last burst is on
 * the page: the DOM is watched while the request is in flight and the wait ends only with the
 * network quiet and the DOM quiet after it. The server answers after 200 ms; the page then shows
 * "Loading…", and 30 ms later the server's text, then a count 30 ms after that. Real Chromium.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserSession } from '../../../src/simulation/browser/driver.js';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { findNodes } from '../../../src/simulation/page/index.js';
import { StepRecorder } from '../../../src/simulation/recording.js';

const PAGE = `<!doctype html><html lang="en"><title>Orders</title><main><h1>Orders</h1>
<button id="load">Load orders</button><p id="status">Nothing loaded</p><p id="count"></p>
<script>
document.getElementById('load').addEventListener('click', () => {
  fetch('/orders').then((response) => response.text()).then((text) => {
    document.getElementById('status').textContent = 'Loading…';
    setTimeout(() => {
      document.getElementById('status').textContent = text;
      setTimeout(() => { document.getElementById('count').textContent = '3 orders'; }, 30);
    }, 30);
  });
});
</script></main>`;

let server: Server;
let session: BrowserSession;
let outDir: string;
let snapshot: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/orders') {
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'text/plain' }).end('Orders from the server'),
        200,
      );
      return;
    }
    res
      .writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html' })
      .end(req.url === '/' ? PAGE : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  outDir = await mkdtemp(join(tmpdir(), 'settle-fetch-'));
  session = await launchBrowser({
    executablePath: '/usr/bin/chromium',
    viewport: 'desktop',
    allowedOrigins: [origin],
    outDir,
  });
  const recorder = new StepRecorder(session, (text) => text);
  const opened = await recorder.record({ kind: 'navigate', url: `${origin}/` }, 'Open orders');
  const ref = findNodes(opened.observation.tree, { role: 'button', text: 'Load orders' }).nodes[0]
    ?.ref;
  if (!ref) throw new Error(`no Load orders button:\n${opened.observation.snapshot}`);
  const clicked = await recorder.record({ kind: 'click', ref }, 'Load the orders');
  snapshot = clicked.observation.snapshot;
}, 120_000);

afterAll(async () => {
  await session?.close();
  server?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

it('observes the click after the fetched answer and the render that followed it', () => {
  expect(snapshot).toContain('Orders from the server');
  expect(snapshot).toContain('3 orders');
  expect(snapshot).not.toContain('Loading…');
});

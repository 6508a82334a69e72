/**
 * A click that fetches, then renders the answer in bursts, is observed once the last burst is on
 * the page: the DOM is watched while the request is in flight and the wait ends only with the
 * network quiet and the DOM quiet after it. The server answers after 200 ms; the page then shows
 * "Loading…", and 30 ms later the server's text, then a count 30 ms after that. Real Chromium.
 *
 * A second button starts its fetch in the task after the click (as code that defers its work
 * does): its request reaches the engine only after the click has returned, and is waited for all
 * the same.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBrowser, type BrowserRun } from '../../../fixtures/fixture-app.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import { findNodes } from '../../../src/simulation/page/index.js';

const PAGE = `<!doctype html><html lang="en"><title>Orders</title><main><h1>Orders</h1>
<button id="load">Load orders</button><p id="status">Nothing loaded</p><p id="count"></p>
<button id="later">Load invoices</button><p id="invoices">No invoices</p>
<script>
document.getElementById('later').addEventListener('click', () => {
  setTimeout(() => {
    fetch('/invoices').then((response) => response.text()).then((text) => {
      document.getElementById('invoices').textContent = text;
    });
  }, 0);
});
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

let server: StaticServer;
let browser: BrowserRun;
let snapshot: string;
let deferred: string;

beforeAll(async () => {
  server = await startStaticServer({
    '/': PAGE,
    '/orders': { body: 'Orders from the server', contentType: 'text/plain', delayMs: 200 },
    '/invoices': { body: 'Invoices from the server', contentType: 'text/plain', delayMs: 200 },
  });
  const { origin } = server;
  browser = await openBrowser([origin]);
  const { recorder } = browser;
  const opened = await recorder.record({ kind: 'navigate', url: `${origin}/` }, 'Open orders');
  const ref = findNodes(opened.observation.tree, { role: 'button', text: 'Load orders' }).nodes[0]
    ?.ref;
  if (!ref) throw new Error(`no Load orders button:\n${opened.observation.snapshot}`);
  const clicked = await recorder.record({ kind: 'click', ref }, 'Load the orders');
  snapshot = clicked.observation.snapshot;
  const later = findNodes(clicked.observation.tree, { role: 'button', text: 'Load invoices' })
    .nodes[0]?.ref;
  if (!later) throw new Error(`no Load invoices button:\n${snapshot}`);
  deferred = (await recorder.record({ kind: 'click', ref: later }, 'Load the invoices')).observation
    .snapshot;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('observes the click after the fetched answer and the render that followed it', () => {
  expect(snapshot).toContain('Orders from the server');
  expect(snapshot).toContain('3 orders');
  expect(snapshot).not.toContain('Loading…');
});

it('observes a click whose fetch starts in the task after it, once the answer is on the page', () => {
  expect(deferred).toContain('Invoices from the server');
  expect(deferred).not.toContain('No invoices');
});

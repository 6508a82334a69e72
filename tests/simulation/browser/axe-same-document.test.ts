/**
 * A single-page app keeps one document across its page templates, so axe is already in it (and in
 * its frames) when the second template is checked. That check must still see the new template's
 * violations, in the page and in its same-origin iframe. Real Chromium; the rule ids are axe-core's
 * own (`button-name`, `image-alt`), written out by hand.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBrowser, type BrowserRun } from '../../../fixtures/fixture-app.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import type { Observation } from '../../../src/simulation/browser/driver.js';
import { findNodes } from '../../../src/simulation/page/index.js';

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
const PAGES: Record<string, string> = {
  '/': `<!doctype html><html lang="en"><title>Notes</title>
<main><h1>Notes</h1><button id="open">Open settings</button></main>
<aside><iframe title="Help" src="/help"></iframe></aside>
<script>
document.getElementById('open').addEventListener('click', () => {
  history.pushState({}, '', '/settings');
  document.querySelector('main').innerHTML = '<h1>Settings</h1><button class="gear"></button>';
  frames[0].document.body.innerHTML = '<img src="${PIXEL}">';
});
</script>`,
  '/help': `<!doctype html><html lang="en"><title>Help</title><body><p>Help</p></body>`,
};

let server: StaticServer;
let browser: BrowserRun;
let first: Observation;
let second: Observation;

beforeAll(async () => {
  server = await startStaticServer(PAGES);
  browser = await openBrowser([server.origin]);
  const { recorder } = browser;
  first = (await recorder.record({ kind: 'navigate', url: `${server.origin}/` }, 'Open notes'))
    .observation;
  const ref = findNodes(first.tree, { role: 'button', text: 'Open settings' }).nodes[0]?.ref;
  if (!ref) throw new Error(`no "Open settings" button:\n${first.snapshot}`);
  second = (await recorder.record({ kind: 'click', ref }, 'Open settings')).observation;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ids = (observation: Observation) => observation.accessibility.map((v) => v.id).sort();

it('finds no violation on the first template, which has none', () => {
  expect(first.accessibilityError).toBeUndefined();
  expect(ids(first)).toEqual([]);
});

it("finds the second template's violations in the page and in its iframe", () => {
  expect(second.url).toMatch(/\/settings$/);
  expect(second.accessibilityError).toBeUndefined();
  expect(ids(second)).toEqual(['button-name', 'image-alt']);
  const image = second.accessibility.find((v) => v.id === 'image-alt');
  expect(image?.nodes.join('\n')).toMatch(/iframe/);
});

it("carries axe's minified script into the trace once per frame of the document, not once per check", async () => {
  // Every evaluation of the script is recorded in the trace with it: the page and its iframe
  // each took one copy on the first check, and the second check found axe there already.
  const { tracePath } = await browser.session.close();
  if (!tracePath) throw new Error('the session wrote no trace');
  const files = unzipSync(new Uint8Array(await readFile(tracePath)));
  const trace = strFromU8(files['trace.trace']!);
  const marker = 'axe._thisWillBeDeletedDoNotUse';
  expect(trace.split(marker).length - 1).toBe(2);
  // Each copy is axe-core's minified build: the text around the marker in the file axe-core
  // ships as axe.min.js (as the trace's JSON writes it).
  const minified = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const text = await readFile(minified, 'utf8');
  const at = text.indexOf(marker);
  const around = text.slice(at, at + 120);
  expect(trace.split(JSON.stringify(around).slice(1, -1)).length - 1).toBe(2);
});

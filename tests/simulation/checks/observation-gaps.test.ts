/**
 * A step that could not be fully observed says so, never reads as a settled page or a page without
 * links. One page replaces `MutationObserver` with a constructor that throws (as a broken polyfill
 * might), so the wait for the DOM to settle cannot run in it; another replaces `Array.from` with
 * one that only takes arrays, so its links and images cannot be read. Real Chromium; the expected
 * words are the pages' own errors. A page that works is observed with no such finding.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBrowser, type BrowserRun } from '../../../fixtures/fixture-app.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import type { Finding } from '../../../src/contract/index.js';
import { runChecks } from '../../../src/simulation/checks/index.js';
import { findNodes } from '../../../src/simulation/page/index.js';

const PAGES: Record<string, string> = {
  '/no-observer': `<!doctype html><html lang="en"><title>No observer</title>
<script>window.MutationObserver = function () { throw new Error('MutationObserver is disabled on this page'); };</script>
<main><h1>No observer</h1><button onclick="this.textContent = 'Pressed'">Press</button></main>`,
  '/arrays-only': `<!doctype html><html lang="en"><title>Arrays only</title>
<script>Array.from = function (list) {
  if (!Array.isArray(list)) throw new TypeError('Array.from here takes arrays only');
  return list.slice();
};</script>
<main><h1>Arrays only</h1><a href="/no-observer">Elsewhere</a></main>`,
  '/plain': `<!doctype html><html lang="en"><title>Plain</title>
<main><h1>Plain</h1><a href="/no-observer">Elsewhere</a></main>`,
};

let server: StaticServer;
let origin: string;
let browser: BrowserRun;
let findings: Finding[];

beforeAll(async () => {
  server = await startStaticServer(PAGES);
  origin = server.origin;
  browser = await openBrowser([origin]);
  const { session, recorder } = browser;
  const opened = await recorder.record(
    { kind: 'navigate', url: `${origin}/no-observer` },
    'Open the page without MutationObserver',
  );
  const ref = findNodes(opened.observation.tree, { role: 'button', text: 'Press' }).nodes[0]?.ref;
  if (!ref) throw new Error(`no Press button on the page:\n${opened.observation.snapshot}`);
  await recorder.record({ kind: 'click', ref }, 'Press the button');
  await recorder.record({ kind: 'navigate', url: `${origin}/arrays-only` }, 'Open arrays-only');
  await recorder.record({ kind: 'navigate', url: `${origin}/plain` }, 'Open the plain page');
  await session.flush?.();
  findings = runChecks(recorder.steps, { allowedOrigins: [origin] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The findings whose title matches `pattern`. */
function gapFindings(pattern: RegExp): Finding[] {
  return findings.filter((f) => pattern.test(f.title));
}

it('names the failed settle wait once for the run, with the page’s error, as info', () => {
  const context = findings.map((f) => `${f.check} step ${f.step}: ${f.title}`).join('\n');
  const unsettled = gapFindings(/without waiting for the page to settle/);
  expect(
    unsettled.map((f) => [f.step, f.severity, f.url, f.count ?? 1]),
    context,
  ).toEqual([[1, 'info', `${origin}/no-observer`, 2]]);
  expect(unsettled[0]?.evidence).toContain('could not wait for the page to settle');
  expect(unsettled[0]?.evidence).toContain('MutationObserver is disabled on this page');
  expect(unsettled[0]?.evidence).toContain('steps were observed without waiting');
});

it('says the links and images of a page that could not be read were not checked', () => {
  const context = findings.map((f) => `${f.check} step ${f.step}: ${f.title}`).join('\n');
  const unread = gapFindings(/Links and images were not checked/);
  expect(
    unread.map((f) => [f.step, f.severity, f.url]),
    context,
  ).toEqual([[3, 'info', `${origin}/arrays-only`]]);
  expect(unread[0]?.evidence).toContain('Array.from here takes arrays only');
});

it('reports no gap for a page that could be observed', () => {
  expect(findings.filter((f) => f.step === 4 && f.check === 'observation')).toEqual([]);
});

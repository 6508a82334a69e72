/**
 * A page axe-core cannot check is reported as not checked, never as a page without violations.
 * The page here guards `window.axe` (as a page that defines its own global by that name might):
 * axe's injected source cannot install itself, in real Chromium. Another page of the same app,
 * with an unlabeled button, is still checked and its violation reported.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openBrowser, type BrowserRun } from '../../../fixtures/fixture-app.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import type { Finding } from '../../../src/contract/index.js';
import { runChecks } from '../../../src/simulation/checks/index.js';

const PAGES: Record<string, string> = {
  '/guarded': `<!doctype html><html lang="en"><title>Guarded</title>
<script>Object.defineProperty(window, 'axe', {
  get() { throw new Error('window.axe is reserved by this page'); },
  set() { throw new Error('window.axe is reserved by this page'); },
});</script><main><h1>Guarded</h1><p>Nothing to see.</p></main>`,
  '/plain': `<!doctype html><html lang="en"><title>Plain</title>
<main><h1>Plain</h1><button><svg width="10" height="10"></svg></button></main>`,
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
  await recorder.record({ kind: 'navigate', url: `${origin}/guarded` }, 'Open the guarded page');
  await recorder.record({ kind: 'navigate', url: `${origin}/plain` }, 'Open the plain page');
  await session.flush?.();
  findings = runChecks(recorder.steps, { allowedOrigins: [origin] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('says the guarded page was not checked, with axe-core’s reason, and still checks the next page', () => {
  const context = findings.map((f) => `${f.check} step ${f.step}: ${f.title}`).join('\n');
  const notChecked = findings.filter((f) => /not checked/.test(f.title));
  expect(
    notChecked.map((f) => [f.step, f.severity, f.url]),
    context,
  ).toEqual([[1, 'info', `${origin}/guarded`]]);
  expect(notChecked[0]?.evidence).toContain('window.axe is reserved by this page');
  const unlabeled = findings.find((f) => f.check === 'accessibility' && f.step === 2);
  expect(unlabeled?.title, context).toContain('button-name');
});

/**
 * The controls the exploration sees, read from the page model of real pages in real Chromium.
 * Expected roles, names, states and places are written out by hand from the HTML below; expected
 * refs come from Playwright's own `ariaSnapshotJSON`, read here by a few lines of test code. The
 * walk then clicks every control of a page whose names hold quotes, `#`, `: `, braces and
 * backticks, as the test server's request log shows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import {
  explore,
  interactiveElements,
  type PageElement,
} from '../../../src/simulation/explore/index.js';
import { toPageTree } from '../../../src/simulation/page/index.js';
import { StepRecorder } from '../../../src/simulation/recording.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';

const FORM_PAGE = `<!doctype html><html lang="en"><title>Profile</title>
<header><nav aria-label="Main"><a href="/">Home</a> <a href="/favorites?x=1">Favourites</a></nav></header>
<main>
  <h1>Profile</h1>
  <form aria-label="Profile">
    <label>Title <input value="hello: world"></label>
    <label>Email <input placeholder="you@x"></label>
    <label>Qty <input type="number"></label>
    <label><input type="checkbox" checked> Digest</label>
    <label>Theme <select><option>Light</option><option selected>Dark</option></select></label>
    <label><input type="radio" name="r"> A</label>
    <button type="button" disabled>Nope</button>
  </form>
  <dialog open aria-label="Sign in"><button>Close</button></dialog>
  <a href="https://example.com/x">Ext "quoted"</a>
</main></html>`;

const TRICKY_PAGE = `<!doctype html><html lang="en"><title>Tricky names</title><main>
  <button data-id="issue">Issue #42</button>
  <button data-id="step">Step 1: Details</button>
  <button data-id="save">Save {draft}</button>
  <button data-id="run">Run \`npm test\`</button>
  <button data-id="say">Say "hi"</button>
  <button data-id="its">It's 'fine'</button>
  <a href="#" data-id="total">Total: $5 — pay</a>
  <label><input type="checkbox" data-id="search"> Search: issues #1</label>
  <script>
    for (const el of document.querySelectorAll('[data-id]'))
      el.addEventListener('click', (event) => {
        if (el.tagName === 'A') event.preventDefault();
        fetch('/clicked?id=' + el.dataset.id);
      });
  </script>
</main></html>`;

let server: StaticServer;
let browser: Browser;
let raw: unknown;
let elements: PageElement[];

beforeAll(async () => {
  server = await startStaticServer({
    '/form': FORM_PAGE,
    '/tricky': TRICKY_PAGE,
    '/clicked': { status: 204, body: '' },
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  await page.goto(`${server.origin}/form`, { waitUntil: 'load' });
  raw = await page.ariaSnapshotJSON({ mode: 'ai', boxes: true });
  elements = interactiveElements(toPageTree(raw));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The ref Playwright's JSON gives the element with `role` and `name` (test-side walk). */
function oracleRef(role: string, name: string): string {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { role?: string; name?: string; ref?: string; children?: unknown[] };
    if (n.role === role && (n.name ?? '') === name && n.ref) found.push(n.ref);
    n.children?.forEach(visit);
  };
  (raw as unknown[]).forEach(visit);
  if (found.length !== 1) throw new Error(`${role} "${name}": ${found.length} matches in the JSON`);
  return found[0] as string;
}

describe('interactiveElements (real Chromium)', { timeout: 60_000 }, () => {
  const byName = (name: string) => elements.find((e) => e.name === name);

  it('lists links, fields and buttons in document order, with the refs Playwright gives them', () => {
    const expected: Array<[string, string]> = [
      ['link', 'Home'],
      ['link', 'Favourites'],
      ['textbox', 'Title'],
      ['textbox', 'Email'],
      ['spinbutton', 'Qty'],
      ['checkbox', 'Digest'],
      ['combobox', 'Theme'],
      ['radio', 'A'],
      ['button', 'Nope'],
      ['button', 'Close'],
      ['link', 'Ext "quoted"'],
    ];
    expect(elements.map((e) => [e.role, e.name])).toEqual(expected);
    expect(elements.map((e) => e.ref)).toEqual(expected.map(([r, n]) => oracleRef(r, n)));
    const orders = elements.map((e) => e.order);
    expect([...orders].sort((a, b) => a - b)).toEqual(orders);
  });

  it('reads state, values, options and link targets', () => {
    expect(byName('Favourites')?.url).toBe('/favorites?x=1');
    expect(byName('Ext "quoted"')?.url).toBe('https://example.com/x');
    expect(byName('Title')?.value).toBe('hello: world');
    expect(byName('Email')?.placeholder).toBe('you@x');
    expect(byName('Email')?.value).toBeUndefined();
    expect(byName('Digest')?.checked).toBe(true);
    expect(byName('A')?.checked).toBe(false);
    expect(byName('Theme')?.options).toEqual([
      { name: 'Light', selected: false },
      { name: 'Dark', selected: true },
    ]);
    expect(byName('Nope')?.disabled).toBe(true);
    expect(byName('Title')?.disabled).toBe(false);
  });

  it('places each control in its landmarks, form and dialog', () => {
    expect(byName('Home')).toMatchObject({ container: 'banner > navigation "Main"', shared: true });
    expect(byName('Qty')).toMatchObject({ container: 'main > form "Profile"', shared: false });
    expect(byName('Qty')?.dialog).toBeUndefined();
    expect(byName('Close')).toMatchObject({
      container: 'main > dialog "Sign in"',
      dialog: 'main > dialog "Sign in"',
    });
    expect(byName('Ext "quoted"')).toMatchObject({ container: 'main', shared: false });
  });

  it('answers nothing for an empty page', () => {
    expect(interactiveElements({ nodes: [] })).toEqual([]);
  });
});

describe('the walk on tricky names (real Chromium)', () => {
  it('clicks every control whatever its name holds', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'myfav-tricky-'));
    const session = await launchBrowser({
      executablePath: '/usr/bin/chromium',
      viewport: 'desktop',
      allowedOrigins: [server.origin],
      outDir,
    });
    try {
      const recorder = new StepRecorder(session, (text) => text);
      const result = await explore(session, recorder, {
        baseUrl: `${server.origin}/tricky`,
        changedFiles: [],
        maxSteps: 20,
        deadline: Date.now() + 120_000,
        allowedOrigins: [server.origin],
      });
      const steps = recorder.steps.map((s) => s.step);
      const context = steps.map((s) => `${s.description} ${s.error ?? ''}`).join('\n');
      expect(
        steps.map((s) => s.description),
        context,
      ).toEqual([
        'Open /tricky',
        'Check checkbox "Search: issues #1"',
        'Click button "Issue #42"',
        'Click button "Step 1: Details"',
        'Click button "Save {draft}"',
        'Click button "Run `npm test`"',
        'Click button "Say "hi""',
        `Click button "It's 'fine'"`,
        'Click link "Total: $5 — pay"',
      ]);
      expect(steps.every((s) => s.outcome === 'ok')).toBe(true);
      // The page itself saw each click, in the walk's order.
      expect(server.requests.filter((r) => r.startsWith('/clicked'))).toEqual(
        ['search', 'issue', 'step', 'save', 'run', 'say', 'its', 'total'].map(
          (id) => `/clicked?id=${id}`,
        ),
      );
      expect(result.notCovered).toEqual([]);
    } finally {
      await session.close();
      await rm(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});

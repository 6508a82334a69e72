import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, type LaunchOptions } from '../../../src/simulation/browser/driver.js';
import { toAriaYaml } from '../../../src/simulation/page/index.js';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { startStaticServer } from '../../helpers/static-server.js';
import type { StaticServer } from '../../helpers/static-server.js';
import { AWAY_URL, PAGES, refOf } from './pages.js';

let server: StaticServer;
let outDir: string;
const sessions: BrowserSession[] = [];

beforeAll(async () => {
  server = await startStaticServer(PAGES);
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  await rm(outDir, { recursive: true, force: true });
});

async function open(options: Partial<LaunchOptions> = {}): Promise<BrowserSession> {
  outDir = await mkdtemp(join(tmpdir(), 'driver-'));
  const session = await launchBrowser({
    executablePath: '/usr/bin/chromium',
    viewport: 'desktop',
    allowedOrigins: [server.origin],
    outDir,
    ...options,
  });
  sessions.push(session);
  return session;
}

async function visit(session: BrowserSession, path: string): Promise<string> {
  const result = await session.perform({ kind: 'navigate', url: `${server.origin}${path}` });
  expect(result).toMatchObject({ ok: true, code: `await page.goto('${server.origin}${path}');` });
  return snapshotText(session);
}

// Generous: a real browser on a loaded 2-core machine can take tens of seconds per test.
describe('launchBrowser (real Chromium)', { timeout: 180_000 }, () => {
  it('records a console error and an uncaught exception at the step of the click', async () => {
    const session = await open();
    await visit(session, '/');
    const first = await session.observe(1);
    expect(first.events.pageErrors).toEqual([]);
    expect(first.events.console.map((entry) => entry.text)).not.toContain('save exploded');

    const click = await session.perform({
      kind: 'click',
      ref: refOf(first.snapshot, 'button "Save"'),
    });
    expect(click).toMatchObject({
      ok: true,
      code: "await page.getByRole('button', { name: 'Save' }).click();",
    });
    const second = await session.observe(2);
    await session.flush?.();
    expect(second.events.console).toContainEqual(
      expect.objectContaining({
        type: 'error',
        text: 'save exploded',
        location: expect.stringContaining(server.origin),
        // The whole call stack, from the page's DevTools session: here the inline handler.
        stack: [expect.objectContaining({ url: `${server.origin}/`, functionName: 'onclick' })],
      }),
    );
    expect(second.events.pageErrors).toEqual([
      expect.objectContaining({
        message: 'kaput on save',
        stack: expect.stringContaining('kaput on save'),
      }),
    ]);
    expect(existsSync(join(outDir, second.screenshot))).toBe(true);
    expect(second.screenshot).toBe('screenshots/step-002.png');
  });

  it('records a fetch answering 500', async () => {
    const session = await open();
    await visit(session, '/');
    const first = await session.observe(1);
    await session.perform({ kind: 'click', ref: refOf(first.snapshot, 'button "Load"') });
    const waited = await session.perform({ kind: 'wait_for', text: 'Load failed: 500' });
    expect(waited.ok).toBe(true);
    const second = await session.observe(2);
    expect(second.events.network).toContainEqual({
      method: 'GET',
      url: `${server.origin}/api/items`,
      status: 500,
      resourceType: 'fetch',
      sameOrigin: true,
    });
  });

  it('probes links, spots broken images and runs axe once per page', async () => {
    const session = await open();
    const probesBefore = server.requests.filter((path) => path === '/missing').length;
    await visit(session, '/');
    const first = await session.observe(1);
    expect(first.title).toBe('Shop');
    expect(first.links).toContainEqual({
      href: `${server.origin}/missing`,
      text: 'Missing page',
      status: 404,
      // HEAD answered 404 too, so a GET decided (a browser's request).
      method: 'GET',
    });
    expect(first.links).toContainEqual({
      href: `${server.origin}/form`,
      text: 'Form',
      status: 200,
      method: 'HEAD',
    });
    // The cross-origin link is listed but never probed.
    expect(first.links).toContainEqual({ href: AWAY_URL, text: 'Elsewhere', status: null });
    expect(first.images).toContainEqual({
      src: `${server.origin}/missing.png`,
      alt: 'Logo',
      broken: true,
    });
    expect(first.images).toContainEqual({
      src: `${server.origin}/ok.svg`,
      alt: 'Fine',
      broken: false,
    });
    const buttonName = first.accessibility.find((violation) => violation.id === 'button-name');
    expect(buttonName).toMatchObject({ impact: 'critical' });
    expect(buttonName?.nodes.join(' ')).toContain('icon');

    await session.perform({ kind: 'wait_for', timeoutMs: 10 });
    const again = await session.observe(2);
    expect(again.accessibility).toEqual([]);
    // Each link is probed once per session: a HEAD and, as that answered 404, one GET.
    expect(server.requests.filter((path) => path === '/missing').length - probesBefore).toBe(2);
  });

  it('blocks navigation to another origin and records it', async () => {
    const session = await open();
    await visit(session, '/');
    const first = await session.observe(1);
    const click = await session.perform({
      kind: 'click',
      ref: refOf(first.snapshot, 'link "Elsewhere"'),
    });
    expect(click.ok).toBe(true);
    const second = await session.observe(2);
    expect(second.url).toBe(`${server.origin}/`);
    expect(second.events.blockedNavigations).toEqual([AWAY_URL]);

    const direct = await session.perform({ kind: 'navigate', url: 'http://example.invalid/' });
    expect(direct.ok).toBe(false);
    expect(direct.error).toContain(`only ${server.origin} may be visited`);
    expect(session.currentUrl()).toBe(`${server.origin}/`);
    expect((await session.observe(3)).events.blockedNavigations).toEqual([
      'http://example.invalid/',
    ]);
  });

  it('acts on refs and records the best-practice locator code for each action', async () => {
    const session = await open();
    const snapshot = await visit(session, '/form');

    const fill = await session.perform({
      kind: 'fill',
      ref: refOf(snapshot, 'textbox "Name"'),
      value: "Ada O'Neil",
    });
    expect(fill.code).toBe(
      "await page.getByRole('textbox', { name: 'Name' }).fill('Ada O\\'Neil');",
    );
    const press = await session.perform({
      kind: 'press',
      ref: refOf(snapshot, 'textbox "Name"'),
      key: 'Enter',
    });
    expect(press.code).toBe("await page.getByRole('textbox', { name: 'Name' }).press('Enter');");
    const select = await session.perform({
      kind: 'select',
      ref: refOf(snapshot, 'combobox "Color"'),
      values: ['Blue'],
    });
    expect(select).toMatchObject({
      ok: true,
      code: expect.stringMatching(/Color.*\.selectOption\('Blue'\);$/),
    });
    const check = await session.perform({
      kind: 'check',
      ref: refOf(snapshot, 'checkbox "Agree"'),
      checked: true,
    });
    expect(check.code).toBe("await page.getByRole('checkbox', { name: 'Agree' }).check();");
    // Each action must have happened for the page to show its effect below; a refusal names why.
    for (const result of [fill, press, select, check]) expect(result.error).toBeUndefined();
    const hover = await session.perform({ kind: 'hover', ref: refOf(snapshot, 'button "Help"') });
    expect(hover.code).toBe("await page.getByRole('button', { name: 'Help' }).hover();");

    const after = await snapshotText(session);
    for (const text of ["Hello Ada O'Neil", 'Color: Blue', 'Agreed', 'Tooltip shown']) {
      expect(after).toContain(text);
    }

    const save = await session.perform({ kind: 'click', ref: refOf(after, 'button "Save"') });
    expect(save.locator).toBe("getByRole('button', { name: 'Save' })");
    const waited = await session.perform({ kind: 'wait_for', text: 'All done' });
    expect(waited).toMatchObject({
      ok: true,
      code: "await expect(page.getByText('All done').first()).toBeVisible();",
    });

    const keyboard = await session.perform({ kind: 'press', key: 'Tab' });
    expect(keyboard).toMatchObject({ ok: true, code: "await page.keyboard.press('Tab');" });
  });

  it('follows a link that opens a new tab in the same page, unless it leaves the origin', async () => {
    const session = await open();
    const snapshot = await visit(session, '/tabs');
    const away = await session.perform({
      kind: 'click',
      ref: refOf(snapshot, 'link "Open elsewhere"'),
    });
    expect(away.ok).toBe(true);
    expect(session.currentUrl()).toBe(`${server.origin}/tabs`);
    expect((await session.observe(1)).events.blockedNavigations).toEqual([AWAY_URL]);

    await session.perform({ kind: 'click', ref: refOf(snapshot, 'link "Open form"') });
    const observed = await session.observe(2);
    expect(observed.url).toBe(`${server.origin}/form`);
    expect(observed.title).toBe('Form');
  });

  it('goes back in history', async () => {
    const session = await open();
    await visit(session, '/');
    await visit(session, '/form');
    const back = await session.perform({ kind: 'go_back' });
    expect(back).toEqual({ ok: true, code: 'await page.goBack();' });
    expect(session.currentUrl()).toBe(`${server.origin}/`);
  });

  it('clicks a control whose hover keeps the page busy, instead of refusing it as blocked', async () => {
    const session = await open();
    const snapshot = await visit(session, '/busy-hover');
    const click = await session.perform({
      kind: 'click',
      ref: refOf(snapshot, 'button "Open card"'),
    });
    expect(click.error).toBeUndefined();
    expect(click.ok).toBe(true);
    expect(await snapshotText(session)).toContain('Card opened');
  });

  it('says a ref is stale instead of throwing, and a wait that times out fails clearly', async () => {
    const session = await open();
    const snapshot = await visit(session, '/form');
    const saveRef = refOf(snapshot, 'button "Save"');
    await session.perform({ kind: 'click', ref: saveRef });
    // The click renamed the button: after a new snapshot its old ref is gone.
    const renamed = await snapshotText(session);
    expect(renamed).toContain('button "Saved"');
    const stale = await session.perform({ kind: 'click', ref: 'e999' });
    expect(stale.ok).toBe(false);
    expect(stale.error).toMatch(/Ref e999 is not on the page any more.*new snapshot/);

    const bogus = await session.perform({ kind: 'click', ref: 'button' });
    expect(bogus).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a snapshot ref'),
    });

    const wait = await session.perform({ kind: 'wait_for', text: 'Never appears', timeoutMs: 300 });
    expect(wait.ok).toBe(false);
    expect(wait.error).toContain('timed out');
  });

  it('writes trace.zip on close, and close is safe to call twice', async () => {
    const session = await open();
    await visit(session, '/');
    await session.observe(1);
    const { tracePath } = await session.close();
    expect(tracePath).toBe(join(outDir, 'trace.zip'));
    expect(statSync(join(outDir, 'trace.zip')).size).toBeGreaterThan(1000);
    expect(await session.close()).toEqual({ tracePath });
  });

  it('answers ok:false once the browser is gone, and refuses to observe it', async () => {
    const session = await open();
    await visit(session, '/');
    await session.close();
    const after = await session.perform({ kind: 'go_back' });
    expect(after).toMatchObject({
      ok: false,
      error: expect.stringMatching(/browser session was closed/),
    });
    await expect(session.observe(2)).rejects.toThrow(/browser session was closed/);
  });

  it('reports the browser it launched', async () => {
    const session = await open();
    expect(session.info).toMatchObject({ source: 'explicit', executablePath: '/usr/bin/chromium' });
    expect(session.info.version).toMatch(/^\d+\./);
  });

  it('emulates a phone for the mobile viewport', async () => {
    const session = await open({ viewport: 'mobile' });
    await visit(session, '/width');
    const observation = await session.observe(1);
    const match = /width=(\d+) touch=(\d+)/.exec(observation.title);
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(500);
    expect(Number(match?.[2])).toBeGreaterThan(0);
  });
});

/** The session's current page tree in `ariaSnapshot`'s text form, as `refOf` reads it. */
async function snapshotText(session: BrowserSession): Promise<string> {
  return toAriaYaml(await session.pageTree());
}

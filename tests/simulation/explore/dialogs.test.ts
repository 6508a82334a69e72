/**
 * Dialogs and blocked clicks in real Chromium, on small hand-written pages: a dialog whose
 * buttons share their names with the page's is explored inside and closed by its own "Close";
 * a native confirm() is recorded as a step and dismissed (not accepted); a click on a covered
 * control fails, saying why; content that loads on scroll is reached; an editor's content, the
 * API address and the language switch are left alone, each with why.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { explore } from '../../../src/simulation/explore/index.js';
import { StepRecorder } from '../../../src/simulation/recording.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';

const DIALOG_PAGE = `<!doctype html><html lang="en"><title>Account</title>
<header><button onclick="document.getElementById('banner').textContent='Banner hidden'">Close</button>
<span id="banner">Welcome banner</span></header>
<main>
  <button onclick="document.getElementById('login').showModal()">Log in</button>
  <dialog id="login" aria-label="Log in">
    <label>Email <input id="email"></label>
    <button onclick="document.getElementById('status').textContent='Signed in as ' + document.getElementById('email').value">Log in</button>
    <button onclick="document.getElementById('login').close()">Close</button>
  </dialog>
  <button onclick="document.getElementById('status').textContent = confirm('Archive the draft?') ? 'Draft archived' : 'Draft kept'">Archive draft</button>
  <p id="status" role="status"></p>
</main></html>`;

const COVERED_PAGE = `<!doctype html><html lang="en"><title>Covered</title><main>
  <button onclick="document.title='clicked'">Buy now</button>
  <div style="position:fixed;inset:0;background:rgba(0,0,0,.3)"></div>
</main></html>`;

const FEED_PAGE = `<!doctype html><html lang="en"><title>Feed</title><main>
  <label>API server <input value="" placeholder="https://api.example.com"></label>
  <label>Notes <textarea>Keep this draft</textarea></label>
  <label>Language <select><option>English</option><option>Deutsch</option></select></label>
  <div style="height:3000px">Posts</div>
  <div id="more"></div>
  <script>
    new IntersectionObserver(async (entries, observer) => {
      if (!entries[0].isIntersecting) return;
      observer.disconnect();
      const res = await fetch('/api/more');
      const button = document.createElement('button');
      button.textContent = await res.text();
      button.onclick = () => (document.title = 'opened');
      document.getElementById('more').append(button);
    }).observe(document.getElementById('more'));
  </script>
</main></html>`;

let server: StaticServer;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function walk(path: string) {
  server ??= await startStaticServer({
    '/account': DIALOG_PAGE,
    '/covered': COVERED_PAGE,
    '/feed': FEED_PAGE,
    '/api/more': { body: 'Older posts', contentType: 'text/plain' },
  });
  if (cleanups.length === 0) cleanups.push(() => server.close());
  const outDir = await mkdtemp(join(tmpdir(), 'myfav-dialogs-'));
  cleanups.push(() => rm(outDir, { recursive: true, force: true }));
  const session = await launchBrowser({
    executablePath: '/usr/bin/chromium',
    viewport: 'desktop',
    allowedOrigins: [server.origin],
    outDir,
  });
  try {
    const recorder = new StepRecorder(session, (text) => text);
    const result = await explore(session, recorder, {
      baseUrl: `${server.origin}${path}`,
      changedFiles: [],
      maxSteps: 20,
      deadline: Date.now() + 120_000,
      allowedOrigins: [server.origin],
    });
    const steps = recorder.steps.map((s) => s.step);
    const context = steps
      .map((s) => `${s.index}. ${s.description}${s.error ? ` !! ${s.error}` : ''}`)
      .join('\n');
    return { result, recorder, steps, context };
  } finally {
    await session.close();
  }
}

/** One walk of the account page serves both of its tests. */
let accountRun: ReturnType<typeof walk> | undefined;
const account = (): ReturnType<typeof walk> => (accountRun ??= walk('/account'));

describe('dialogs', () => {
  it('explores a dialog whose buttons share names with the page, then closes it with its own Close', async () => {
    const { steps, recorder, context } = await account();
    const descriptions = steps.map((s) => s.description);
    const opened = descriptions.indexOf('Click button "Log in"');
    expect(opened, context).toBeGreaterThan(0);
    // Inside the dialog: its field, then its own "Log in" (same name as the button that opened it).
    expect(descriptions.slice(opened + 1, opened + 3), context).toEqual([
      'Fill textbox "Email" with "test@example.com"',
      'Click button "Log in"',
    ]);
    expect(recorder.steps[opened + 2]!.observation.snapshot).toContain(
      'Signed in as test@example.com',
    );
    // Closed by its own "Close", although the banner has a "Close" too; the dialog is gone after.
    const closed = descriptions.indexOf('Click button "Close" to close the dialog');
    expect(closed, context).toBe(opened + 3);
    expect(recorder.steps[closed]!.observation.snapshot).not.toContain('dialog');
    // The banner's "Close" is a control of its own, and was pressed as well.
    const banner = recorder.steps.find((s) => s.observation.snapshot.includes('Banner hidden'));
    expect(banner, context).toBeDefined();
  }, 120_000);

  it('records a native confirm() as a step with its text, and dismisses it', async () => {
    const { steps, recorder, context } = await account();
    const index = steps.findIndex(
      (s) => s.description === 'Native confirm dialog "Archive the draft?" dismissed',
    );
    expect(index, context).toBeGreaterThan(0);
    expect(steps[index - 1]!.description).toBe('Click button "Archive draft"');
    // Dismissed, not accepted: the app took the "Cancel" branch.
    expect(recorder.steps[index]!.observation.snapshot).toContain('Draft kept');
  }, 120_000);

  it('fails a click on a covered control at once, saying it is covered', async () => {
    const { steps, context } = await walk('/covered');
    const click = steps.find((s) => s.description === 'Click button "Buy now"');
    expect(click?.outcome, context).toBe('error');
    expect(click?.error, context).toContain('covered by another element');
  }, 120_000);
});

describe('lazy content and fields left alone', () => {
  it('scrolls to load what comes on scroll, then exercises it', async () => {
    const { steps, result, context } = await walk('/feed');
    const descriptions = steps.map((s) => s.description);
    const scrolled = descriptions.indexOf('Scroll to the end of /feed');
    expect(scrolled, context).toBeGreaterThan(0);
    expect(server.requests).toContain('/api/more');
    expect(descriptions.slice(scrolled + 1), context).toContain('Click button "Older posts"');
    expect(result.notCovered, context).toEqual(
      expect.arrayContaining([
        'Textbox "API server" on /feed (skipped: changes where the app loads its data from)',
        'Textbox "Notes" on /feed (skipped: kept its content)',
        'Combobox "Language" on /feed (skipped: a setting that would change the rest of the walk)',
      ]),
    );
    expect(
      descriptions.some((d) => /API server|Notes|Language/.test(d)),
      context,
    ).toBe(false);
  }, 120_000);
});

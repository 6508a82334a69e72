/**
 * The CLI run from source (`tsx`, as the benchmarks and a contributor run it) waits for the render
 * that follows an action as the bundle does: tsx keeps function names, which once turned the
 * settle wait's in-page helpers into calls the page could not make, and the wait returned at once.
 * A page renders its answer in bursts until 120 ms after a click; the step run through tsx must
 * show the last.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
// The answer comes in bursts 40 ms apart, inside the settle wait's quiet window, the last one
// 120 ms after the click: a wait that works sees the last; one that returns at once sees none.
const PAGE = `<!doctype html><html lang="en"><head><title>Late</title></head><body><main>
  <button onclick="const p = document.querySelector('p'); p.textContent = 'Saving';
    [40, 80].forEach((ms) => setTimeout(() => { p.textContent += '.'; }, ms));
    setTimeout(() => { p.textContent = 'Saved at last'; }, 120)">Save</button>
  <p>Not saved</p></main></body></html>`;

/** Records one click through the real session and prints the step's page text. */
const SCRIPT = `
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './src/simulation/browser/playwright-driver.ts';
import { findNodes } from './src/simulation/page/index.ts';
import { StepRecorder } from './src/simulation/recording.ts';
const url = process.argv[1];
const session = await launchBrowser({ executablePath: '/usr/bin/chromium', viewport: 'desktop',
  allowedOrigins: [new URL(url).origin], outDir: await mkdtemp(join(tmpdir(), 'settle-')) });
try {
  const recorder = new StepRecorder(session, (t) => t);
  const opened = await recorder.record({ kind: 'navigate', url }, 'Open');
  const ref = findNodes(opened.observation.tree, { role: 'button', text: 'Save' }).nodes[0].ref;
  const clicked = await recorder.record({ kind: 'click', ref }, 'Save');
  console.log(clicked.observation.snapshot);
} finally {
  await session.close();
}
`;

let server: StaticServer;

beforeAll(async () => {
  server = await startStaticServer({ '/': PAGE });
});

afterAll(async () => {
  await server?.close();
});

it('run through tsx, a click is observed after the render it caused', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, `${server.origin}/`],
    { cwd: ROOT, timeout: 60_000 },
  );
  expect(stdout).toContain('Saved at last');
  expect(stdout).not.toContain('Not saved');
  expect(stdout).not.toContain('Saving');
}, 90_000);

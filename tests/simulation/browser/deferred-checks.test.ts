/**
 * The agent's steps answer as soon as the page tree is read; the screenshot, the link and image
 * reads and axe finish before the next action, the link probes later still. Their findings must
 * land on the step that caused them all the same. On TodoMVC (Vue) from its npm package, with
 * planted faults: adding a todo shows a photo that 404s and a link to a missing page, and logs a
 * console error half a second after the step answered (the next action comes a second later, as
 * after a model's turn). The page has no `lang` on its `<html>` (read in the package's HTML).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/contract/index.js';
import type { BrowserSession } from '../../../src/simulation/browser/driver.js';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { runChecks } from '../../../src/simulation/checks/index.js';
import { findNodes } from '../../../src/simulation/page/index.js';
import { StepRecorder } from '../../../src/simulation/recording.js';
import { serveApp, type ServedApp } from '../../../third-party/apps.js';

let app: ServedApp;
let session: BrowserSession;
let outDir: string;
let findings: Finding[];
let context: string;

/** The ref of the first element with `role` and `name` in the last step's tree. */
function refOf(recorder: StepRecorder, role: string, name: string): string {
  const tree = recorder.lastObservation?.tree;
  const ref = tree
    ? findNodes(tree, { role, text: name }).nodes.find((n) => n.name === name)?.ref
    : undefined;
  if (!ref) throw new Error(`no ${role} "${name}" on the page`);
  return ref;
}

beforeAll(async () => {
  app = await serveApp('todomvc-vue', 'late-faults');
  outDir = await mkdtemp(join(tmpdir(), 'deferred-checks-'));
  session = await launchBrowser({
    executablePath: '/usr/bin/chromium',
    viewport: 'desktop',
    allowedOrigins: [app.origin],
    outDir,
  });
  const recorder = new StepRecorder(session, (text) => text);
  recorder.deferExtras = true; // as the agent runs it
  await recorder.record({ kind: 'navigate', url: app.url }, 'Open the app');
  const field = refOf(recorder, 'textbox', 'What needs to be done?');
  await recorder.record({ kind: 'fill', ref: field, value: 'Buy milk' }, 'Fill the new todo');
  await recorder.record({ kind: 'press', key: 'Enter' }, 'Press Enter');
  // The model's turn: the planted error is logged meanwhile, before the next action.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await recorder.record({ kind: 'click', ref: refOf(recorder, 'link', 'Active') }, 'Click Active');
  await session.flush?.();
  findings = runChecks(recorder.steps, { allowedOrigins: [app.origin] });
  context = findings.map((f) => `${f.check} step ${f.step}: ${f.title}`).join('\n');
}, 120_000);

afterAll(async () => {
  await session?.close();
  await app?.stop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('checks finished after the step answered', () => {
  it('report the console error logged after the action on the step that pressed Enter', () => {
    const logged = findings.filter((f) => f.title.includes('Sync failed'));
    expect(
      logged.map((f) => f.step),
      context,
    ).toEqual([3]);
  });

  it('report the broken photo on the step that added it', () => {
    const broken = findings.find((f) => f.check === 'broken-image');
    expect(broken?.title, context).toContain('/photos/missing.png');
    expect(broken?.step, context).toBe(3);
  });

  it('report the link to the missing page on the step that showed it', () => {
    const link = findings.find((f) => f.check === 'broken-link');
    expect(link?.title, context).toMatch(/Archive.*404/);
    expect(link?.step, context).toBe(3);
  });

  it("report axe's violations on the step whose page has them", () => {
    const lang = findings.find((f) => f.title.includes('html-has-lang'));
    expect(lang?.step, context).toBe(1);
  });
});

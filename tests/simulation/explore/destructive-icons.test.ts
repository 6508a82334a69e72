/**
 * Icon-only delete controls in real Chromium, on a small hand-written task list: a button with no
 * words whose class, test id or title says delete/remove/destroy is left alone as destructive on
 * items that were there before, and pressed on the item the walk itself added.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { explore } from '../../../src/simulation/explore/index.js';
import { StepRecorder } from '../../../src/simulation/recording.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';

const TASKS_PAGE = `<!doctype html><html lang="en"><title>Tasks</title><main>
  <form id="add"><input aria-label="New task"></form>
  <ul id="list">
    <li><span>Pay rent</span> <button class="icon icon-trash"></button></li>
    <li><span>Water plants</span> <button data-testid="remove-task">🗑</button></li>
  </ul>
  <p role="status" id="status"></p>
  <script>
    const list = document.getElementById('list');
    const remove = (item) => {
      document.getElementById('status').textContent = 'Deleted ' + item.querySelector('span').textContent;
      item.remove();
    };
    list.addEventListener('click', (event) => {
      const button = event.target.closest('button');
      if (button) remove(button.closest('li'));
    });
    document.getElementById('add').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = event.target.querySelector('input');
      const item = document.createElement('li');
      item.innerHTML = '<span></span> <button class="destroy">✖</button>';
      item.querySelector('span').textContent = input.value;
      list.append(item);
      input.value = '';
    });
  </script>
</main></html>`;

let server: StaticServer | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('icon-only destructive controls', () => {
  it('leaves the icons that delete existing items alone, and deletes the item it added', async () => {
    server = await startStaticServer({ '/tasks': TASKS_PAGE });
    cleanups.push(() => server!.close());
    const outDir = await mkdtemp(join(tmpdir(), 'myfav-icons-'));
    cleanups.push(() => rm(outDir, { recursive: true, force: true }));
    const session = await launchBrowser({
      executablePath: '/usr/bin/chromium',
      viewport: 'desktop',
      allowedOrigins: [server.origin],
      outDir,
    });
    cleanups.push(() => session.close());
    const recorder = new StepRecorder(session, (text) => text);
    const result = await explore(session, recorder, {
      baseUrl: `${server.origin}/tasks`,
      changedFiles: [],
      maxSteps: 10,
      deadline: Date.now() + 120_000,
      allowedOrigins: [server.origin],
    });
    const steps = recorder.steps.map((s) => s.step.description);
    expect(steps).toEqual([
      'Open /tasks',
      'Fill textbox "New task" with "Sample text"',
      'Press Enter in textbox "New task"',
      'Click button "✖"',
    ]);
    const last = recorder.steps.at(-1)!.observation.snapshot;
    expect(last).toContain('Deleted Sample text');
    expect(last).toContain('Pay rent');
    expect(last).toContain('Water plants');
    expect(result.notCovered).toEqual([
      'Button (no accessible name) on /tasks (skipped: destructive (an icon whose class is "icon icon-trash"))',
      'Button "🗑" on /tasks (skipped: destructive (an icon whose test id is "remove-task"))',
    ]);
  }, 120_000);
});

/**
 * Browser-side change coverage on a third-party app (TodoMVC's Backbone build from npm, made
 * into a git repository): real app process, real Chromium, the real report. The expected lines
 * are written out by hand from each fixture's diff (see tests/fixtures/todomvc-repo.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulation/simulate.js';
import { createTodoRepo, type TodoVariant } from '../../fixtures/todomvc-repo.js';

const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function run(variant: TodoVariant, maxSteps = 10) {
  const repo = await createTodoRepo(variant);
  const outDir = await mkdtemp(join(tmpdir(), 'change-cov-out-'));
  cleanup.push(repo.dir, outDir);
  const outcome = await simulate({
    startCommand: repo.startCommand,
    url: repo.url,
    cwd: repo.dir,
    readyTimeoutMs: 20_000,
    diff: repo.diff,
    changedFiles: repo.changedFiles,
    pr: null,
    maxSteps,
    timeoutSec: 180,
    viewport: 'desktop',
    outDir,
    secrets: [],
    secretNames: [],
  });
  const json = parseReport(await readFile(join(outDir, 'report.json'), 'utf8'));
  // The PR comment as it reads once rendered (Markdown escapes removed).
  const markdown = (await readFile(join(outDir, 'report.md'), 'utf8')).replace(/\\(.)/g, '$1');
  const html = await readFile(join(outDir, 'report.html'), 'utf8');
  // The patch view: each changed line's row and its mark, as a reader sees them.
  const rows = [...html.matchAll(/<tr(?: class="(\w+)")? data-line="(\d+)">/g)].map(
    ([, kind, line]) => `${line}:${kind ?? 'context'}`,
  );
  return { report: outcome.report, json, markdown, rows };
}

describe('browser-side change coverage', { timeout: 240_000 }, () => {
  it('marks a harmless change on the start-up path as run, and the run passes', async () => {
    const { report, json, markdown, rows } = await run('harmless');
    // js/views/app-view.js, head lines 35–37: a comment (not executable), then two statements.
    expect(json.changeCoverage?.files.map(({ hunks: _, ...file }) => file)).toEqual([
      {
        path: 'js/views/app-view.js',
        side: 'browser',
        changedLines: [36, 37],
        ranLines: [36, 37],
        notRun: [],
      },
    ]);
    // The hunk: three lines of context (32–34), the three added lines, three more (38–40).
    expect(rows).toEqual([
      '32:context',
      '33:context',
      '34:context',
      '35:add',
      '36:ran',
      '37:ran',
      '38:context',
      '39:context',
      '40:context',
    ]);
    expect(markdown).toContain('Change coverage: 2 of 2 changed lines ran.');
    expect(json.changeCoverage?.totals).toEqual({ changedLines: 2, ranLines: 2 });
    expect(json.changeCoverage?.browser).toEqual({ measured: true });
    expect(report.result).toBe('pass');
    // The change ran on the first page load: the walk ends as it always did, and says so.
    expect(json.budget.stoppedBy).toBe('finished');
    expect(json.budget.stopNote).toBe(
      'changed code ran (all 2 changed lines); then nothing left to try',
    );
  });

  it('finds an added function nothing calls: 0 of its lines ran, inconclusive naming it', async () => {
    const { report, json, markdown, rows } = await run('unused-function');
    // js/app.js, head lines 15–22: blank, comment, the declaration, then statements on 18
    // (var rows), 19 (the callback's return) and 21 (return rows.join).
    expect(json.changeCoverage?.files.map(({ hunks: _, ...file }) => file)).toEqual([
      {
        path: 'js/app.js',
        side: 'browser',
        changedLines: [18, 19, 21],
        ranLines: [],
        notRun: [{ start: 18, end: 21, functions: ['exportTodosCsv'] }],
      },
    ]);
    expect(json.changeCoverage?.functionsNotRun).toEqual(['exportTodosCsv (js/app.js)']);
    // Context 12–14, then 15–22 added: blank, comment and declaration are not statements.
    expect(rows.filter((row) => !row.endsWith(':context'))).toEqual([
      '15:add',
      '16:add',
      '17:add',
      '18:miss',
      '19:miss',
      '20:add',
      '21:miss',
      '22:add',
    ]);
    expect(markdown).toContain(
      'Change coverage: 0 of 3 changed lines ran; never ran: exportTodosCsv (js/app.js).',
    );
    expect(report.result).toBe('inconclusive');
    expect(report.summary).toContain('0 of 3 changed lines ran');
    expect(report.summary).toContain('exportTodosCsv');
    // Nothing the walk can do calls it: it goes round the controls again until its 10 steps are
    // spent, and says what never ran.
    expect(json.budget.stoppedBy).toBe('steps');
    expect(json.budget.stopNote).toBe(
      'the step budget was spent (after revisiting the controls 1 time): 3 of 3 changed lines never ran in the browser; never called: exportTodosCsv (js/app.js)',
    );
  });

  it('goes on until the changed handler behind a completed item runs, and fails on its error', async () => {
    // "Clear completed" is rendered only while an item is completed; its handler now throws.
    const { report, json, markdown } = await run('clear-completed', 13);
    const steps = json.steps.map((step) => step.description);
    // The first round adds an item, completes it, un-completes it and deletes it (its own item),
    // so the button is gone before its turn; the walk then goes round again.
    expect(steps.slice(0, 8)).toEqual([
      'Open /',
      'Fill textbox "What needs to be done?" with "Sample text"',
      'Press Enter in textbox "What needs to be done?"',
      'Check checkbox "Mark all as complete"',
      'Uncheck checkbox (no accessible name)',
      'Click button "✖"',
      'Open /#/active',
      'Open /#/completed',
    ]);
    expect(steps.slice(8, 12)).toEqual([
      'Fill textbox "What needs to be done?" with "Sample text"',
      'Press Enter in textbox "What needs to be done?"',
      'Check checkbox "Mark all as complete"',
      'Click button "Clear completed (1)"',
    ]);
    const thrown = json.findings.find((f) => f.check === 'page-error');
    expect(thrown?.title).toBe('Uncaught exception: Cannot clear 1 completed items');
    expect(thrown?.step).toBe(12);
    // js/views/app-view.js, head lines 117–118: both statements of the changed handler ran.
    expect(json.changeCoverage?.files.map(({ hunks: _, ...file }) => file)).toEqual([
      {
        path: 'js/views/app-view.js',
        side: 'browser',
        changedLines: [117, 118],
        ranLines: [117, 118],
        notRun: [],
      },
    ]);
    expect(report.result).toBe('fail');
    // Why the walk stopped, in report.json and in the PR comment.
    const note =
      'changed code ran (all 2 changed lines); then the step budget was spent (after revisiting the controls 1 time)';
    expect(json.budget.stopNote).toBe(note);
    expect(markdown).toContain(`Stopped: ${note}`);
  });
});

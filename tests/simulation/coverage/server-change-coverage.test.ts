/**
 * Server-side change coverage of a Node app started with a start command: TodoMVC's server in
 * the fixture repository (tests/fixtures/todomvc-repo.ts), whose PR changes the stats handler the
 * page calls and adds a CSV handler no page calls. Expected lines written by hand from the diff.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulation/simulate.js';
import { createTodoRepo } from '../../fixtures/todomvc-repo.js';

const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('server-side change coverage', { timeout: 240_000 }, () => {
  it('marks the handler a page reached as run and the one no page reaches as not run', async () => {
    const repo = await createTodoRepo('server-route');
    const outDir = await mkdtemp(join(tmpdir(), 'server-cov-out-'));
    cleanup.push(repo.dir, outDir);
    const { report } = await simulate({
      startCommand: repo.startCommand,
      url: repo.url,
      cwd: repo.dir,
      readyTimeoutMs: 20_000,
      diff: repo.diff,
      changedFiles: repo.changedFiles,
      pr: null,
      maxSteps: 4,
      timeoutSec: 120,
      viewport: 'desktop',
      outDir,
      secrets: [],
      secretNames: [],
    });
    const json = parseReport(await readFile(join(outDir, 'report.json'), 'utf8'));
    expect(json.changeCoverage?.server).toEqual({ measured: true });
    // serve.mjs in head: the stats handler's new lines 10–11 (the page calls /api/stats on
    // load), the CSV handler's statements 15–16 (declared on 14, never requested) and the
    // routes table on 19 (runs at start-up).
    expect(json.changeCoverage?.files.map(({ hunks: _, ...file }) => file)).toEqual([
      {
        path: 'serve.mjs',
        side: 'server',
        changedLines: [10, 11, 15, 16, 19],
        ranLines: [10, 11, 19],
        notRun: [{ start: 15, end: 16, functions: ['exportCsv'] }],
      },
    ]);
    expect(json.changeCoverage?.functionsNotRun).toEqual(['exportCsv (serve.mjs)']);
    // 3 of 5 is over the 50% floor, and nothing broke.
    expect(report.result).toBe('pass');
  });

  it('says the server side was not measured, and why, for an app that is not Node', async () => {
    const repo = await createTodoRepo('server-route');
    const outDir = await mkdtemp(join(tmpdir(), 'server-cov-out-'));
    cleanup.push(repo.dir, outDir);
    const port = new URL(repo.url).port;
    await simulate({
      // Python's static server: the same files, no Node process to measure.
      startCommand: `python3 -m http.server ${port} --bind 127.0.0.1`,
      url: repo.url,
      cwd: repo.dir,
      readyTimeoutMs: 20_000,
      diff: repo.diff,
      changedFiles: repo.changedFiles,
      pr: null,
      maxSteps: 2,
      timeoutSec: 120,
      viewport: 'desktop',
      outDir,
      secrets: [],
      secretNames: [],
    });
    const json = parseReport(await readFile(join(outDir, 'report.json'), 'utf8'));
    expect(json.changeCoverage?.server.measured).toBe(false);
    expect(json.changeCoverage?.server.reason).toMatch(/wrote no V8 coverage: it is not a Node app/);
    // serve.mjs never ran in a measured side: its lines are not counted as run or not run.
    expect(json.changeCoverage?.totals).toEqual({ changedLines: 0, ranLines: 0 });
    expect(json.changeCoverage?.unmapped).toEqual([
      { path: 'serve.mjs', reason: expect.stringMatching(/not loaded by any page/) },
    ]);
    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('Server side not measured: the app wrote no V8 coverage');
  });
});

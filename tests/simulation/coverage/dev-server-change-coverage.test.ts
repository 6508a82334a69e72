/**
 * Change coverage through a dev server's source map: Vite serves `src/counter.ts` compiled, and
 * the lines land on the TypeScript source. Expected lines written by hand from the diff in
 * tests/fixtures/vite-repo.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulation/simulate.js';
import { createViteRepo } from '../../fixtures/vite-repo.js';

const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('change coverage on a Vite dev server', { timeout: 240_000 }, () => {
  it('maps coverage to the .ts source lines, leaving type-only lines out', async () => {
    const repo = await createViteRepo();
    const outDir = await mkdtemp(join(tmpdir(), 'vite-cov-out-'));
    cleanup.push(repo.dir, outDir);
    const { report } = await simulate({
      startCommand: repo.startCommand,
      url: repo.url,
      cwd: repo.dir,
      readyTimeoutMs: 60_000,
      diff: repo.diff,
      changedFiles: repo.changedFiles,
      pr: null,
      maxSteps: 6,
      timeoutSec: 150,
      viewport: 'desktop',
      outDir,
      secrets: [],
      secretNames: [],
    });
    const json = parseReport(await readFile(join(outDir, 'report.json'), 'utf8'));
    // src/counter.ts in head: the interface (1–5) is type-only; increment's new statements are
    // 10 and 11 (the walk presses "Add one"); reset's statement 16 is never called.
    expect(json.changeCoverage?.files.map(({ hunks: _, ...file }) => file)).toEqual([
      {
        path: 'src/counter.ts',
        side: 'browser',
        changedLines: [10, 11, 16],
        ranLines: [10, 11],
        notRun: [{ start: 16, end: 16, functions: ['reset'] }],
      },
    ]);
    expect(json.changeCoverage?.functionsNotRun).toEqual(['reset (src/counter.ts)']);
    expect(report.steps.some((s) => s.description.includes('Add one'))).toBe(true);
  });
});

/**
 * `npm run bench:run`: wall time of a full exploration run of the demo app, split into app start,
 * browser launch, steps and report writing, with the run's fixed cost before step 1 (what it
 * costs beyond the app's own readiness: the browser launches while the app starts, so only the
 * part of the launch the app start does not cover is left), and the same run compared with its merge base
 * (`--compare-base`: a worktree of the base, a second app start and walk, matching, screenshots
 * diffed), so the comparison's overhead is measured against a head-only run in the same session.
 * Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulateWithBase } from '../src/simulation/compare/index.js';
import { simulate, type SimulationConfig } from '../src/simulation/simulate.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const demoDir = resolve(import.meta.dirname, '..', 'demo');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** The demo app as a git repo: `main`, then a PR that renames the home heading. */
async function demoRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-repo-'));
  await cp(demoDir, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'main');
  git('checkout', '-qb', 'pr');
  const home = join(dir, 'app', 'routes', 'home.mjs');
  await writeFile(home, (await readFile(home, 'utf8')).replace('tidy and close', 'neat and close'));
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qam', 'pr');
  return dir;
}

async function config(repo: string): Promise<SimulationConfig> {
  const port = await freePort();
  return {
    startCommand: `node server.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    cwd: repo,
    readyTimeoutMs: 30_000,
    changedFiles: ['app/routes/home.mjs'],
    pr: null,
    maxSteps: 30,
    timeoutSec: 300,
    viewport: 'desktop',
    outDir: await mkdtemp(join(tmpdir(), 'bench-run-')),
    secrets: [],
    secretNames: [],
  };
}

const repo = await demoRepo();
const rows: Record<string, number | string>[] = [];
for (let i = 0; i < RUNS; i++) {
  for (const mode of ['head only', 'compare-base'] as const) {
    const settings = await config(repo);
    const started = Date.now();
    const { report } =
      mode === 'head only'
        ? await simulate(settings)
        : await simulateWithBase(settings, { baseRef: 'main' });
    const wall = Date.now() - started;
    const t = report.timings;
    const first = report.steps[0] ? Date.parse(report.steps[0].startedAt) : Date.now();
    rows.push({
      run: i + 1,
      mode,
      steps: report.steps.length,
      'app start ms': t.appStartMs,
      'browser launch ms': t.browserLaunchMs,
      'before step 1 ms': first - started,
      'fixed ms (app excepted)': first - started - t.appStartMs,
      'steps ms': t.stepsMs,
      'ms/step': Math.round(t.stepsMs / Math.max(1, report.steps.length)),
      'report ms': t.reportMs,
      'wall ms': wall,
    });
    console.error(
      `run ${i + 1} (${mode}): ${report.result}, ${report.steps.length} steps, ${wall} ms`,
    );
    await rm(settings.outDir, { recursive: true, force: true });
  }
}
await rm(repo, { recursive: true, force: true });
console.table(rows);
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
const median = (mode: string, key: string): number => {
  const values = rows
    .filter((r) => r.mode === mode)
    .map((r) => Number(r[key] ?? 0))
    .sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
};
const head = median('head only', 'wall ms');
const compared = median('compare-base', 'wall ms');
console.log(
  `median of ${RUNS} (head only): wall ${head} ms = before step 1 ${median('head only', 'before step 1 ms')} (app start ${median('head only', 'app start ms')} and browser launch ${median('head only', 'browser launch ms')}, at once) + steps ${median('head only', 'steps ms')} + report ${median('head only', 'report ms')} (+ teardown)`,
);
const fixed = median('head only', 'fixed ms (app excepted)');
console.log(
  `median of ${RUNS} (head only): before step 1 ${median('head only', 'before step 1 ms')} ms, of which ${fixed} ms beyond the app's start (the browser's launch, ${median('head only', 'browser launch ms')} ms, runs while the app starts)`,
);
console.log(
  `median of ${RUNS} (compare-base): wall ${compared} ms, overhead ${compared - head} ms (${head ? ((compared / head) * 100 - 100).toFixed(0) : '?'}% over head only)`,
);

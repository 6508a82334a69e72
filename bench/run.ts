/**
 * `npm run bench:run`: wall time of a full exploration run of the demo app, split into app start,
 * browser launch, steps and report writing, over a few runs. Prints figures; asserts nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulate } from '../src/simulation/simulate.js';

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

const rows: Record<string, number>[] = [];
for (let i = 0; i < RUNS; i++) {
  const port = await freePort();
  const outDir = await mkdtemp(join(tmpdir(), 'bench-run-'));
  const started = Date.now();
  const { report } = await simulate({
    startCommand: `PORT=${port} node server.mjs`,
    url: `http://127.0.0.1:${port}/`,
    cwd: demoDir,
    readyTimeoutMs: 30_000,
    changedFiles: [],
    pr: null,
    maxSteps: 30,
    timeoutSec: 300,
    viewport: 'desktop',
    outDir,
    secrets: [],
    secretNames: [],
  });
  const wall = Date.now() - started;
  const t = report.timings;
  rows.push({
    run: i + 1,
    steps: report.steps.length,
    'app start ms': t.appStartMs,
    'browser launch ms': t.browserLaunchMs,
    'steps ms': t.stepsMs,
    'ms/step': Math.round(t.stepsMs / Math.max(1, report.steps.length)),
    'report ms': t.reportMs,
    'wall ms': wall,
  });
  console.error(`run ${i + 1}: ${report.result}, ${report.steps.length} steps, ${wall} ms`);
  await rm(outDir, { recursive: true, force: true });
}
console.table(rows);
const median = (key: string) => {
  const values = rows.map((r) => r[key] ?? 0).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
};
console.log(
  `median of ${RUNS}: wall ${median('wall ms')} ms = app start ${median('app start ms')} + browser ${median('browser launch ms')} + steps ${median('steps ms')} + report ${median('report ms')} (+ teardown)`,
);

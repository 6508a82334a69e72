/**
 * `npm run bench:explore`: the no-key exploration on third-party single-page apps shipped in npm
 * packages (not our demo), each clean and with its planted bugs. Prints, per run: verdict, steps,
 * pages, coverage, whether the app's main interaction was reached, error findings, wall time,
 * and the time per step (the median of the steps' `durationMs`, and where it went: the median of
 * each phase report.json records). Asserts nothing. `BENCH_VERBOSE=1` lists each run's steps; `BENCH_APPS=docsify,reveal` picks apps; `BENCH_STEPS=N` sets the budget (30).
 *
 * Change coverage per app: each run is given a PR that adds one of the app's own scripts (every
 * line of it changed, see PR_FILES), so the walk is steered by it and the table shows how many of
 * that file's executable lines ran, and why the walk stopped (`pr-files.ts`; "–" for an app
 * without one).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/contract/index.js';
import { simulate } from '../src/simulation/simulate.js';
import { APPS, serveApp, type AppName } from '../third-party/apps.js';
import { addedFileDiff, PR_FILES } from './pr-files.js';

const names = (process.env.BENCH_APPS?.split(',') ?? Object.keys(APPS)) as AppName[];
const maxSteps = Number(process.env.BENCH_STEPS ?? 30);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** `waited 12 action 40 …`: the median of each phase over the run's steps (ms). */
function phaseMedians(phases: Array<Record<string, number>>): string {
  const names = [...new Set(phases.flatMap((p) => Object.keys(p)))];
  return names
    .map((name) => `${name.replace(/Ms$/, '')} ${median(phases.map((p) => p[name] ?? 0))}`)
    .join(' ');
}

/** `412/1630 lines ran (25%)` for the run's PR file, or why there is no figure. */
function changeCoverage(coverage: Report['changeCoverage']): string {
  if (!coverage) return '–';
  const { changedLines, ranLines } = coverage.totals;
  if (changedLines === 0) {
    return coverage.unmapped.length > 0 ? `not mapped: ${coverage.unmapped[0]!.reason}` : '0 lines';
  }
  return `${ranLines}/${changedLines} lines ran (${Math.round((ranLines / changedLines) * 100)}%)`;
}

const rows: Record<string, string | number>[] = [];
for (const name of names) {
  const spec = APPS[name];
  if (!spec) throw new Error(`Unknown app "${name}"; known: ${Object.keys(APPS).join(', ')}`);
  for (const variant of ['clean', ...Object.keys(spec.bugs)]) {
    const app = await serveApp(name, variant);
    const outDir = await mkdtemp(join(tmpdir(), `bench-explore-${name}-`));
    const started = Date.now();
    const prFile = PR_FILES[name];
    try {
      const { report } = await simulate({
        url: app.url,
        cwd: process.cwd(),
        readyTimeoutMs: 10_000,
        ...(prFile ? { diff: await addedFileDiff(prFile) } : {}),
        changedFiles: prFile ? [prFile] : [],
        pr: null,
        maxSteps,
        timeoutSec: 300,
        viewport: 'desktop',
        outDir,
        secrets: [],
        secretNames: [],
        forceExplore: true,
      });
      const reached = spec.reached({
        steps: report.steps.map((s) => s.description),
        urls: report.steps.map((s) => s.url),
        requests: app.requests,
      });
      const errors = report.findings.filter((f) => f.severity === 'error');
      rows.push({
        app: `${name} (${spec.framework})`,
        variant,
        result: report.result,
        steps: report.steps.length,
        pages: report.coverage.visited.length,
        coverage: `${Math.round((report.coverage.ratio ?? 0) * 100)}% of ${report.coverage.interactive ?? 0}`,
        'main interaction': reached ? 'yes' : 'no',
        'error findings': errors.length,
        'change coverage': changeCoverage(report.changeCoverage),
        'wall ms': Date.now() - started,
        'ms/step': median(report.steps.map((s) => s.durationMs)),
        'of which': phaseMedians(report.steps.map((s) => s.phases ?? {})),
      });
      console.error(`${name} ${variant}: ${report.summary}`);
      if (report.budget.stopNote) console.error(`  stopped: ${report.budget.stopNote}`);
      if (process.env.BENCH_VERBOSE) {
        for (const s of report.steps) {
          console.error(
            `  ${s.index}. ${s.description} @ ${s.url}${s.error ? ` !! ${s.error}` : ''}`,
          );
        }
        console.error(`  not covered: ${report.coverage.notCovered.join('; ')}`);
      }
      for (const finding of errors) console.error(`  ${finding.title}`);
    } finally {
      await app.stop();
      await rm(outDir, { recursive: true, force: true });
    }
  }
}
console.table(rows);
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);

/**
 * Runs the whole engine (`simulate`, no model key: the exploration) on a third-party app served
 * from its npm package, and keeps what the app's own server saw. Shared by the third-party test
 * files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulation/simulate.js';
import { serveApp, type AppName, type AppSpec } from '../../../third-party/apps.js';

export interface AppRun {
  report: Report;
  spec: AppSpec;
  /** `METHOD /path` of every request the app's server answered, in order. */
  requests: string[];
  /** The app's main interaction was reached (by what its server saw and the steps taken). */
  reached: boolean;
  /** Step lines for assertion messages. */
  context: string;
}

/** Explores `name` (`variant`) with `maxSteps` and returns the report. */
export async function exploreApp(
  name: AppName,
  variant: string,
  options: { maxSteps: number; coverageFloor?: number },
): Promise<AppRun> {
  const app = await serveApp(name, variant);
  const outDir = await mkdtemp(join(tmpdir(), `myfav-third-party-${name}-`));
  try {
    const { report } = await simulate({
      url: app.url,
      cwd: outDir,
      readyTimeoutMs: 10_000,
      changedFiles: [],
      pr: null,
      maxSteps: options.maxSteps,
      timeoutSec: 240,
      viewport: 'desktop',
      outDir,
      secrets: [],
      secretNames: [],
      browserPath: '/usr/bin/chromium',
      forceExplore: true,
      ...(options.coverageFloor !== undefined ? { coverageFloor: options.coverageFloor } : {}),
    });
    const requests = [...app.requests];
    const reached = app.spec.reached({
      steps: report.steps.map((s) => s.description),
      urls: report.steps.map((s) => s.url),
      requests,
    });
    const context = [
      ...report.steps.map(
        (s) => `${s.index}. ${s.description} @ ${s.url}${s.error ? ` !! ${s.error}` : ''}`,
      ),
      `findings: ${report.findings.map((f) => `${f.severity} ${f.title} (step ${f.step})`).join('; ')}`,
      `coverage: ${JSON.stringify({ ...report.coverage, notCovered: undefined, visited: report.coverage.visited })}`,
    ].join('\n');
    return { report, spec: app.spec, requests, reached, context };
  } finally {
    await app.stop();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** A run's steps as a comparable list: what was done, and where (the port left out). */
export function walkOf(run: AppRun): string[] {
  return run.report.steps.map((s) => `${s.description} @ ${s.url.replace(/:\d+/, '')}`);
}

/**
 * Runs the whole engine (the no-key exploration, real Chromium) on a site served from a table of
 * routes, and reads the findings a user would count: the checks' tests that need a small
 * hand-written app share it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/contract/index.js';
import { simulate } from '../../src/simulation/simulate.js';
import { startStaticServer, type RouteAnswer } from './static-server.js';

/** What the run is told: the PR's changed files, and its step budget. */
export interface ExploreStaticOptions {
  changedFiles: string[];
  maxSteps: number;
}

/** Explores `routes` (served at `/`, plus a 204 favicon) and returns the run's report. */
export async function exploreStaticSite(
  routes: Record<string, RouteAnswer>,
  options: ExploreStaticOptions,
): Promise<Report> {
  const server = await startStaticServer({ '/favicon.ico': { status: 204 }, ...routes });
  const outDir = await mkdtemp(join(tmpdir(), 'explore-static-'));
  try {
    const { report } = await simulate({
      url: `${server.origin}/`,
      cwd: outDir,
      readyTimeoutMs: 10_000,
      changedFiles: options.changedFiles,
      pr: null,
      maxSteps: options.maxSteps,
      timeoutSec: 120,
      viewport: 'desktop',
      outDir,
      secrets: [],
      secretNames: [],
      browserPath: '/usr/bin/chromium',
      forceExplore: true,
    });
    return report;
  } finally {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The findings that count for a verdict (warnings and errors), by check, severity and title. */
export function countedFindings(report: Report) {
  return report.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => ({ check: f.check, severity: f.severity, title: f.title }));
}

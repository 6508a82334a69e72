/**
 * Runs the exploration against a real fixture app (a git repo, `node server.mjs`) in real
 * Chromium, then the real checks. Shared by the exploration test files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../../src/contract/index.js';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { runChecks } from '../../../src/simulation/checks/index.js';
import { explore, type ExploreResult } from '../../../src/simulation/explore/index.js';
import { StepRecorder, type RecordedStep } from '../../../src/simulation/recording.js';
import {
  createFixtureRepo,
  type FixtureRepo,
  type FixtureVariant,
} from '../../../fixtures/fixture-repo.js';
import { runFixtureApp } from '../../../fixtures/fixture-app.js';

const cleanups: Array<() => Promise<unknown>> = [];

/** Removes the repos and output folders of every run so far (call from afterAll). */
export async function cleanupRuns(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}

export interface Run {
  repo: FixtureRepo;
  result: ExploreResult;
  steps: RecordedStep[];
  findings: Finding[];
  appLog: string;
}

/** Creates the variant's repo, serves it, explores it and checks the recordings. */
export async function exploreVariant(
  variant: FixtureVariant,
  options: { maxSteps: number; now?: () => number; onStep?: (step: RecordedStep) => void },
): Promise<Run> {
  const repo = await createFixtureRepo(variant);
  cleanups.push(() => rm(repo.dir, { recursive: true, force: true }));
  const app = await runFixtureApp(repo.dir, repo.port);
  const outDir = await mkdtemp(join(tmpdir(), `myfav-explore-${variant}-`));
  cleanups.push(() => rm(outDir, { recursive: true, force: true }));
  const session = await launchBrowser({
    executablePath: '/usr/bin/chromium',
    viewport: 'desktop',
    allowedOrigins: [repo.url],
    outDir,
  });
  try {
    const recorder = new StepRecorder(session, (text) => text, options.onStep);
    const result = await explore(session, recorder, {
      baseUrl: repo.url,
      changedFiles: repo.changedFiles,
      maxSteps: options.maxSteps,
      deadline: Date.now() + 300_000,
      allowedOrigins: [repo.url],
      ...(options.now ? { now: options.now } : {}),
    });
    const findings = runChecks(recorder.steps, { allowedOrigins: [repo.url] });
    return { repo, result, steps: recorder.steps, findings, appLog: app.log() };
  } finally {
    await session.close();
    await app.stop();
  }
}

/** The step a planted bug should show on, per its fixture's `trigger`. */
export function triggerStep(run: Run): number {
  const trigger = run.repo.bug?.trigger ?? '';
  const step =
    trigger === 'first'
      ? run.steps[0]
      : trigger.startsWith('/')
        ? run.steps.find((s) => pathPattern(trigger).test(new URL(s.step.url).pathname))
        : run.steps.find((s) => s.step.description === trigger);
  if (!step) throw new Error(`no step matches ${trigger}: ${describeSteps(run)}`);
  return step.step.index;
}

/** `/notes/:id` → a pattern matching `/notes/3`. */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:id\b/g, '\\d+');
  return new RegExp(`^${escaped}$`);
}

/** The steps as lines, for assertion messages. */
export function describeSteps(run: Run): string {
  return run.steps.map((s) => `${s.step.index}. ${s.step.description} @ ${s.step.url}`).join('\n');
}

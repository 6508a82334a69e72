/**
 * The action, thin: inputs and event → settings (a pure function, action/settings.ts) →
 * simulate (compared with the PR's merge base when asked) → publish (action/publish.ts), with
 * one catch. Collaborators come in through `deps` so tests can drive it; the bundle calls
 * `run()` with the real ones.
 *
 * Promise kept here: once a report exists it is written to disk and its verdict decides the
 * exit status, whatever happens to publishing, which only ever warns.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { InputError, readInputs, type ActionInputs } from './action/inputs.js';
import { publish } from './action/publish.js';
import { reportWithoutRun } from './action/report-without-run.js';
import { APP_PID_STATE, coreRuntime, type ActionRuntime } from './action/runtime.js';
import { actionSettings, secretValues, type ActionSettings } from './action/settings.js';
import type { Report } from './contract/index.js';
import {
  uploadArtifactFiles,
  uploadSingleFile,
  type ArtifactUploader,
  type FileUploader,
} from './github/artifact-uploader.js';
import { decideForkSafety, type ForkDecision } from './github/fork-safety.js';
import type { Octokit } from './github/octokit.js';
import { loadPrContext, messageOf, type PrContext } from './github/pr-context.js';
import { createRedactor } from './report/index.js';
import { compareWithBase } from './simulation/compare/index.js';
import { writeReport } from './simulation/report-writer.js';
import {
  simulate,
  type SimulationConfig,
  type SimulationDeps,
  type SimulationOutcome,
} from './simulation/simulate.js';

/** What `run` needs from the world. */
export interface RunDeps {
  runtime: ActionRuntime;
  env: NodeJS.ProcessEnv;
  readInputs: () => ActionInputs;
  simulate: (config: SimulationConfig, deps: SimulationDeps) => Promise<SimulationOutcome>;
  createOctokit: (token: string, log: (message: string) => void) => Octokit | Promise<Octokit>;
  uploadArtifact: ArtifactUploader;
  uploadPage: FileUploader;
}

/** The real collaborators. */
export function defaultDeps(): RunDeps {
  return {
    runtime: coreRuntime(),
    env: process.env,
    readInputs,
    simulate,
    // Loaded when a token is given: an input error answers before Octokit is parsed.
    createOctokit: async (token, log) =>
      (await import('./github/octokit.js')).createOctokit({ token, log }),
    uploadArtifact: uploadArtifactFiles,
    uploadPage: uploadSingleFile,
  };
}

/** Runs the action. Never throws: every failure ends in `setFailed` with a one-line reason. */
export async function run(overrides: Partial<RunDeps> = {}): Promise<void> {
  const deps: RunDeps = { ...defaultDeps(), ...overrides };
  try {
    await runAction(deps);
  } catch (error) {
    // No stack trace: a user reads this line in the log and the checks tab.
    deps.runtime.setFailed(
      error instanceof InputError ? error.message : `myfav-coworker failed: ${messageOf(error)}`,
    );
  }
}

async function runAction(deps: RunDeps): Promise<void> {
  const { runtime, env } = deps;
  const inputs = deps.readInputs();
  const redact = createRedactor(secretValues(inputs));
  const warn = (message: string): void => runtime.warning(redact(message));
  const octokit = inputs['github-token']
    ? await deps.createOctokit(inputs['github-token'], (m) => runtime.info(redact(m)))
    : null;
  const context = await loadPrContext({
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: readEvent(env.GITHUB_EVENT_PATH),
    repository: env.GITHUB_REPOSITORY,
    prNumber: inputs['pr-number'],
    octokit,
  });
  for (const note of context.notes) warn(note);
  if (context.pr) runtime.info(`Pull request #${context.pr.number}: ${context.pr.title}`);

  const fork = decideForkSafety({
    isFork: context.isFork,
    headRepo: context.headRepo,
    hasSecrets: Boolean(inputs['anthropic-api-key']) || inputs.secrets.length > 0,
    allowForkCode: inputs['allow-fork-code'],
  });
  const settings = actionSettings(inputs, context, env, fork);
  await mkdir(settings.outDir, { recursive: true });
  const notes = fork.action !== 'refuse' && fork.note ? [fork.note] : [];
  for (const note of notes) warn(note);
  if (settings.compareNote) warn(settings.compareNote);
  const outcome = await execute(deps, settings, context, fork, redact);
  await publish({ ...deps, inputs, context, octokit, settings, notes, redact, ...outcome });
}

/** Runs the simulation (or writes a report saying why it did not run). */
async function execute(
  deps: RunDeps,
  settings: ActionSettings,
  context: PrContext,
  fork: ForkDecision,
  redact: (text: string) => string,
): Promise<{ report: Report; files: string[] }> {
  const { runtime } = deps;
  if (fork.action === 'refuse') {
    runtime.error(fork.reason, { title: 'myfav-coworker refused to run fork code' });
    return writeWithoutRun(
      settings,
      context,
      fork.reason,
      'The app was not started (fork safety).',
      redact,
    );
  }
  const simDeps: SimulationDeps = {
    log: (line) => runtime.info(redact(line)),
    onStep: (step) => runtime.info(redact(`Step ${step.index}: ${step.description}`)),
    onAppStarted: (app) => {
      if (app.pid) runtime.saveState(APP_PID_STATE, String(app.pid));
    },
  };
  const { compare } = settings;
  if (compare) simDeps.compare = (head) => compareWithBase(settings.config, compare, head, simDeps);
  try {
    return await deps.simulate(settings.config, simDeps);
  } catch (error) {
    // simulate() promises not to throw; if it does anyway, the user still gets a report.
    const reason = `The simulation crashed before it could write a report: ${messageOf(error)}`;
    runtime.error(redact(reason));
    return writeWithoutRun(settings, context, reason, 'Everything: the engine crashed.', redact);
  } finally {
    runtime.saveState(APP_PID_STATE, '');
  }
}

/** Writes a report for a run that never exercised the app. */
async function writeWithoutRun(
  settings: ActionSettings,
  context: PrContext,
  reason: string,
  notCovered: string,
  redact: (text: string) => string,
): Promise<{ report: Report; files: string[] }> {
  const { config } = settings;
  const report = reportWithoutRun({
    url: config.url,
    viewport: config.viewport,
    maxSteps: config.maxSteps,
    timeoutSec: config.timeoutSec,
    pr: context.pr,
    changedFiles: context.changedFiles,
    ci: settings.ci,
    reason,
    notCovered,
  });
  const files = await writeReport(report, settings.outDir, redact);
  return { report, files };
}

/** The event payload the runner wrote, or {} (a local run has none). */
function readEvent(eventPath: string | undefined): Record<string, unknown> {
  if (!eventPath) return {};
  try {
    return JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

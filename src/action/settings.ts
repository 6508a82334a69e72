/**
 * From the action's inputs and the PR's event to the simulation's settings: a pure function,
 * so what a run will do can be read (and tested) without running it.
 */
import os from 'node:os';
import path from 'node:path';
import { artifactName } from '../contract/index.js';
import type { PrContext } from '../github/pr-context.js';
import type { ForkDecision } from '../github/fork-safety.js';
import type { CompareOptions } from '../simulation/compare/index.js';
import type { SimulationConfig } from '../simulation/simulate.js';
import type { ActionInputs } from './inputs.js';

/** Everything a run needs, decided up front. */
export interface ActionSettings {
  jobId: string | null;
  artifactName: string;
  runUrl: string | undefined;
  ci: NonNullable<SimulationConfig['ci']>;
  outDir: string;
  /** Values to redact everywhere: the API key, the token, the `secrets` input. */
  secrets: string[];
  config: SimulationConfig;
  /** Set when the run is compared with the PR's merge base. */
  compare: CompareOptions | null;
  /** Why there is no comparison although one was asked for, for the log. */
  compareNote: string | null;
}

/** The secret values of the inputs. */
export function secretValues(inputs: ActionInputs): string[] {
  return [
    ...inputs.secrets,
    ...(inputs['anthropic-api-key'] ? [inputs['anthropic-api-key']] : []),
    ...(inputs['github-token'] ? [inputs['github-token']] : []),
  ];
}

/** The settings of one action run; see the module comment. */
export function actionSettings(
  inputs: ActionInputs,
  context: PrContext,
  env: NodeJS.ProcessEnv,
  fork: ForkDecision,
  pid: number = process.pid,
): ActionSettings {
  const jobId = inputs['job-id'] ?? null;
  const name = inputs['artifact-name'] ?? artifactName(jobId);
  const repository = env.GITHUB_REPOSITORY;
  const runUrl =
    repository && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const ci = { ...(runUrl ? { runUrl } : {}), ...(jobId ? { jobId } : {}), artifactName: name };
  const outDir = path.join(
    env.RUNNER_TEMP || os.tmpdir(),
    `myfav-coworker-${jobId ?? env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${pid}`,
  );
  const secrets = secretValues(inputs);
  const { compare, note } = compareSettings(inputs, context);
  return {
    jobId,
    artifactName: name,
    runUrl,
    ci,
    outDir,
    secrets,
    config: simulationConfig(inputs, context, env, { ci, outDir, secrets, fork }),
    compare,
    compareNote: note,
  };
}

function simulationConfig(
  inputs: ActionInputs,
  context: PrContext,
  env: NodeJS.ProcessEnv,
  run: { ci: ActionSettings['ci']; outDir: string; secrets: string[]; fork: ForkDecision },
): SimulationConfig {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  return {
    ...(inputs['start-command'] ? { startCommand: inputs['start-command'] } : {}),
    url: inputs.url,
    cwd: path.resolve(workspace, inputs['working-directory']),
    readyTimeoutMs: inputs['ready-timeout'] * 1000,
    ...(inputs.instructions ? { instructions: inputs.instructions } : {}),
    ...(context.body ? { prBody: context.body } : {}),
    ...(context.diff !== undefined ? { diff: context.diff } : {}),
    changedFiles: context.changedFiles,
    pr: context.pr,
    maxSteps: inputs['max-steps'],
    timeoutSec: inputs['timeout-minutes'] * 60,
    viewport: inputs.viewport,
    ...(inputs['browser-path'] ? { browserPath: inputs['browser-path'] } : {}),
    ...(inputs['storage-state']
      ? { storageStatePath: path.resolve(workspace, inputs['storage-state']) }
      : {}),
    outDir: run.outDir,
    secrets: run.secrets,
    secretNames: [],
    ...(inputs['anthropic-api-key'] ? { anthropicApiKey: inputs['anthropic-api-key'] } : {}),
    ...(env.ANTHROPIC_BASE_URL ? { anthropicBaseUrl: env.ANTHROPIC_BASE_URL } : {}),
    ...(inputs.model ? { model: inputs.model } : {}),
    modelProvider: {
      provider: inputs['model-provider'],
      ...(inputs['model-region'] ? { region: inputs['model-region'] } : {}),
      ...(inputs['model-project'] ? { project: inputs['model-project'] } : {}),
    },
    ...(inputs['max-cost'] ? { maxCostUsd: inputs['max-cost'] } : {}),
    ci: run.ci,
    forceExplore: run.fork.action === 'refuse' ? false : run.fork.forceExplore,
    failOnPreexisting: inputs['fail-on-preexisting'],
    coverageFloor: inputs['coverage-floor'] / 100,
    changeCoverageFloor: inputs['change-coverage-floor'] / 100,
  };
}

const NO_START_NOTE =
  "compare-base: not compared, because there is no start-command to start the base with (the app already running is the PR's); every error counts.";

/**
 * `compare-base: auto` compares whenever the run has a pull request with a base branch (a
 * pull_request event, or a dispatch naming the PR); `true` insists, `false` never compares. Without
 * a start command `auto` cannot start the base's code: the run is not compared and says so.
 */
export function compareSettings(
  inputs: ActionInputs,
  context: PrContext,
): { compare: CompareOptions | null; note: string | null } {
  const mode = inputs['compare-base'];
  if (mode === 'false') return { compare: null, note: null };
  const baseRef = context.pr?.baseRef;
  if (!baseRef) {
    return {
      compare: null,
      note:
        mode === 'true'
          ? 'compare-base: this run has no pull request base to compare with; every error counts.'
          : null,
    };
  }
  return {
    compare: { baseRef, ...(inputs['base-setup'] ? { baseSetup: inputs['base-setup'] } : {}) },
    // The comparison itself records this in the report (see compareWithBase); this is the log's.
    note: inputs['start-command'] ? null : NO_START_NOTE,
  };
}

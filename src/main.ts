/**
 * The action: inputs → PR context → fork safety → simulate → publish → outputs, with one catch.
 * Collaborators come in through `deps` (runner, simulate, Octokit, artifact upload) so tests can
 * drive it; the bundle calls `run()` with the real ones.
 *
 * Promise kept here: once a report exists it is written to disk and its verdict decides the
 * exit status, whatever happens to publishing (artifact, comment, summary, annotations), which
 * only ever warns.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError, readInputs, type ActionInputs } from './action/inputs.js';
import { outputsOf, setOutputs, shouldFail } from './action/outputs.js';
import { reportWithoutRun } from './action/report-without-run.js';
import { APP_PID_STATE, coreRuntime, type ActionRuntime } from './action/runtime.js';
import { artifactName, REPORT_FILE, type Report } from './contract/index.js';
import { emitAnnotations } from './github/annotations.js';
import {
  artifactServiceMissing,
  uploadArtifactFiles,
  type ArtifactUploader,
} from './github/artifact-uploader.js';
import { decideForkSafety } from './github/fork-safety.js';
import { writeJobSummary } from './github/job-summary.js';
import { createOctokit, type Octokit } from './github/octokit.js';
import { loadPrContext, messageOf, type PrContext } from './github/pr-context.js';
import { COMMENT_MARKER, upsertStickyComment } from './github/sticky-comment.js';
import { createRedactor, renderMarkdown } from './report/index.js';
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
  createOctokit: (token: string, log: (message: string) => void) => Octokit;
  uploadArtifact: ArtifactUploader;
}

/** The real collaborators. */
export function defaultDeps(): RunDeps {
  return {
    runtime: coreRuntime(),
    env: process.env,
    readInputs,
    simulate,
    createOctokit: (token, log) => createOctokit({ token, log }),
    uploadArtifact: uploadArtifactFiles,
  };
}

/** Runs the action. Never throws: every failure ends in `setFailed` with a one-line reason. */
export async function run(overrides: Partial<RunDeps> = {}): Promise<void> {
  const deps: RunDeps = { ...defaultDeps(), ...overrides };
  const { runtime } = deps;
  try {
    await runAction(deps);
  } catch (error) {
    // No stack trace: a user reads this line in the log and the checks tab.
    runtime.setFailed(
      error instanceof InputError ? error.message : `myfav-coworker failed: ${messageOf(error)}`,
    );
  }
}

async function runAction(deps: RunDeps): Promise<void> {
  const { runtime, env } = deps;
  const inputs = deps.readInputs();
  const jobId = inputs['job-id'] ?? null;
  const name = inputs['artifact-name'] ?? artifactName(jobId);
  const secrets = [
    ...inputs.secrets,
    ...(inputs['anthropic-api-key'] ? [inputs['anthropic-api-key']] : []),
    ...(inputs['github-token'] ? [inputs['github-token']] : []),
  ];
  const redact = createRedactor(secrets);
  const warn = (message: string) => runtime.warning(redact(message));

  const repository = env.GITHUB_REPOSITORY;
  const octokit = inputs['github-token']
    ? deps.createOctokit(inputs['github-token'], (m) => runtime.info(redact(m)))
    : null;
  const context = await loadPrContext({
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: readEvent(env.GITHUB_EVENT_PATH),
    repository,
    prNumber: inputs['pr-number'],
    octokit,
  });
  for (const note of context.notes) warn(note);
  if (context.pr) runtime.info(`Pull request #${context.pr.number}: ${context.pr.title}`);

  const runUrl =
    repository && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const ci = {
    ...(runUrl ? { runUrl } : {}),
    ...(jobId ? { jobId } : {}),
    artifactName: name,
  };
  const outDir = path.join(
    env.RUNNER_TEMP || os.tmpdir(),
    `myfav-coworker-${jobId ?? env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${process.pid}`,
  );
  await mkdir(outDir, { recursive: true });

  const decision = decideForkSafety({
    isFork: context.isFork,
    headRepo: context.headRepo,
    hasSecrets: Boolean(inputs['anthropic-api-key']) || inputs.secrets.length > 0,
    allowForkCode: inputs['allow-fork-code'],
  });
  const notes: string[] = [];
  let outcome: { report: Report; files: string[] };
  const base = {
    url: inputs.url,
    viewport: inputs.viewport,
    maxSteps: inputs['max-steps'],
    timeoutSec: inputs['timeout-minutes'] * 60,
    pr: context.pr,
    changedFiles: context.changedFiles,
    ci,
  };
  if (decision.action === 'refuse') {
    runtime.error(decision.reason, { title: 'myfav-coworker refused to run fork code' });
    outcome = await writeWithoutRun(
      { ...base, reason: decision.reason, notCovered: 'The app was not started (fork safety).' },
      outDir,
      redact,
    );
  } else {
    if (decision.note) {
      warn(decision.note);
      notes.push(decision.note);
    }
    const config: SimulationConfig = {
      ...(inputs['start-command'] ? { startCommand: inputs['start-command'] } : {}),
      url: inputs.url,
      cwd: path.resolve(env.GITHUB_WORKSPACE || process.cwd(), inputs['working-directory']),
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
        ? {
            storageStatePath: path.resolve(
              env.GITHUB_WORKSPACE || process.cwd(),
              inputs['storage-state'],
            ),
          }
        : {}),
      outDir,
      secrets,
      secretNames: [],
      ...(inputs['anthropic-api-key'] ? { anthropicApiKey: inputs['anthropic-api-key'] } : {}),
      ...(env.ANTHROPIC_BASE_URL ? { anthropicBaseUrl: env.ANTHROPIC_BASE_URL } : {}),
      ...(inputs.model ? { model: inputs.model } : {}),
      ...(inputs['max-cost'] ? { maxCostUsd: inputs['max-cost'] } : {}),
      ci,
      forceExplore: decision.forceExplore,
      coverageFloor: inputs['coverage-floor'] / 100,
    };
    try {
      outcome = await deps.simulate(config, {
        log: (line) => runtime.info(redact(line)),
        onStep: (step) => runtime.info(redact(`Step ${step.index}: ${step.description}`)),
        onAppStarted: (app) => {
          if (app.pid) runtime.saveState(APP_PID_STATE, String(app.pid));
        },
      });
    } catch (error) {
      // simulate() promises not to throw; if it does anyway, the user still gets a report.
      const reason = `The simulation crashed before it could write a report: ${messageOf(error)}`;
      runtime.error(redact(reason));
      outcome = await writeWithoutRun(
        { ...base, reason, notCovered: 'Everything: the engine crashed.' },
        outDir,
        redact,
      );
    } finally {
      runtime.saveState(APP_PID_STATE, '');
    }
  }
  const { report } = outcome;
  const reportPath = path.join(outDir, REPORT_FILE);
  runtime.info(`Result: ${report.result}. ${redact(report.summary)}`);
  runtime.info(`Report: ${reportPath}`);

  // Publishing: each part may fail alone; each failure is a warning.
  const artifactId = await publishArtifact(deps, name, outDir, outcome.files, warn);
  const artifactUrl =
    artifactId !== null && runUrl ? `${runUrl}/artifacts/${artifactId}` : undefined;
  const markdownOptions = {
    ...(artifactUrl ? { artifactUrl } : {}),
    ...(runUrl ? { runUrl } : {}),
  };
  const notesMd = notes.map((n) => `> [!NOTE]\n> ${n}\n\n`).join('');

  try {
    emitAnnotations(
      {
        error: (m, t) => runtime.error(redact(m), t),
        warning: (m, t) => runtime.warning(redact(m), t),
        notice: (m, t) => runtime.notice(redact(m), t),
      },
      report,
    );
  } catch (error) {
    warn(`Could not write annotations: ${messageOf(error)}`);
  }

  try {
    await writeJobSummary(
      (md) => runtime.appendSummary(md),
      redact(notesMd + renderMarkdown(report, { ...markdownOptions, maxBytes: 900 * 1024 })),
    );
  } catch (error) {
    warn(`Could not write the job summary: ${messageOf(error)}`);
  }

  await publishComment(
    deps,
    inputs,
    context,
    octokit,
    redact(
      notesMd +
        renderMarkdown(report, {
          ...markdownOptions,
          marker: COMMENT_MARKER,
          maxBytes: 60 * 1024 - Buffer.byteLength(notesMd),
        }),
    ),
    warn,
  );

  setOutputs(runtime, outputsOf(report, reportPath, artifactId, jobId));
  if (shouldFail(report.result, inputs['fail-on'])) {
    runtime.setFailed(
      redact(`myfav-coworker: ${report.result} (fail-on: ${inputs['fail-on']}). ${report.summary}`),
    );
  }
}

/** Writes a report for a run that never exercised the app. */
async function writeWithoutRun(
  input: Parameters<typeof reportWithoutRun>[0],
  outDir: string,
  redact: (text: string) => string,
): Promise<{ report: Report; files: string[] }> {
  const report = reportWithoutRun(input);
  const files = await writeReport(report, outDir, redact);
  return { report, files };
}

async function publishArtifact(
  deps: RunDeps,
  name: string,
  outDir: string,
  files: string[],
  warn: (message: string) => void,
): Promise<number | null> {
  const missing = artifactServiceMissing(deps.env);
  if (missing) {
    warn(`Report artifact not uploaded: ${missing}. The report is at ${outDir}.`);
    return null;
  }
  try {
    const uploaded = await deps.uploadArtifact(name, outDir, files);
    deps.runtime.info(`Uploaded artifact ${uploaded.name} (id ${uploaded.id}).`);
    return uploaded.id;
  } catch (error) {
    warn(
      `Could not upload the report artifact ${name}: ${messageOf(error)}. The report is at ${outDir}.`,
    );
    return null;
  }
}

async function publishComment(
  deps: RunDeps,
  inputs: ActionInputs,
  context: PrContext,
  octokit: Octokit | null,
  markdown: string,
  warn: (message: string) => void,
): Promise<void> {
  if (!inputs.comment) return;
  if (!context.pr || !context.repository) {
    deps.runtime.info('No pull request: no PR comment (the job summary has the report).');
    return;
  }
  if (!octokit) {
    warn('No github-token: the PR comment was not posted.');
    return;
  }
  const [owner = '', repo = ''] = context.repository.split('/');
  try {
    const result = await upsertStickyComment(
      octokit,
      { owner, repo, issueNumber: context.pr.number },
      markdown,
    );
    deps.runtime.info(`PR comment ${result.action}: ${result.url}`);
  } catch (error) {
    const hint =
      (error as { status?: number }).status === 403
        ? ' (the token cannot write here: a fork PR\'s token is read-only, or the workflow lacks "pull-requests: write")'
        : '';
    warn(`Could not post the PR comment: ${messageOf(error)}${hint}`);
  }
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

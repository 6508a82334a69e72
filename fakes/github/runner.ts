/**
 * The fake GitHub's runner: on `workflow_dispatch` of the user workflow it does what a hosted
 * runner does with `.github/workflows/myfav-coworker.yml` — read it with GitHub's parser (each
 * step's `if:` and every `${{ }}` evaluated by GitHub's expression engine), check out
 * `refs/pull/N/head` into a fresh workspace, run the workflow's `run:` steps, then the real
 * bundled action (`node dist/index.js`, then `dist/post.js`) with the environment a runner gives
 * a JavaScript action — and moves the run `queued → in_progress → completed` with a conclusion from the exit
 * codes. The action talks back to the same fake (REST, artifact service), so its artifact and
 * its sticky comment land in `state` exactly as they would on github.com.
 *
 * It is attached through `state.onDispatch` (no change to the fake's routes). The dispatch
 * answers at once; the run proceeds in the background (`idle()` waits for every run).
 *
 * Faults of the loop are planned per PR with `plan()`: the job fails before the action (no
 * artifact), the artifact upload is refused (no artifact), or the artifact's `report.json` is
 * replaced by an invalid one.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { REPORT_FILE } from '../../src/contract/index.js';
import { freePort } from '../../fixtures/fixture-repo.js';
import { runtimeTokenFor } from './artifacts.js';
import { isZipped, type FakeGitHubState, type FakeWorkflowRun } from './state.js';
import { evaluateExpression, isTruthy } from './workflow-file.js';
import { evaluate, jobSteps, parseFileCommand, type ExpressionContexts } from './workflow-steps.js';

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A fault of the loop, applied to the next run of one PR. */
export type RunnerFault =
  /** A step before the action (`npm ci`) fails: the run ends `failure` with no artifact. */
  | 'fail-before-action'
  /** The artifact service refuses the upload: the run ends with no report artifact. */
  | 'no-artifact'
  /** The artifact is uploaded, but its `report.json` is not a valid report. */
  | 'invalid-report';

/** What the next run of a PR should do differently. */
export interface RunPlan {
  fault?: RunnerFault;
  /** `with:` inputs of the action step overriding the workflow's (e.g. a start command that exits). */
  with?: Record<string, string>;
}

/** What one run did, for assertions and the sandbox's log. */
export interface RunnerRun {
  runId: number;
  prNumber: number;
  jobId: string | null;
  workspace: string;
  /** Step log, as the Actions UI would show it (stdout and stderr of each step, in order). */
  log: string;
  /** Exit code of the action's main step (null when it did not run). */
  actionCode: number | null;
  outputs: Record<string, string>;
  summary: string;
  conclusion: 'success' | 'failure' | null;
  done: Promise<void>;
}

export interface FakeRunnerOptions {
  /** The fake's base URL (GITHUB_API_URL and ACTIONS_RESULTS_URL). */
  githubUrl: string;
  /** Git directories holding each repo's refs (`owner/name` → dir with `refs/pull/N/head`). */
  repos: Map<string, string>;
  /** Folder holding `dist/index.js` and `dist/post.js` (defaults to this repository). */
  actionDir?: string;
  /** Node binary for the action (the runner's node24 on GitHub; this Node by default). */
  nodeBin?: string;
  /** `with:` inputs every run gets on top of the workflow's (machine setup, e.g. browser-path). */
  with?: Record<string, string>;
  /** Repository secrets (`secrets.X` in the workflow). */
  secrets?: Record<string, string>;
  /** Called with each finished run (the sandbox prints a line). */
  onRunEnd?: (run: RunnerRun) => void;
  /** Keep workspaces after the run (default: removed on close). */
  keepWorkspaces?: boolean;
}

/** Runs the user workflow on dispatch. */
export class FakeRunner {
  readonly runs: RunnerRun[] = [];
  private readonly plans = new Map<string, RunPlan[]>();
  private readonly children = new Set<ChildProcess>();
  private readonly workspaces: string[] = [];
  private closed = false;

  constructor(
    private readonly state: FakeGitHubState,
    private readonly options: FakeRunnerOptions,
  ) {}

  /** Hooks the runner into the fake's dispatch route. */
  attach(): this {
    this.state.onDispatch = (run) => {
      this.start(run);
    };
    return this;
  }

  /** Plans the next run of PR `number` of `repo` (plans are consumed in order). */
  plan(repo: string, number: number, plan: RunPlan): void {
    const key = `${repo.toLowerCase()}#${number}`;
    this.plans.set(key, [...(this.plans.get(key) ?? []), plan]);
  }

  /** Resolves when every run started so far has ended. */
  async idle(): Promise<void> {
    await Promise.all(this.runs.map((r) => r.done));
  }

  /** The run the fake created for a server job. */
  runOfJob(jobId: string): RunnerRun | undefined {
    return this.runs.find((r) => r.jobId === jobId);
  }

  /** Stops running steps (process groups), waits for the runs, removes the workspaces. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.state.onDispatch) this.state.onDispatch = null;
    for (const child of this.children) killGroup(child, 'SIGTERM');
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, 10_000))]);
    for (const child of this.children) killGroup(child, 'SIGKILL');
    if (!this.options.keepWorkspaces) {
      for (const dir of this.workspaces.splice(0)) await rm(dir, { recursive: true, force: true });
    }
  }

  private takePlan(repo: string, number: number): RunPlan {
    const key = `${repo.toLowerCase()}#${number}`;
    const list = this.plans.get(key) ?? [];
    const plan = list.shift() ?? {};
    this.plans.set(key, list);
    return plan;
  }

  private start(run: FakeWorkflowRun): void {
    const prNumber = Number(run.inputs.pr_number);
    const record: RunnerRun = {
      runId: run.id,
      prNumber,
      jobId: run.inputs.job_id ?? null,
      workspace: '',
      log: '',
      actionCode: null,
      outputs: {},
      summary: '',
      conclusion: null,
      done: Promise.resolve(),
    };
    const plan = this.takePlan(run.repo, prNumber);
    record.done = this.execute(run, record, plan).catch((error: unknown) => {
      // A crash of the runner itself ends the run as a failure, like a lost runner on GitHub.
      record.log += `\n##[error]The runner crashed: ${(error as Error).message}\n`;
      this.finish(run, record, 'failure');
    });
    this.runs.push(record);
  }

  private finish(run: FakeWorkflowRun, record: RunnerRun, conclusion: 'success' | 'failure') {
    if (record.conclusion) return;
    record.conclusion = conclusion;
    this.state.completeRun(run.id, { conclusion });
    this.options.onRunEnd?.(record);
  }

  private async execute(run: FakeWorkflowRun, record: RunnerRun, plan: RunPlan): Promise<void> {
    // Queued for a moment, as on GitHub, so a poller sees `queued` then `in_progress`.
    await new Promise((r) => setTimeout(r, 300));
    if (this.closed) return;
    this.state.startRun(run.id);

    const gitDir = this.options.repos.get(run.repo.toLowerCase());
    if (!gitDir) throw new Error(`the runner has no git repository for ${run.repo}`);
    const workflowPath = `.github/workflows/${run.workflow}`;
    const workflowText = this.state.fileOf(run.repo, workflowPath) ?? '';
    const steps = await jobSteps(workflowPath, workflowText);

    const root = await mkdtemp(path.join(tmpdir(), `myfav-runner-${run.id}-`));
    this.workspaces.push(root);
    const workspace = path.join(root, 'work');
    const temp = path.join(root, 'temp');
    await mkdir(temp, { recursive: true });
    record.workspace = workspace;

    // GITHUB_TOKEN of the job: the workflow's permissions (contents read, pull-requests write).
    const jobToken = `ghs_run_${run.id}_${Math.random().toString(36).slice(2)}`;
    this.state.addToken(jobToken, 'github-actions[bot]', { repos: [run.repo], write: true });
    const appPort = await freePort();
    const contexts: ExpressionContexts = {
      inputs: run.inputs,
      secrets: this.options.secrets ?? {},
      env: { APP_PORT: String(appPort) },
      github: {
        token: jobToken,
        event_name: 'workflow_dispatch',
        repository: run.repo,
        event: { inputs: run.inputs },
      },
    };

    let ok = true;
    let actionSeen = false;
    for (const step of steps) {
      const label = step.name ?? step.uses ?? step.run ?? 'step';
      // Each step's `if:` (default `success()`) by GitHub's expression engine.
      if (!isTruthy(evaluateExpression(step.if, { ...contexts }, !ok))) {
        record.log += `(skipped ${label}: if: ${step.if})\n`;
        continue;
      }
      record.log += `##[group]${label}\n`;
      if (step.uses?.startsWith('actions/checkout')) {
        // `ref: refs/pull/N/head` on a dispatch (what the workflow asks for): the PR's head.
        ok = await this.checkout(gitDir, workspace, prNumber(run), record);
      } else if (step.uses?.startsWith('actions/setup-node')) {
        record.log += `Using node ${process.version} from the runner's tool cache\n`;
      } else if (step.run !== undefined) {
        if (plan.fault === 'fail-before-action') {
          record.log += `npm ERR! code EINTEGRITY\nnpm ERR! the package cache is corrupt\n##[error]Process completed with exit code 1.\n`;
          ok = false;
        } else {
          const code = await this.spawnStep(
            'bash',
            ['-e', '-c', evaluate(step.run, contexts)],
            { cwd: workspace, env: baseEnv(temp) },
            record,
          );
          ok = code === 0;
        }
      } else if (step.uses && /myfav-coworker/.test(step.uses)) {
        actionSeen = true;
        const withInputs: Record<string, string> = {};
        for (const [k, v] of Object.entries(step.with ?? {})) {
          withInputs[k] = evaluate(String(v), contexts);
        }
        Object.assign(withInputs, this.options.with, plan.with);
        if (!('github-token' in withInputs)) withInputs['github-token'] = jobToken;
        ok = await this.runAction(run, record, withInputs, { workspace, temp, root }, plan);
      } else {
        record.log += `(the fake runner skips ${label})\n`;
      }
      record.log += '##[endgroup]\n';
    }
    if (!actionSeen && ok) record.log += '##[warning]The workflow has no myfav-coworker step.\n';
    this.state.tokens.delete(jobToken);
    this.finish(run, record, ok ? 'success' : 'failure');
  }

  private async checkout(
    gitDir: string,
    workspace: string,
    number: number,
    record: RunnerRun,
  ): Promise<boolean> {
    try {
      await exec('git', ['clone', '-q', '--no-checkout', gitDir, workspace]);
      await exec('git', ['fetch', '-q', 'origin', `refs/pull/${number}/head`], { cwd: workspace });
      await exec('git', ['checkout', '-q', '--detach', 'FETCH_HEAD'], { cwd: workspace });
      const { stdout } = await exec('git', ['rev-parse', 'HEAD'], { cwd: workspace });
      record.log += `Checked out refs/pull/${number}/head at ${stdout.trim()}\n`;
      return true;
    } catch (error) {
      record.log += `##[error]Checkout of refs/pull/${number}/head failed: ${(error as Error).message}\n`;
      return false;
    }
  }

  private async runAction(
    run: FakeWorkflowRun,
    record: RunnerRun,
    inputs: Record<string, string>,
    dirs: { workspace: string; temp: string; root: string },
    plan: RunPlan,
  ): Promise<boolean> {
    const actionDir = this.options.actionDir ?? ROOT;
    const files = {
      event: path.join(dirs.root, 'event.json'),
      output: path.join(dirs.root, 'output'),
      summary: path.join(dirs.root, 'summary.md'),
      state: path.join(dirs.root, 'state'),
      env: path.join(dirs.root, 'env'),
    };
    const repo = this.state.findRepo(run.repo);
    await writeFile(
      files.event,
      JSON.stringify({
        inputs: run.inputs,
        ref: `refs/heads/${repo?.defaultBranch ?? 'main'}`,
        repository: { full_name: run.repo, default_branch: repo?.defaultBranch ?? 'main' },
        sender: { login: 'github-actions[bot]' },
        workflow: `.github/workflows/${run.workflow}`,
      }),
    );
    for (const f of [files.output, files.summary, files.state, files.env]) await writeFile(f, '');
    const env: Record<string, string> = {
      ...baseEnv(dirs.temp),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: run.repo,
      GITHUB_REPOSITORY_OWNER: run.repo.split('/')[0] ?? '',
      GITHUB_WORKSPACE: dirs.workspace,
      GITHUB_API_URL: this.options.githubUrl,
      // github.com, not the fake: `@actions/artifact` refuses to upload on any other server
      // (it takes it for GitHub Enterprise Server). Links in the comment therefore say github.com.
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_GRAPHQL_URL: `${this.options.githubUrl}/graphql`,
      GITHUB_RUN_ID: String(run.id),
      GITHUB_RUN_NUMBER: String(run.id),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'simulate',
      GITHUB_WORKFLOW: run.name,
      GITHUB_REF: `refs/heads/${repo?.defaultBranch ?? 'main'}`,
      GITHUB_SHA: run.headSha,
      GITHUB_ACTOR: 'github-actions[bot]',
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_ENV: files.env,
      RUNNER_TEMP: dirs.temp,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      ACTIONS_RUNTIME_TOKEN: runtimeTokenFor(run.backendRunId, run.backendJobId),
      ACTIONS_RESULTS_URL: `${this.options.githubUrl}/`,
    };
    for (const [k, v] of Object.entries(inputs)) {
      env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
    }
    if (plan.fault === 'no-artifact') {
      // The artifact service refuses this run's upload (quota, outage): no report artifact.
      // The fault hook matches by path only: plan this fault while no other run is uploading.
      this.state.faults.push({
        method: 'POST',
        path: /\/CreateArtifact$/,
        status: 403,
        times: 1,
        body: { code: 'permission_denied', msg: 'artifact storage quota has been hit' },
      });
    }
    const node = this.options.nodeBin ?? process.execPath;
    const code = await this.spawnStep(
      node,
      [path.join(actionDir, 'dist', 'index.js')],
      { cwd: dirs.workspace, env },
      record,
    );
    record.actionCode = code;
    record.outputs = parseFileCommand(await readFile(files.output, 'utf8'));
    record.summary = await readFile(files.summary, 'utf8');

    // The post step always runs (it stops an app the main step left behind).
    const saved = parseFileCommand(await readFile(files.state, 'utf8'));
    const postEnv = { ...env };
    for (const [k, v] of Object.entries(saved)) postEnv[`STATE_${k}`] = v;
    if (existsSync(path.join(actionDir, 'dist', 'post.js'))) {
      await this.spawnStep(
        node,
        [path.join(actionDir, 'dist', 'post.js')],
        { cwd: dirs.workspace, env: postEnv },
        record,
      );
    }

    if (plan.fault === 'invalid-report') this.corruptReport(run);
    return code === 0;
  }

  /** Replaces `report.json` in this run's artifact by one that breaks the contract. */
  private corruptReport(run: FakeWorkflowRun): void {
    const artifact = this.state.artifacts.find(
      (a) => a.runId === run.id && a.finalized && a.zip && isZipped(a),
    );
    if (!artifact?.zip) return;
    const files = unzipSync(artifact.zip);
    // Same report, one field outside the contract: what a mismatched action version would send.
    const original = files[REPORT_FILE] ? JSON.parse(strFromU8(files[REPORT_FILE])) : {};
    files[REPORT_FILE] = strToU8(JSON.stringify({ ...original, result: 'probably-fine' }));
    artifact.zip = zipSync(files);
    artifact.size = artifact.zip.length;
  }

  private spawnStep(
    command: string,
    args: string[],
    options: { cwd: string; env: Record<string, string> },
    record: RunnerRun,
  ): Promise<number | null> {
    return new Promise((resolve) => {
      // Own process group: close() can stop the step and anything it started (the app).
      const child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      this.children.add(child);
      child.stdout?.on('data', (d: Buffer) => (record.log += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (record.log += d.toString()));
      child.on('error', (error) => {
        record.log += `##[error]${error.message}\n`;
      });
      child.on('close', (code) => {
        this.children.delete(child);
        resolve(code);
      });
    });
  }
}

function prNumber(run: FakeWorkflowRun): number {
  return Number(run.inputs.pr_number);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** A runner's base environment: PATH and HOME only (the runner does not leak this machine's env). */
function baseEnv(temp: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? temp,
    LANG: 'C.UTF-8',
    // npm must not look for updates or telemetry on a machine with no network.
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
}

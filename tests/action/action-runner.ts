/**
 * Runs the real bundled action the way a GitHub runner does: a folder holding only action.yml
 * and dist/, inputs as `INPUT_*` variables, the event in GITHUB_EVENT_PATH, outputs, summary and
 * state in files, the REST API and the artifact service at a fake GitHub.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runtimeTokenFor } from '../../fakes/github/artifacts.js';
import type { NodeRuntime } from '../../harness/node-runtimes.js';
import { parseFileCommand } from '../../fakes/github/workflow-steps.js';

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export { node24, nodeRuntimes, type NodeRuntime } from '../../harness/node-runtimes.js';

/** Builds dist/ if it is missing (CI's check-dist keeps the committed one current). */
export async function ensureDist(): Promise<void> {
  if (existsSync(path.join(ROOT, 'dist', 'index.js'))) return;
  await exec(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT });
}

/** A folder laid out like `uses: owner/myfav-coworker@v1` on a runner: action.yml + dist/. */
export async function installAction(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'myfav-action-'));
  await cp(path.join(ROOT, 'action.yml'), path.join(dir, 'action.yml'));
  await cp(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  return dir;
}

/** One run of the action. */
export interface RunSpec {
  actionDir: string;
  node: NodeRuntime;
  githubUrl: string;
  /** `with:` inputs, by their action.yml names. */
  inputs: Record<string, string>;
  eventName: string;
  event: object;
  repository: string;
  workspace: string;
  runId?: number;
  /** Omit the artifact service (a local run). */
  noArtifactService?: boolean;
  entry?: 'index' | 'post';
  extraEnv?: Record<string, string>;
  /** GITHUB_STATE values from the main step, for the post step. */
  state?: Record<string, string>;
}

/** What the runner saw. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
}

const workDirs: string[] = [];

/** Removes the runner folders of every run so far. */
export async function cleanupRuns(): Promise<void> {
  for (const dir of workDirs.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** Runs `node dist/index.js` with a runner's environment; resolves when it exits. */
export async function runAction(spec: RunSpec): Promise<RunResult> {
  const work = await mkdtemp(path.join(tmpdir(), 'myfav-runner-'));
  workDirs.push(work);
  const files = {
    event: path.join(work, 'event.json'),
    output: path.join(work, 'output.txt'),
    summary: path.join(work, 'summary.md'),
    state: path.join(work, 'state.txt'),
    env: path.join(work, 'env.txt'),
    temp: path.join(work, 'temp'),
  };
  await mkdir(files.temp);
  await writeFile(files.event, JSON.stringify(spec.event));
  for (const f of [files.output, files.summary, files.state, files.env]) await writeFile(f, '');
  const runId = spec.runId ?? 4242;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? work,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: spec.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: spec.repository,
    GITHUB_WORKSPACE: spec.workspace,
    GITHUB_API_URL: spec.githubUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    RUNNER_TEMP: files.temp,
    RUNNER_OS: 'Linux',
    ...(spec.noArtifactService
      ? {}
      : {
          ACTIONS_RUNTIME_TOKEN: runtimeTokenFor(`run-${runId}`, `job-${runId}`),
          ACTIONS_RESULTS_URL: `${spec.githubUrl}/`,
        }),
    ...Object.fromEntries(Object.entries(spec.state ?? {}).map(([k, v]) => [`STATE_${k}`, v])),
    ...Object.fromEntries(
      Object.entries(spec.inputs).map(([k, v]) => [
        `INPUT_${k.replace(/ /g, '_').toUpperCase()}`,
        v,
      ]),
    ),
    ...spec.extraEnv,
  };
  const child = spawn(
    spec.node.bin,
    [path.join(spec.actionDir, 'dist', `${spec.entry ?? 'index'}.js`)],
    {
      cwd: spec.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout,
    stderr,
    outputs: parseFileCommand(await readFile(files.output, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
    state: parseFileCommand(await readFile(files.state, 'utf8')),
  };
}

/** The `::warning::` / `::error::` lines of a run, decoded. */
export function commandsOf(stdout: string, command: 'warning' | 'error' | 'notice'): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`::${command}`))
    .map((l) =>
      l
        .replace(/^::[a-z]+( [^:]*)?::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%'),
    );
}

/**
 * The bundled action (dist/) run as a GitHub runner runs it, against a fake GitHub and a real
 * fixture app with a planted bug, in real Chromium, under Node 20 and Node 24.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupRuns,
  commandsOf,
  ensureDist,
  installAction,
  nodeRuntimes,
  runAction,
  type NodeRuntime,
  type RunSpec,
} from './action-runner.js';
import { artifactName, parseReport } from '../../src/contract/index.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { createFakeGitHub, type FakeGitHub } from '../fakes/github/server.js';
import { createFixtureRepo, type FixtureRepo } from '../fixtures/fixture-repo.js';

const exec = promisify(execFile);
const REPO = 'acme/notebook';
const TOKEN = 'ghs_runner_token';
const KEY = 'sk-ant-fake-key-never-used-123';

let gh: FakeGitHub;
let fixture: FixtureRepo;
let actionDir: string;
let runtimes: NodeRuntime[];
let prNumber = 100;

beforeAll(async () => {
  await ensureDist();
  [gh, fixture, actionDir, runtimes] = await Promise.all([
    createFakeGitHub(),
    createFixtureRepo('broken-link'),
    installAction(),
    nodeRuntimes(),
  ]);
  gh.state.addToken(TOKEN, 'github-actions[bot]');
}, 300_000);

afterAll(async () => {
  await gh?.close();
  await cleanupRuns();
  for (const dir of [fixture?.dir, actionDir])
    if (dir) await rm(dir, { recursive: true, force: true });
});

/** A new PR on the fake, carrying the fixture's real diff. */
async function openPull(options: { headRepo?: string } = {}): Promise<number> {
  prNumber += 1;
  const { stdout: diff } = await exec('git', ['diff', 'main...pr'], { cwd: fixture.dir });
  gh.state.addPull(REPO, {
    number: prNumber,
    title: 'Notes can be added to favourites',
    body: 'Adds a Favourites page linked from the navigation.',
    headSha: fixture.headSha,
    baseSha: fixture.baseSha,
    headRef: 'pr',
    ...(options.headRepo ? { headRepo: options.headRepo } : {}),
    diff,
    files: fixture.changedFiles.map((filename) => ({
      filename,
      status: 'modified' as const,
      additions: 1,
      deletions: 0,
    })),
  });
  return prNumber;
}

function spec(
  node: NodeRuntime,
  overrides: Partial<RunSpec> & { inputs?: Record<string, string> },
): RunSpec {
  const { inputs, ...rest } = overrides;
  return {
    actionDir,
    node,
    githubUrl: gh.url,
    eventName: 'pull_request',
    event: {},
    repository: REPO,
    workspace: fixture.dir,
    inputs: {
      'start-command': fixture.startCommand,
      url: fixture.url,
      'working-directory': '.',
      'ready-timeout': '60',
      'max-steps': '3',
      'timeout-minutes': '3',
      'browser-path': '/usr/bin/chromium',
      'github-token': TOKEN,
      comment: 'true',
      'fail-on': 'fail',
      ...inputs,
    },
    ...rest,
  };
}

const pullEvent = (number: number, headRepo = REPO) => ({
  action: 'synchronize',
  number,
  pull_request: {
    number,
    title: 'Notes can be added to favourites',
    head: { sha: fixture.headSha, ref: 'pr', repo: { full_name: headRepo } },
    base: { ref: 'main', repo: { full_name: REPO } },
  },
  repository: { full_name: REPO },
});

const ours = (n: number) =>
  gh.state.commentsOn(REPO, n).filter((c) => c.body.includes(COMMENT_MARKER));

describe.each([
  { index: 0, label: 'Node 20' },
  { index: 1, label: 'Node 24 (runs.using: node24)' },
])('the bundle under $label', ({ index }) => {
  it('tests a PR with a planted bug: artifact with report.json, one comment, summary, outputs, exit by fail-on', async () => {
    const node = runtimes[index]!;
    const number = await openPull();
    const result = await runAction(spec(node, { runId: 5000 + index, event: pullEvent(number) }));
    const context = `${node.label}\nstdout:\n${result.stdout.slice(-4000)}\nstderr:\n${result.stderr.slice(-2000)}`;

    // The verdict: the broken "Favourites" link is found, and fail-on: fail fails the step.
    expect(result.outputs.result, context).toBe('fail');
    expect(result.code, context).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace

    // The artifact: report.json at its root, valid against the contract.
    const [artifact] = gh.state
      .finalizedArtifacts('myfav-coworker-report')
      .filter((a) => a.backendRunId === `run-${5000 + index}`);
    expect(artifact, context).toBeDefined();
    const report = parseReport(gh.state.artifactText(artifact!, 'report.json') ?? '');
    expect(report.result).toBe('fail');
    expect(report.environment.pr?.number).toBe(number);
    expect(report.environment.changedFiles).toEqual(fixture.changedFiles);
    expect(report.findings.some((f) => /404/.test(f.evidence + f.title))).toBe(true);
    expect(result.outputs['artifact-id']).toBe(String(artifact!.id));

    // Outputs, summary, comment.
    expect(result.outputs['report-path']).toMatch(/report\.json$/);
    expect(existsSync(result.outputs['report-path']!)).toBe(true);
    expect(result.outputs.summary).toBe(report.summary);
    expect(result.summary).toContain('myfav-coworker');
    expect(ours(number)).toHaveLength(1);
    expect(ours(number)[0]?.body).toContain(`/artifacts/${artifact!.id}`);
    expect(commandsOf(result.stdout, 'error').length).toBeGreaterThan(0); // annotations
  }, 300_000);
});

describe('the bundle on a runner', () => {
  it('updates its comment on the second run of a PR with 150 other comments, with fail-on never', async () => {
    const node = runtimes[0]!;
    const number = await openPull();
    await runAction(spec(node, { runId: 6001, event: pullEvent(number) }));
    for (let i = 0; i < 150; i += 1) gh.state.addComment(REPO, number, `review comment ${i}`);
    const first = ours(number)[0];
    const second = await runAction(
      spec(node, { runId: 6002, event: pullEvent(number), inputs: { 'fail-on': 'never' } }),
    );
    expect(second.outputs.result).toBe('fail');
    expect(second.code).toBe(0); // fail-on: never
    expect(ours(number)).toHaveLength(1);
    expect(ours(number)[0]?.id).toBe(first?.id);
    expect(ours(number)[0]!.updatedAt >= first!.updatedAt).toBe(true);
    expect(gh.state.commentsOn(REPO, number)).toHaveLength(151);
  }, 300_000);

  it('names the artifact after the job id of a workflow_dispatch with pr-number', async () => {
    const node = runtimes[1]!;
    const number = await openPull();
    const jobId = 'job_dispatch_0001';
    const result = await runAction(
      spec(node, {
        runId: 6003,
        eventName: 'workflow_dispatch',
        event: { inputs: { pr_number: String(number), job_id: jobId } },
        inputs: { 'pr-number': String(number), 'job-id': jobId },
      }),
    );
    expect(result.outputs['job-id']).toBe(jobId);
    const [artifact] = gh.state.finalizedArtifacts(artifactName(jobId));
    expect(artifact).toBeDefined();
    const report = parseReport(gh.state.artifactText(artifact!, 'report.json') ?? '');
    expect(report.environment.ci?.jobId).toBe(jobId);
    expect(report.environment.pr?.number).toBe(number);
    expect(ours(number)).toHaveLength(1);
  }, 300_000);

  it.each([
    { index: 0, label: 'Node 20' },
    { index: 1, label: 'Node 24' },
  ])('lists every bad input in one error, without a stack trace ($label)', async ({ index }) => {
    const result = await runAction(
      spec(runtimes[index]!, {
        inputs: { url: '', 'max-steps': 'many', viewport: 'tablet', 'fail-on': 'sometimes' },
      }),
    );
    expect(result.code).toBe(1);
    const [error] = commandsOf(result.stdout, 'error');
    expect(error).toMatch(/Invalid inputs \(4\)/);
    for (const name of ['url', 'max-steps', 'viewport', 'fail-on']) expect(error).toContain(name);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to start a fork PR next to secrets, and says why in the log and the comment', async () => {
    const number = await openPull({ headRepo: 'mallory/notebook' });
    const result = await runAction(
      spec(runtimes[0]!, {
        runId: 6004,
        eventName: 'workflow_dispatch',
        event: { inputs: { pr_number: String(number) } },
        inputs: { 'pr-number': String(number), 'anthropic-api-key': KEY },
      }),
    );
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe('error');
    const errors = commandsOf(result.stdout, 'error').join('\n');
    expect(errors).toMatch(
      /Refused to start the code of this PR: it comes from the fork mallory\/notebook/,
    );
    expect(ours(number)[0]?.body).toMatch(/Refused to start the code/);
    // The app never started: nothing listens on its port.
    await expect(fetch(fixture.url)).rejects.toThrow();
    // The key appears only in the runner's add-mask command, which masks it in the log.
    const printed = result.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(printed + result.stderr).not.toContain(KEY);
  }, 300_000);

  it('runs a fork PR without secrets in exploration mode, and warns when it cannot comment', async () => {
    const number = await openPull({ headRepo: 'mallory/notebook' });
    // A fork's pull_request run gets a read-only token.
    gh.state.addToken('ghs_read_only', 'github-actions[bot]', { write: false });
    const result = await runAction(
      spec(runtimes[0]!, {
        runId: 6005,
        event: pullEvent(number, 'mallory/notebook'),
        inputs: { 'github-token': 'ghs_read_only' },
      }),
    );
    const report = JSON.parse(await readFile(result.outputs['report-path']!, 'utf8'));
    expect(report.environment.mode).toBe('explore');
    expect(commandsOf(result.stdout, 'warning').join('\n')).toMatch(/exploration/);
    expect(commandsOf(result.stdout, 'warning').join('\n')).toMatch(
      /Could not post the PR comment/,
    );
    expect(ours(number)).toHaveLength(0);
    expect(result.outputs.result).toBe('fail');
  }, 300_000);

  it('retries GitHub 502s, and keeps the report when the artifact upload fails', async () => {
    const number = await openPull();
    gh.state.faults.push(
      { method: 'GET', path: new RegExp(`/pulls/${number}$`), status: 502, times: 1 },
      { method: 'POST', path: /CreateArtifact$/, status: 403, times: 1 },
    );
    const result = await runAction(
      spec(runtimes[1]!, { runId: 6006, event: pullEvent(number), inputs: { 'fail-on': 'never' } }),
    );
    const statuses = gh.state
      .requestsTo('GET', new RegExp(`/pulls/${number}$`))
      .map((r) => r.status);
    expect(statuses.slice(0, 2)).toEqual([502, 200]);
    expect(commandsOf(result.stdout, 'warning').join('\n')).toMatch(
      /Could not upload the report artifact myfav-coworker-report/,
    );
    expect(result.outputs['artifact-id']).toBe('');
    expect(result.outputs.result).toBe('fail');
    expect(existsSync(result.outputs['report-path']!)).toBe(true);
    expect(ours(number)).toHaveLength(1);
    expect(result.summary).toContain('myfav-coworker');
    expect(result.code).toBe(0);
  }, 300_000);

  it('post step stops an app group the main step left running', async () => {
    // A stand-in for an app whose main step was killed: its own process group, still running.
    const app = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const gone = new Promise((resolve) => app.on('exit', resolve));
    const result = await runAction(
      spec(runtimes[1]!, { entry: 'post', state: { 'app-pid': String(app.pid) } }),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Stopping the app left running by the main step (process group ${app.pid})`,
    );
    await gone;
    expect(app.exitCode !== null || app.signalCode !== null).toBe(true);
  }, 60_000);
});

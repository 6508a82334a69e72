/**
 * run() with the real Octokit against the fake GitHub, and hand-written fakes for the runner,
 * the engine and the artifact upload: the decisions the action makes around a report.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputs, type InputName } from '../../src/action/inputs.js';
import { APP_PID_STATE } from '../../src/action/runtime.js';
import type { Report } from '../../src/contract/index.js';
import type { ArtifactUploader } from '../../src/github/artifact-uploader.js';
import { createOctokit } from '../../src/github/octokit.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { run, type RunDeps } from '../../src/main.js';
import { writeReport } from '../../src/simulation/report-writer.js';
import type { SimulationConfig } from '../../src/simulation/simulate.js';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';
import { sampleFinding, sampleReport } from '../../fixtures/sample-report.js';
import { FakeRuntime } from './fake-runtime.js';

const REPO = 'acme/shop';
let gh: FakeGitHub;
let temp: string;

beforeAll(async () => {
  gh = await createFakeGitHub();
  gh.state.addToken('ghs_t', 'github-actions[bot]');
  gh.state.addPull(REPO, { number: 1, title: 'Same repo', diff: 'diff --git a/a b/a\n' });
  gh.state.addPull(REPO, { number: 2, title: 'From a fork', headRepo: 'mallory/shop' });
  temp = await mkdtemp(path.join(tmpdir(), 'myfav-main-'));
});

afterAll(async () => {
  await gh.close();
  await rm(temp, { recursive: true, force: true });
});

interface Harness {
  runtime: FakeRuntime;
  configs: SimulationConfig[];
  uploads: { name: string; files: string[] }[];
  /** Pages uploaded alone: what was sent under each name (the file's own text when not given). */
  pages: Map<string, string>;
}

async function runWith(
  inputs: Partial<Record<InputName, string>>,
  options: {
    report?: Partial<Report>;
    event?: object;
    simulateThrows?: boolean;
    uploadThrows?: boolean;
    /** The run was compared and wrote the base run's page; its upload fails. */
    basePageThrows?: boolean;
    env?: NodeJS.ProcessEnv;
    runtime?: FakeRuntime;
  } = {},
): Promise<Harness> {
  const runtime = options.runtime ?? new FakeRuntime();
  const configs: SimulationConfig[] = [];
  const uploads: Harness['uploads'] = [];
  const pages: Harness['pages'] = new Map();
  const eventPath = path.join(temp, `event-${Math.random()}.json`);
  await writeFile(eventPath, JSON.stringify(options.event ?? {}));
  const uploadArtifact: ArtifactUploader = async (name, _root, files) => {
    if (options.uploadThrows)
      throw new Error('Failed to CreateArtifact: (503) Service Unavailable');
    uploads.push({ name, files });
    return { id: 77, name, size: 1 };
  };
  const deps: Partial<RunDeps> = {
    runtime,
    env: {
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_RUN_ID: '99',
      RUNNER_TEMP: temp,
      ACTIONS_RUNTIME_TOKEN: 'x',
      ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/',
      ...options.env,
    },
    readInputs: () =>
      parseInputs((name) => ({ url: 'http://127.0.0.1:3000', ...inputs })[name] ?? ''),
    createOctokit: (token) => createOctokit({ token, baseUrl: gh.url, retries: 1 }),
    uploadArtifact,
    uploadPage: async (name, file, content) => {
      if (options.basePageThrows && name.endsWith('-base.html'))
        throw new Error('Failed to CreateArtifact: (503) Service Unavailable');
      pages.set(name, content ?? (await readFile(file, 'utf8')));
      return { id: 78, name, size: 1 };
    },
    simulate: async (config, simDeps) => {
      configs.push(config);
      simDeps.onAppStarted?.({ pid: 4321 } as never);
      if (options.simulateThrows) throw new Error('boom in the engine');
      // The engine hands its head run to the comparison the action set up, as simulate() does.
      const compared = await simDeps.compare?.({
        mode: 'explore',
        steps: [],
        findings: [],
        outDir: config.outDir,
      });
      const report = sampleReport({
        ...(compared ? { comparison: compared.comparison } : {}),
        ...options.report,
      });
      const files = await writeReport(report, config.outDir, (t) => t);
      if (options.basePageThrows) {
        await mkdir(path.join(config.outDir, 'base'), { recursive: true });
        await writeFile(path.join(config.outDir, 'base', 'report.html'), '<title>Base</title>');
        files.push(path.join(config.outDir, 'base', 'report.html'));
      }
      return { report, outDir: config.outDir, files };
    },
  };
  await run(deps);
  return { runtime, configs, uploads, pages };
}

describe('run()', () => {
  it('passes the PR, diff and budgets to the engine, and fails the step on a fail verdict', async () => {
    const { runtime, configs, uploads } = await runWith(
      {
        'pr-number': '1',
        'github-token': 'ghs_t',
        'job-id': 'job_000001',
        'max-steps': '7',
        'max-cost': '0.5',
        'storage-state': 'auth/state.json',
      },
      { report: { result: 'fail', summary: 'Fail: 1 error.', findings: [sampleFinding()] } },
    );
    expect(configs[0]).toMatchObject({
      pr: { number: 1, title: 'Same repo' },
      diff: 'diff --git a/a b/a\n',
      maxSteps: 7,
      maxCostUsd: 0.5,
      storageStatePath: expect.stringMatching(/\/auth\/state\.json$/),
      forceExplore: false,
      ci: { jobId: 'job_000001', artifactName: 'myfav-coworker-report-job_000001' },
    });
    expect(uploads[0]?.name).toBe('myfav-coworker-report-job_000001');
    expect(runtime.outputs.get('result')).toBe('fail');
    expect(runtime.outputs.get('artifact-id')).toBe('77');
    expect(runtime.failed).toEqual(['myfav-coworker: fail (fail-on: fail). Fail: 1 error.']);
    expect(runtime.state.get(APP_PID_STATE)).toBe(''); // cleared once the engine is done
    expect(runtime.summary).toContain('myfav-coworker');
  });

  it('passes with fail-on: fail on pass, and fails an inconclusive run only when asked', async () => {
    const pass = await runWith({}, { report: { result: 'inconclusive' } });
    expect(pass.runtime.failed).toEqual([]);
    const strict = await runWith(
      { 'fail-on': 'inconclusive' },
      { report: { result: 'inconclusive' } },
    );
    expect(strict.runtime.failed[0]).toMatch(/inconclusive \(fail-on: inconclusive\)/);
  });

  it('refuses a fork PR when secrets are present, without starting anything', async () => {
    const { runtime, configs } = await runWith({
      'pr-number': '2',
      'github-token': 'ghs_t',
      'anthropic-api-key': 'sk-ant-secret-value',
    });
    expect(configs).toHaveLength(0);
    expect(runtime.outputs.get('result')).toBe('error');
    expect(runtime.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /fork mallory\/shop/,
    );
    const comment = gh.state.commentsOn(REPO, 2).find((c) => c.body.includes(COMMENT_MARKER));
    expect(comment?.body).toMatch(/Refused to start the code of this PR/);
    const report = JSON.parse(await readFile(runtime.outputs.get('report-path')!, 'utf8'));
    expect(report.summary).toMatch(/Refused/);
    expect(runtime.everything()).not.toContain('sk-ant-secret-value');
  });

  it('runs a fork PR with allow-fork-code, and a secret-less fork PR in exploration mode', async () => {
    const allowed = await runWith({
      'pr-number': '2',
      'github-token': 'ghs_t',
      'anthropic-api-key': 'sk-ant-secret-value',
      'allow-fork-code': 'true',
    });
    expect(allowed.configs[0]?.forceExplore).toBe(false);
    const explore = await runWith({ 'pr-number': '2', 'github-token': 'ghs_t' });
    expect(explore.configs[0]?.forceExplore).toBe(true);
    expect(explore.runtime.warnings().join('\n')).toMatch(/exploration/);
  });

  it('keeps the report and the verdict when every publication fails', async () => {
    gh.state.faults.push({ method: 'GET', path: /issues\/1\/comments$/, status: 500, times: 10 });
    const harness = new FakeRuntime();
    harness.summaryError = new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY',
    );
    const { runtime } = await runWith(
      { 'pr-number': '1', 'github-token': 'ghs_t' },
      { uploadThrows: true, report: { result: 'fail' }, runtime: harness },
    );
    const warnings = runtime.warnings().join('\n');
    expect(warnings).toMatch(/Could not upload the report artifact/);
    expect(warnings).toMatch(/Could not post the PR comment/);
    expect(warnings).toMatch(/Could not write the job summary/);
    expect(runtime.outputs.get('result')).toBe('fail');
    expect(runtime.outputs.get('artifact-id')).toBe('');
    expect(runtime.failed).toHaveLength(1);
    gh.state.faults.length = 0;
  });

  it("links the zip from the report page when the base run's page could not be uploaded", async () => {
    const comparison = {
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      method: 'explore' as const,
      baseReport: 'base/report.json',
      baseResult: 'pass' as const,
      failOnPreexisting: false,
      rechecked: false,
      fixed: [],
      visual: [],
      notes: [],
    };
    const { runtime, pages } = await runWith(
      { 'pr-number': '1', 'github-token': 'ghs_t' },
      { basePageThrows: true, report: { comparison } },
    );
    expect(runtime.warnings().join('\n')).toMatch(
      /Could not upload the page myfav-coworker-report-base\.html: .*503/,
    );
    // The page served alone cannot reach base/report.html: it names the file and links the zip.
    const page = pages.get('myfav-coworker-report.html') ?? '';
    expect(page).toContain(
      'is <code>base/report.html</code> in <a href="https://github.com/acme/shop/actions/runs/99/artifacts/77" id="base-report">the artifact zip</a>',
    );
    expect(page).not.toContain('href="base/report.html"');
  });

  it('still writes a report when the engine throws, and says so', async () => {
    const { runtime } = await runWith({}, { simulateThrows: true });
    expect(runtime.outputs.get('result')).toBe('error');
    expect(runtime.failed[0]).toMatch(/crashed before it could write a report: boom in the engine/);
    const report = JSON.parse(await readFile(runtime.outputs.get('report-path')!, 'utf8'));
    expect(report.result).toBe('error');
  });

  it('runs locally with no token and no artifact service, warning about what it skipped', async () => {
    const { runtime, configs } = await runWith(
      {},
      { env: { ACTIONS_RUNTIME_TOKEN: '', ACTIONS_RESULTS_URL: '', GITHUB_EVENT_NAME: 'push' } },
    );
    expect(configs[0]?.pr).toBeNull();
    const warnings = runtime.warnings().join('\n');
    expect(warnings).toMatch(/No pull request/);
    expect(warnings).toMatch(/artifact not uploaded: no artifact service/);
    expect(runtime.outputs.get('result')).toBe('pass');
    expect(runtime.failed).toEqual([]);
  });

  it('does not compare a PR without a start command, and says so in the report and the comment', async () => {
    const { runtime } = await runWith({ 'pr-number': '1', 'github-token': 'ghs_t' });
    expect(runtime.warnings().join('\n')).toMatch(
      /compare-base: not compared, because there is no start-command/,
    );
    const report = JSON.parse(
      await readFile(
        path.join(path.dirname(runtime.outputs.get('report-path') ?? ''), 'report.json'),
        'utf8',
      ),
    ) as Report;
    expect(report.comparison).toMatchObject({ baseRef: 'main', baseReport: null });
    expect(report.comparison?.notes.join('\n')).toMatch(
      /Not compared with the base, so every error counts: there is no start command to start the base's code with/,
    );
    const comment = gh.state.commentsOn(REPO, 1).find((c) => c.body.includes(COMMENT_MARKER));
    expect(comment?.body).toMatch(/\*\*Not compared with the base\*\* `main`: every error counts/);
    expect(comment?.body).toMatch(/there is no start command to start the base's code with/);
  });

  it('reports bad inputs in one failure line list, no stack', async () => {
    const runtime = new FakeRuntime();
    await run({
      runtime,
      readInputs: () =>
        parseInputs((n) => ({ viewport: 'tv', 'max-steps': '0' })[n as string] ?? ''),
    });
    expect(runtime.failed).toHaveLength(1);
    expect(runtime.failed[0]).toMatch(/Invalid inputs \(3\)/);
    expect(runtime.failed[0]).not.toMatch(/\n\s+at /);
  });
});

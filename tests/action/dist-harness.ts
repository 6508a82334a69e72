/**
 * Shared setup of the bundle's end-to-end tests (split in two files so they run in parallel):
 * a fake GitHub, a fixture app repo with a planted bug, the action installed as a runner sees it
 * (only action.yml and dist/), and Node 20 and Node 24.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import {
  cleanupRuns,
  ensureDist,
  installAction,
  nodeRuntimes,
  type NodeRuntime,
  type RunSpec,
} from './action-runner.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';
import { createFixtureRepo, type FixtureRepo } from '../../fixtures/fixture-repo.js';

const exec = promisify(execFile);
export const REPO = 'acme/notebook';
export const TOKEN = 'ghs_runner_token';
export const KEY = 'sk-ant-fake-key-never-used-123';

/** What a test file gets from {@link useDistHarness}; filled in by its beforeAll. */
export interface DistHarness {
  gh: FakeGitHub;
  fixture: FixtureRepo;
  runtimes: NodeRuntime[];
  /** A new PR on the fake, carrying the fixture's real diff. */
  openPull(options?: { headRepo?: string }): Promise<number>;
  spec(
    node: NodeRuntime,
    overrides: Partial<RunSpec> & { inputs?: Record<string, string> },
  ): RunSpec;
  pullEvent(number: number, headRepo?: string): Record<string, unknown>;
  /** The action's own (sticky) comments on PR `n`. */
  ours(n: number): ReturnType<FakeGitHub['state']['commentsOn']>;
}

/** Registers the hooks of one test file and returns its harness. */
export function useDistHarness(firstPr: number): DistHarness {
  let gh: FakeGitHub;
  let fixture: FixtureRepo;
  let actionDir: string;
  let prNumber = firstPr;
  const harness = {
    runtimes: [] as NodeRuntime[],
  } as DistHarness;

  beforeAll(async () => {
    await ensureDist();
    [gh, fixture, actionDir, harness.runtimes] = await Promise.all([
      createFakeGitHub(),
      createFixtureRepo('broken-link'),
      installAction(),
      nodeRuntimes(),
    ]);
    harness.gh = gh;
    harness.fixture = fixture;
    gh.state.addToken(TOKEN, 'github-actions[bot]');
  }, 300_000);

  afterAll(async () => {
    await gh?.close();
    await cleanupRuns();
    for (const dir of [fixture?.dir, actionDir])
      if (dir) await rm(dir, { recursive: true, force: true });
  });

  harness.openPull = async (options = {}) => {
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
  };

  harness.spec = (node, overrides) => {
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
  };

  harness.pullEvent = (number, headRepo = REPO) => ({
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

  harness.ours = (n) => gh.state.commentsOn(REPO, n).filter((c) => c.body.includes(COMMENT_MARKER));
  return harness;
}

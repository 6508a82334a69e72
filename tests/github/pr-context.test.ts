import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';
import { createOctokit } from '../../src/github/octokit.js';
import { loadPrContext, truncateDiff } from '../../src/github/pr-context.js';

let gh: FakeGitHub;
const REPO = 'acme/shop';

function section(file: string, lines: number): string {
  const body = Array.from({ length: lines }, (_, i) => `+line ${i}`).join('\n');
  return `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -0,0 +1,${lines} @@\n${body}\n`;
}

const files = Array.from({ length: 130 }, (_, i) => `src/file-${String(i).padStart(3, '0')}.ts`);

beforeAll(async () => {
  gh = await createFakeGitHub();
  gh.state.addToken('ghs_action', 'github-actions[bot]');
  gh.state.addPull(REPO, {
    number: 5,
    title: 'Add favourites',
    body: 'Stars on notes.',
    headSha: 'c'.repeat(40),
    headRef: 'favs',
    diff: files.map((f) => section(f, 40)).join(''),
    files: files.map((filename) => ({ filename, status: 'added', additions: 40, deletions: 0 })),
  });
  gh.state.addPull(REPO, {
    number: 6,
    title: 'From a fork',
    headRepo: 'mallory/shop',
    diff: section('app.js', 2),
    files: [{ filename: 'app.js', status: 'modified', additions: 2, deletions: 0 }],
  });
});

afterAll(() => gh.close());

const octokit = () => createOctokit({ token: 'ghs_action', baseUrl: gh.url });

describe('loadPrContext', () => {
  it('reads a dispatched PR by number: title, body, diff within budget, every file', async () => {
    const context = await loadPrContext({
      eventName: 'workflow_dispatch',
      payload: { inputs: { pr_number: '5' } },
      repository: REPO,
      prNumber: 5,
      octokit: octokit(),
      diffBudget: 10_000,
    });
    expect(context.pr).toMatchObject({ number: 5, title: 'Add favourites', headRef: 'favs' });
    expect(context.body).toBe('Stars on notes.');
    expect(context.isFork).toBe(false);
    expect(context.changedFiles).toEqual(files); // 130 files: two pages, none lost
    expect(context.diffTruncated).toBe(true);
    expect(context.diff!.length).toBeLessThan(10_500);
    expect(context.diff).toContain('diff truncated');
    expect(context.notes).toEqual([]);
  });

  it('takes the PR from a pull_request event and flags a fork', async () => {
    const context = await loadPrContext({
      eventName: 'pull_request',
      payload: { pull_request: { number: 6, title: 'From a fork' } },
      repository: REPO,
      prNumber: undefined,
      octokit: octokit(),
    });
    expect(context.pr?.number).toBe(6);
    expect(context.isFork).toBe(true);
    expect(context.headRepo).toBe('mallory/shop');
    expect(context.diff).toContain('diff --git a/app.js');
  });

  it('without a PR it says so and carries no diff', async () => {
    const context = await loadPrContext({
      eventName: 'push',
      payload: {},
      repository: REPO,
      prNumber: undefined,
      octokit: octokit(),
    });
    expect(context.pr).toBeNull();
    expect(context.diff).toBeUndefined();
    expect(context.notes.join(' ')).toMatch(/No pull request .*without a diff/);
  });

  it('without a token it keeps what the event says and warns', async () => {
    const context = await loadPrContext({
      eventName: 'pull_request',
      payload: {
        pull_request: {
          number: 6,
          title: 'From a fork',
          head: { repo: { full_name: 'mallory/shop' } },
          base: { repo: { full_name: REPO } },
        },
      },
      repository: REPO,
      prNumber: undefined,
      octokit: null,
    });
    expect(context.pr?.title).toBe('From a fork');
    expect(context.isFork).toBe(true);
    expect(context.notes.join(' ')).toMatch(/No GitHub token/);
  });

  it('turns an unreachable PR into a note, not a crash', async () => {
    const context = await loadPrContext({
      eventName: 'workflow_dispatch',
      payload: {},
      repository: REPO,
      prNumber: 404,
      octokit: octokit(),
    });
    expect(context.pr?.number).toBe(404);
    expect(context.notes.join(' ')).toMatch(/Could not read PR #404: 404/);
  });
});

describe('a diff GitHub will not render', () => {
  it('406 (more than 300 files): no retry, the diff is rebuilt at once from the file patches', async () => {
    const many = Array.from({ length: 301 }, (_, i) => `docs/page-${i}.md`);
    gh.state.addPull(REPO, {
      number: 8,
      title: 'Rename every page',
      files: many.map((filename, i) => ({
        filename,
        status: 'modified',
        additions: 1,
        deletions: 1,
        ...(i === 0 ? {} : { patch: `@@ -1 +1 @@\n-old ${i}\n+new ${i}` }),
      })),
    });
    const started = Date.now();
    const context = await loadPrContext({
      eventName: 'workflow_dispatch',
      payload: {},
      repository: REPO,
      prNumber: 8,
      octokit: createOctokit({ token: 'ghs_action', baseUrl: gh.url, retries: 3 }),
      diffBudget: 1_000_000,
    });
    // One diff request, answered 406; no retry (the plugin's backoff would take seconds).
    const diffAnswers = gh.state.requests.filter(
      (r) => r.path === `/repos/${REPO}/pulls/8` && r.status === 406,
    );
    expect(diffAnswers).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(context.changedFiles).toHaveLength(301);
    expect(context.diff).toContain('diff --git a/docs/page-300.md b/docs/page-300.md');
    expect(context.diff).toContain('+new 300');
    expect(context.diff).toContain('[no patch from GitHub: binary or too large; modified]');
    expect(context.notes.join(' ')).toContain('GitHub will not render the diff of PR #8');
  });
});

describe('truncateDiff', () => {
  it('keeps whole file sections and cuts a single oversized one', () => {
    const diff = section('a.ts', 5) + section('b.ts', 500);
    const kept = truncateDiff(diff, section('a.ts', 5).length + 10);
    expect(kept.diff).toContain('a.ts');
    expect(kept.diff).not.toContain('b/b.ts');
    expect(truncateDiff(section('big.ts', 1000), 200).diff.length).toBeLessThan(400);
    expect(truncateDiff('small', 100)).toEqual({ diff: 'small', truncated: false });
  });
});

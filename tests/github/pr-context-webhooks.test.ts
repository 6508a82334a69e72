/**
 * The action's PR context read from GitHub's own webhook payloads (`@octokit/webhooks-examples`),
 * not hand-written events: every expected value is read from the example payload itself.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/github/octokit.js';
import { loadPrContext } from '../../src/github/pr-context.js';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';

interface Example {
  action?: string;
  repository: { full_name: string };
  pull_request?: {
    number: number;
    title: string;
    body: string | null;
    html_url: string;
    head: { sha: string; ref: string; repo: { full_name: string } | null };
    base: { ref: string; sha: string; repo: { full_name: string } };
  };
  inputs?: Record<string, unknown>;
}

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as {
  name: string;
  examples: Example[];
}[];
const of = (name: string) => examples.find((e) => e.name === name)?.examples ?? [];
const pullEvents = of('pull_request').filter((e) =>
  ['opened', 'synchronize', 'reopened'].includes(e.action ?? ''),
);

let gh: FakeGitHub;
const octokit = () => createOctokit({ token: 'ghs_examples', baseUrl: gh.url, retries: 0 });

beforeAll(async () => {
  gh = await createFakeGitHub();
  gh.state.addToken('ghs_examples', 'github-actions[bot]');
});

afterAll(() => gh.close());

/** The PR of an example, as the API serves it — with a newer head pushed after the event. */
function seedFromExample(example: Example, newerHead: string) {
  const pr = example.pull_request!;
  gh.state.addPull(example.repository.full_name, {
    number: pr.number,
    title: pr.title,
    body: pr.body,
    headSha: newerHead,
    headRef: pr.head.ref,
    headRepo: pr.head.repo?.full_name ?? example.repository.full_name,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    diff: 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-a\n+b\n',
    files: [{ filename: 'README.md', status: 'modified', additions: 1, deletions: 1 }],
  });
}

describe('pull_request examples (opened, synchronize, reopened)', () => {
  it('has examples of each action', () => {
    expect(new Set(pullEvents.map((e) => e.action))).toEqual(
      new Set(['opened', 'synchronize', 'reopened']),
    );
  });

  it.each(pullEvents.map((e, i) => [`${e.action} #${i}`, e] as const))(
    '%s: the PR, its fork status, and the head SHA the run checked out',
    async (_, example) => {
      const pr = example.pull_request!;
      seedFromExample(example, 'f'.repeat(40));
      const context = await loadPrContext({
        eventName: 'pull_request',
        payload: example as unknown as Record<string, unknown>,
        repository: example.repository.full_name,
        prNumber: undefined,
        octokit: octokit(),
      });
      expect(context.pr).toMatchObject({
        number: pr.number,
        title: pr.title,
        headRef: pr.head.ref,
        baseRef: pr.base.ref,
        // The event's head (what actions/checkout fetched), not the newer one the API knows.
        headSha: pr.head.sha,
      });
      expect(context.isFork).toBe(pr.head.repo?.full_name !== pr.base.repo.full_name);
      expect(context.changedFiles).toEqual(['README.md']);
      expect(context.notes).toEqual([]);
    },
  );

  it.each(pullEvents.map((e, i) => [`${e.action} #${i}`, e] as const))(
    '%s without a token: what the payload says',
    async (_, example) => {
      const pr = example.pull_request!;
      const context = await loadPrContext({
        eventName: 'pull_request',
        payload: example as unknown as Record<string, unknown>,
        repository: example.repository.full_name,
        prNumber: undefined,
        octokit: null,
      });
      expect(context.pr).toMatchObject({
        number: pr.number,
        title: pr.title,
        url: pr.html_url,
        headSha: pr.head.sha,
      });
      expect(context.body).toBe(pr.body);
      expect(context.notes.join(' ')).toMatch(/No GitHub token/);
    },
  );
});

describe('workflow_dispatch examples', () => {
  it.each(of('workflow_dispatch').map((e, i) => [i, e] as const))(
    '#%s with a pr-number input: the PR is read from the API, head SHA included',
    async (_, example) => {
      const repo = example.repository.full_name;
      gh.state.addPull(repo, { number: 31, title: 'Dispatched', headSha: 'd'.repeat(40) });
      const context = await loadPrContext({
        eventName: 'workflow_dispatch',
        payload: example as unknown as Record<string, unknown>,
        repository: repo,
        prNumber: 31,
        octokit: octokit(),
      });
      expect(context.pr).toMatchObject({
        number: 31,
        title: 'Dispatched',
        headSha: 'd'.repeat(40),
      });
    },
  );

  it.each(of('workflow_dispatch').map((e, i) => [i, e] as const))(
    '#%s without a pr-number: no PR, and it says so',
    async (_, example) => {
      const context = await loadPrContext({
        eventName: 'workflow_dispatch',
        payload: example as unknown as Record<string, unknown>,
        repository: example.repository.full_name,
        prNumber: undefined,
        octokit: octokit(),
      });
      expect(context.pr).toBeNull();
      expect(context.notes.join(' ')).toContain('No pull request for this workflow_dispatch');
    },
  );
});

describe('push examples', () => {
  it.each(of('push').map((e, i) => [i, e] as const))(
    '#%s: no PR, testing without a diff',
    async (_, example) => {
      const context = await loadPrContext({
        eventName: 'push',
        payload: example as unknown as Record<string, unknown>,
        repository: example.repository.full_name,
        prNumber: undefined,
        octokit: octokit(),
      });
      expect(context.pr).toBeNull();
      expect(context.diff).toBeUndefined();
      expect(context.notes.join(' ')).toContain('No pull request for this push');
    },
  );
});

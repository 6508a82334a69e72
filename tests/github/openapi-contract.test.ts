/**
 * The fake GitHub against GitHub's published OpenAPI description (`@octokit/openapi`): every
 * route of the fake is called by the clients our code really uses (the server's Octokit
 * adapter, the action's Octokit), then every request they sent and every response the fake
 * served is validated against the description (status, query parameters, JSON schemas).
 * The end-to-end loop test runs the same check over everything its run recorded.
 */
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW_FILE, artifactName, reportPageName } from '../../src/contract/index.js';
import { createOctokit } from '../../src/github/octokit.js';
import { loadPrContext } from '../../src/github/pr-context.js';
import { upsertStickyComment } from '../../src/github/sticky-comment.js';
import { GitHubError, type GitHubApi } from '../../server/github/github-api.js';
import { createOctokitFactory } from '../../server/github/octokit-client.js';
import { workflowTemplate } from '../../server/jobs/workflow-template.js';
import { createLogger } from '../../server/logger.js';
import { contractProblems, undocumentedRequests } from '../../fakes/github/openapi-contract.js';
import { operationFor } from '../../fakes/github/openapi.js';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';

let gh: FakeGitHub;
let server: GitHubApi;
const REPO = 'acme/shop';

beforeAll(async () => {
  gh = await createFakeGitHub();
  gh.state.addToken('gho_user', 'alice', { scopes: ['repo', 'workflow'] });
  gh.state.addToken('ghs_action', 'github-actions[bot]');
  gh.state.addPull(REPO, {
    number: 42,
    title: 'Add to cart',
    body: 'A button.',
    diff: 'diff --git a/a.js b/a.js\n--- a/a.js\n+++ b/a.js\n@@ -1 +1 @@\n-a\n+b\n',
    files: [
      { filename: 'a.js', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1 +1 @@' },
    ],
  });
  gh.state.addPull(REPO, { number: 7, title: 'From a fork', headRepo: 'mallory/shop' });
  gh.state.addFile(REPO, `.github/workflows/${DEFAULT_WORKFLOW_FILE}`, workflowTemplate());
  gh.state.addRepo('acme/empty');
  const logger = createLogger('silent');
  server = createOctokitFactory({ apiUrl: gh.url, timeoutMs: 10_000, logger, retries: 0 })(
    'gho_user',
  );
});

afterAll(() => gh.close());

describe('the fake GitHub against GitHub’s OpenAPI description', () => {
  it('the server’s calls: viewer, repo, PR, dispatch, runs (ETag, 304), artifacts, contents, setup PR', async () => {
    await server.getViewer();
    expect((await server.getRepo('acme', 'shop')).canPush).toBe(true);
    expect((await server.getPull('acme', 'shop', 7)).headRepo).toBe('mallory/shop');
    await expect(server.getPull('acme', 'shop', 404)).rejects.toBeInstanceOf(GitHubError);
    const inputs = { pr_number: '42', job_id: 'job_contract' };
    const run = await server.dispatchWorkflow({
      owner: 'acme',
      repo: 'shop',
      workflow: DEFAULT_WORKFLOW_FILE,
      ref: 'main',
      inputs,
    });
    expect(run).not.toBeNull();
    expect(
      (await server.findRunByName('acme', 'shop', 'myfav-coworker job job_contract'))?.id,
    ).toBe(run?.runId);
    const first = await server.getRun('acme', 'shop', run!.runId, null);
    if (first.notModified) throw new Error('first read cannot be a 304');
    expect(await server.getRun('acme', 'shop', run!.runId, first.etag)).toEqual({
      notModified: true,
    });
    gh.state.completeRun(run!.runId, {
      conclusion: 'success',
      artifactZip: zipSync({ 'report.json': strToU8('{}') }),
      artifactName: artifactName('job_contract'),
      page: {
        name: reportPageName(artifactName('job_contract')),
        content: strToU8('<!doctype html><title>Report</title>'),
        mimeType: 'text/html',
      },
    });
    // The report page, a non-zipped artifact, is listed like any other, and downloads as itself.
    const page = await server.findArtifact(
      'acme',
      'shop',
      run!.runId,
      reportPageName(artifactName('job_contract')),
    );
    expect(page?.sizeInBytes).toBe(36);
    expect(
      new TextDecoder().decode(await server.downloadArtifact('acme', 'shop', page!.id, 1_000)),
    ).toBe('<!doctype html><title>Report</title>');
    const artifact = await server.findArtifact(
      'acme',
      'shop',
      run!.runId,
      artifactName('job_contract'),
    );
    expect(artifact).not.toBeNull();
    expect(
      (await server.downloadArtifact('acme', 'shop', artifact!.id, 1_000_000)).length,
    ).toBeGreaterThan(0);
    expect(
      await server.getFile('acme', 'shop', `.github/workflows/${DEFAULT_WORKFLOW_FILE}`),
    ).toContain('workflow_dispatch');
    expect(await server.getFile('acme', 'empty', '.github/workflows/none.yml')).toBeNull();
    const pr = await server.createFilePullRequest({
      owner: 'acme',
      repo: 'empty',
      base: 'main',
      branch: 'setup-contract',
      path: `.github/workflows/${DEFAULT_WORKFLOW_FILE}`,
      content: workflowTemplate(),
      title: 'Add the workflow',
      body: 'Adds it.',
    });
    expect(pr.htmlUrl).toMatch(/\/acme\/empty\/pull\/\d+$/);
  });

  it('the action’s calls: PR, files, diff, sticky comment created then updated', async () => {
    const octokit = createOctokit({ token: 'ghs_action', baseUrl: gh.url, retries: 0 });
    const context = await loadPrContext({
      eventName: 'workflow_dispatch',
      payload: {},
      repository: REPO,
      prNumber: 42,
      octokit,
    });
    expect(context.diff).toContain('diff --git a/a.js');
    const target = { owner: 'acme', repo: 'shop', issueNumber: 42 };
    expect((await upsertStickyComment(octokit, target, 'first')).action).toBe('created');
    expect((await upsertStickyComment(octokit, target, 'second')).action).toBe('updated');
    // A comment on a PR that does not exist: GitHub's 404.
    await expect(
      upsertStickyComment(octokit, { ...target, issueNumber: 999 }, 'x'),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('every request sent and every response served matches the description', () => {
    expect(gh.state.exchanges.length).toBeGreaterThan(20);
    expect(contractProblems(gh.state.exchanges)).toEqual([]);
    expect(undocumentedRequests(gh.state.requests, (m, p) => operationFor(m, p) !== null)).toEqual(
      [],
    );
  });

  it('the check itself catches a response that drops a required field', () => {
    const exchange = gh.state.exchanges.find(
      (e) => e.operation === 'GET /repos/{owner}/{repo}/pulls/{pull_number}' && e.status === 200,
    );
    if (!exchange) throw new Error('no PR read recorded');
    const broken = { ...(exchange.responseBody as Record<string, unknown>) };
    delete broken.head;
    expect(contractProblems([{ ...exchange, responseBody: broken }]).join('\n')).toContain(
      "must have required property 'head'",
    );
    expect(contractProblems([{ ...exchange, query: '?per_pag=2' }]).join('\n')).toContain(
      'query parameter "per_pag" is not documented',
    );
    const path = exchange.path.replace(/\/pulls\/\d+$/, '/pulls/latest');
    expect(contractProblems([{ ...exchange, path }]).join('\n')).toContain(
      'path "pull_number=latest": / must be integer',
    );
  });
});

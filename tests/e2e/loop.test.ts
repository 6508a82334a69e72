/**
 * The whole loop on one machine: a chat client (the MCP SDK's, logged in through OAuth) asks
 * the server to test a PR; the server dispatches the workflow with the user's token; the fake
 * GitHub's runner checks out the PR and runs the real bundled action (real app, real Chromium);
 * the server reads the verdict back from the uploaded artifact. The same through REST `/v1`,
 * and the faults along the way. State is in a real Redis behind the Upstash REST emulator.
 *
 * Each real browser run costs 20–90 s here, so runs are shared between assertions: a full run of
 * the clean PR over MCP, short runs of the buggy PR (over MCP with a rate limit mid-poll, and
 * over REST), and short ones for the faults.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/contract/index.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import {
  callTool,
  connectMcp,
  rest,
  restLogin,
  waitForJobMcp,
  waitForJobRest,
  type JobView,
} from '../../harness/clients.js';
import { DEMO_PULLS, DEMO_REPO, startLoop, type Loop } from '../../harness/whole-loop.js';
import { contractProblems, undocumentedRequests } from '../../fakes/github/openapi-contract.js';
import { operationFor } from '../../fakes/github/openapi.js';

const CLEAN = 1;
const BUGGY = 2;
/**
 * The buggy PR's bug is on the first page (its navigation's Favourites link answers 404): a short
 * run finds it, and the machine's time goes to the clean PR's full run. The MCP client hears the
 * run start from the progress notifications of its waiting `get_simulation` call, so the rate
 * limits are injected while the server still polls the run, however short it is.
 */
const SHORT = { with: { 'max-steps': '2' } };
/**
 * The workflow compares every run with the PR's base (a second session, and a third to re-check
 * a new error). The buggy PR's run over MCP keeps that, as users have it, and shows its new error
 * through the loop; the clean PR's full run is read for its own verdict, and the later runs for
 * the REST API, the comment and the faults, so they skip it.
 */
const UNCOMPARED = { 'compare-base': 'false' };
/** A third PR (clean code) that the fault cases use, so they leave PRs 1 and 2 alone. */
const FAULTY = 3;

let loop: Loop;
let client: Client;

beforeAll(async () => {
  loop = await startLoop({
    store: { kind: 'local-redis' },
    pulls: [
      ...DEMO_PULLS,
      { number: FAULTY, variant: 'clean', title: 'Favourites, again', body: 'Same change.' },
    ],
    // Retries as the harness of the server tests: one, so an injected fault shows quickly.
    githubRetries: 1,
    pollIntervalMs: 250,
  });
  ({ client } = await connectMcp(loop.url));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await loop?.close();
});

const stickyComments = (pr: number) =>
  loop.github.state.commentsOn(DEMO_REPO, pr).filter((c) => c.body.includes(COMMENT_MARKER));

/** Context printed when an assertion fails: the run's log tail and the server's warnings. */
function context(jobId: string): string {
  const run = loop.runner.runOfJob(jobId);
  const warnings = loop.logs.filter((l) => /"level":(40|50)/.test(l)).slice(-5);
  return `runner log:\n${run?.log.slice(-3000) ?? '(no run)'}\nserver warnings:\n${warnings.join('')}`;
}

async function simulateMcp(pr: number, instructions?: string): Promise<string> {
  const { structured } = await callTool(client, 'simulate_pr', {
    pr_url: loop.prUrl(pr),
    ...(instructions ? { instructions } : {}),
  });
  return (structured as { job: JobView }).job.job_id;
}

describe('the loop through MCP', () => {
  /** The clean PR's job, dispatched while the buggy PR runs: two CI runs at once, as on GitHub. */
  let cleanJob: Promise<string> | undefined;
  const dispatchClean = () => {
    loop.runner.plan(DEMO_REPO, CLEAN, { with: UNCOMPARED });
    return simulateMcp(CLEAN);
  };

  it('a PR with a planted bug: dispatched, run, verdict fail with the bug in the findings, one sticky comment — through a GitHub rate limit mid-poll', async () => {
    loop.runner.plan(DEMO_REPO, BUGGY, SHORT);
    const jobId = await simulateMcp(BUGGY, 'Check the new Favourites link in the navigation');
    cleanJob = dispatchClean();
    const run = loop.github.state.runs.find((r) => r.inputs.job_id === jobId);
    expect(run?.inputs).toMatchObject({
      pr_number: String(BUGGY),
      instructions: 'Check the new Favourites link in the navigation',
    });

    // Once the run is under way, GitHub starts answering the server's run reads with 429.
    let injected = false;
    const { job, seen, text } = await waitForJobMcp(client, jobId, 280_000, (status) => {
      if (!injected && status === 'running') {
        injected = true;
        loop.github.state.faults.push({
          method: 'GET',
          path: new RegExp(`/actions/runs/${run!.id}$`),
          status: 429,
          times: 3,
          body: { message: 'API rate limit exceeded for user.' },
        });
        // Then a secondary rate limit, which GitHub answers with 403 and a Retry-After.
        loop.github.state.faults.push({
          method: 'GET',
          path: new RegExp(`/actions/runs/${run!.id}$`),
          status: 403,
          times: 1,
          headers: { 'retry-after': '1' },
          body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
        });
      }
    });
    expect(job.status, `${text}\n${context(jobId)}`).toBe('completed');
    expect(job.report?.result).toBe('fail');
    expect(job.report?.summary).toMatch(/Favourites/);
    expect(text).toMatch(/Verdict: FAIL/);
    expect(seen).toContain('running');

    // The rate limits (primary and secondary) were hit, waited out, and the job converged anyway.
    expect(injected).toBe(true);
    const runReads = loop.github.state.requestsTo('GET', new RegExp(`/actions/runs/${run!.id}$`));
    expect(runReads.filter((r) => r.status === 429)).toHaveLength(3);
    expect(runReads.filter((r) => r.status === 403)).toHaveLength(1);
    expect([429, 403]).not.toContain(runReads.at(-1)?.status);

    // The planted bug, in the full report read back from the artifact.
    const { text: json } = await callTool(client, 'get_report', { job_id: jobId, format: 'json' });
    // The run's text comes back inside an untrusted-data block (it is data for the model).
    const fenced =
      /<untrusted-run-data id="(\w+)">\n([\s\S]*)\n<\/untrusted-run-data id="\1">/.exec(json);
    const report = parseReport(fenced?.[2] ?? json);
    const bug = report.findings.find((f) => /\/favourites/.test(`${f.title} ${f.evidence}`));
    expect(bug, JSON.stringify(report.findings, null, 2)).toBeDefined();
    expect(bug?.severity).toBe('error');
    expect(report.environment.pr?.number).toBe(BUGGY);
    expect(report.environment.ci?.jobId).toBe(jobId);
    const { text: markdown } = await callTool(client, 'get_report', { job_id: jobId });
    expect(markdown).toMatch(/Favourites/);

    // The run on GitHub: completed, its artifact downloadable, and one sticky comment.
    expect(loop.github.state.findRun(run!.id)).toMatchObject({ status: 'completed' });
    expect(job.artifact_url).toMatch(new RegExp(`/actions/runs/${run!.id}/artifacts/\\d+$`));
    const comments = stickyComments(BUGGY);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/Fail/);
    expect(comments[0]?.user).toBe('github-actions[bot]');
  }, 300_000);

  it('the clean PR: verdict pass, its own single sticky comment', async () => {
    const jobId = await (cleanJob ?? dispatchClean());
    const { job, text } = await waitForJobMcp(client, jobId);
    expect(job.status, `${text}\n${context(jobId)}`).toBe('completed');
    expect(job.report?.result, context(jobId)).toBe('pass');
    expect(job.report?.findings).toBe(0);
    expect(stickyComments(CLEAN)).toHaveLength(1);
    expect(stickyComments(CLEAN)[0]?.body).toMatch(/Pass/);
    // The jobs are listed for their owner, newest first.
    const { structured } = await callTool(client, 'list_simulations', {});
    const ids = (structured as { jobs: JobView[] }).jobs.map((j) => j.job_id);
    expect(ids[0]).toBe(jobId);
    expect(ids).toHaveLength(2);
  }, 300_000);
});

describe('the loop through REST /v1', () => {
  let token: string;
  beforeAll(async () => {
    token = await restLogin(loop.url);
  });

  it('the buggy PR again: 202, then completed with fail; the sticky comment is updated in place', async () => {
    const before = stickyComments(BUGGY);
    loop.runner.plan(DEMO_REPO, BUGGY, { with: { ...SHORT.with, ...UNCOMPARED } });
    const started = await rest(loop.url, token, 'POST', '/v1/simulations', {
      pr_url: loop.prUrl(BUGGY),
    });
    expect(started.status).toBe(202);
    const jobId = String(started.body.job_id);
    const { job, seen } = await waitForJobRest(loop.url, token, jobId);
    expect(job.status, context(jobId)).toBe('completed');
    expect((job.report as { result: string }).result).toBe('fail');
    expect(seen[0]).toMatch(/pending|running/);

    const after = stickyComments(BUGGY);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before[0]?.id);
    const runId = loop.runner.runOfJob(jobId)?.runId;
    expect(after[0]?.body).toContain(`/actions/runs/${runId}`);
  }, 300_000);

  describe('faults along the loop end the job failed, with the reason', () => {
    // Short runs: the fault is what is under test, not the exploration.
    const quick = { 'max-steps': '2', ...UNCOMPARED };

    it('the job fails before the action uploads anything', async () => {
      loop.runner.plan(DEMO_REPO, FAULTY, { fault: 'fail-before-action' });
      const started = await rest(loop.url, token, 'POST', '/v1/simulations', {
        pr_url: loop.prUrl(FAULTY),
      });
      const jobId = String(started.body.job_id);
      const { job } = await waitForJobRest(loop.url, token, jobId);
      expect(job.status).toBe('failed');
      expect(String(job.error)).toMatch(
        /The workflow run ended \(failure\) without the report artifact "myfav-coworker-report-job_/,
      );
      expect(String(job.error)).toContain(`/actions/runs/${loop.runner.runOfJob(jobId)?.runId}`);
      expect(job.report).toBeNull();
      expect(loop.runner.runOfJob(jobId)?.actionCode).toBeNull(); // the action never ran
    }, 300_000);

    it('the artifact upload is refused: the run commented, but there is no report to read', async () => {
      loop.runner.plan(DEMO_REPO, FAULTY, { fault: 'no-artifact', with: quick });
      const started = await rest(loop.url, token, 'POST', '/v1/simulations', {
        pr_url: loop.prUrl(FAULTY),
      });
      const jobId = String(started.body.job_id);
      const { job } = await waitForJobRest(loop.url, token, jobId);
      expect(job.status, context(jobId)).toBe('failed');
      expect(String(job.error)).toMatch(/without the report artifact "myfav-coworker-report-job_/);
      expect(loop.runner.runOfJob(jobId)?.log).toMatch(/Could not upload the report artifact/);
    }, 300_000);

    it('the artifact holds a report.json outside the contract', async () => {
      loop.runner.plan(DEMO_REPO, FAULTY, { fault: 'invalid-report', with: quick });
      const started = await rest(loop.url, token, 'POST', '/v1/simulations', {
        pr_url: loop.prUrl(FAULTY),
      });
      const jobId = String(started.body.job_id);
      const { job } = await waitForJobRest(loop.url, token, jobId);
      expect(job.status, context(jobId)).toBe('failed');
      expect(String(job.error)).toMatch(/report\.json/);
      expect(String(job.error)).toMatch(/result/);
      // The server keeps its verdict: a second read costs no GitHub call.
      const calls = loop.github.state.requests.length;
      const again = await rest(loop.url, token, 'GET', `/v1/simulations/${jobId}`);
      expect(again.body.status).toBe('failed');
      expect(loop.github.state.requests.length).toBe(calls);
    }, 300_000);
  });
});

describe('setup_repo from the chat client', () => {
  it('the demo repo is ready; open_pr on a repo without the workflow explains the workflow scope', async () => {
    const ready = await callTool(client, 'setup_repo', { repo: DEMO_REPO });
    expect(ready.structured?.status, ready.text).toBe('ready');

    loop.github.state.addRepo('acme/new-app');
    // The login asked GitHub for `repo` only: writing a workflow file needs more.
    const asked = await callTool(client, 'setup_repo', { repo: 'acme/new-app', open_pr: true });
    expect(asked.structured?.status).toBe('needs_authorization');
    expect(asked.text).toContain(`${loop.url}/auth/github/upgrade?scope=workflow`);
    expect(asked.text).toContain('`workflow` scope');
    expect(asked.text).toContain('workflow_dispatch:'); // the file, to add by hand meanwhile
    expect(loop.github.state.pulls.filter((p) => p.repo === 'acme/new-app')).toEqual([]);
  });
});

describe('against GitHub’s published API', () => {
  it('every request the loop sent to GitHub and every response the fake served match GitHub’s OpenAPI description', () => {
    const exchanges = loop.github.state.exchanges;
    // The server's calls and the bundled action's, all recorded by the fake's HTTP layer.
    const operations = new Set(exchanges.map((e) => e.operation));
    for (const op of [
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
      'GET /repos/{owner}/{repo}/pulls/{pull_number}',
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]) {
      expect(operations, op).toContain(op);
    }
    expect(contractProblems(exchanges)).toEqual([]);
    expect(
      undocumentedRequests(loop.github.state.requests, (m, p) => operationFor(m, p) !== null),
    ).toEqual([]);
  });
});

/**
 * Job edge cases a user would notice: a run that never appears, GitHub hiccups (retried, or the
 * job keeps its state until the next read), and setup_repo opening a PR with the workflow scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW_FILE } from '../../../src/contract/index.js';
import { MemoryStore } from '../../../server/store/memory-store.js';
import type { FakeGitHub } from '../../../fakes/github/server.js';
import {
  api,
  finishRun,
  restLogin,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;
let token: string;
const PR = 'https://github.com/acme/shop/pull/42';

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({
    github,
    store: new MemoryStore(),
    env: { RUN_APPEAR_TIMEOUT_SECONDS: '0' },
  });
  token = await restLogin(server, github, 'alice');
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

describe('jobs', () => {
  it('a dispatched run that never appears ends failed with the reason', async () => {
    github.state.dispatchMode = '204';
    github.state.onDispatch = (run) => {
      // The run exists but under another name: the server cannot find its job's run.
      run.name = 'something else';
      run.displayTitle = 'something else';
    };
    try {
      const created = await api(server, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
      const res = await api(server, 'GET', `/v1/simulations/${created.body.job_id as string}`, {
        token,
      });
      expect(res.body.status).toBe('failed');
      expect(res.body.error).toMatch(/never appeared/);
    } finally {
      github.state.dispatchMode = 'run-details';
      github.state.onDispatch = null;
    }
  });

  it('retries a GitHub 502 when dispatching', async () => {
    github.state.faults.push({
      method: 'GET',
      path: /^\/repos\/acme\/shop$/,
      status: 502,
      times: 1,
    });
    const created = await api(server, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
    expect(created.status).toBe(202);
    const reads = github.state.requestsTo('GET', /^\/repos\/acme\/shop$/).slice(-2);
    expect(reads.map((r) => r.status)).toEqual([502, 200]);
  });

  it('keeps the job as it was while GitHub fails, and converges on the next read', async () => {
    const created = await api(server, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
    const jobId = created.body.job_id as string;
    finishRun(github, jobId);
    const runPath = new RegExp(`/actions/runs/${runOf(github, jobId).id}$`);
    github.state.faults.push({ method: 'GET', path: runPath, status: 503, times: 5 });
    const during = await api(server, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(during.status).toBe(200);
    expect(during.body.status).toBe('pending');
    github.state.faults = [];
    const after = await api(server, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(after.body.status).toBe('completed');
  });

  it('answers 502 with a JSON error when GitHub keeps failing on submit', async () => {
    github.state.faults.push({
      method: 'GET',
      path: /^\/repos\/acme\/shop\/pulls\/42$/,
      status: 500,
      times: 5,
    });
    try {
      const res = await api(server, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({
        error: 'upstream_error',
        message: expect.stringContaining('GitHub'),
      });
    } finally {
      github.state.faults = [];
    }
  });
});

describe('setup_repo with the workflow scope', () => {
  it('opens a PR adding the workflow when the login granted `workflow`', async () => {
    const { JobService } = await import('../../../server/jobs/service.js');
    const { createOctokitFactory } = await import('../../../server/github/octokit-client.js');
    const { createLogger } = await import('../../../server/logger.js');
    const { seal } = await import('../../../server/auth/crypto.js');
    github.state.addToken('gho_workflowscopetoken1', 'alice', { scopes: ['repo', 'workflow'] });
    const logger = createLogger('silent');
    const jobs = new JobService({
      store: new MemoryStore(),
      github: createOctokitFactory({ apiUrl: github.url, timeoutMs: 10_000, logger, retries: 0 }),
      config: server.config,
      clock: Date.now,
      logger,
    });
    const user = {
      user_id: '1',
      github_id: 1,
      github_username: 'alice',
      encrypted_github_token: seal(server.config.encryptionKey, 'gho_workflowscopetoken1'),
      scopes: ['repo', 'workflow'],
      created_at: new Date().toISOString(),
      last_login_at: new Date().toISOString(),
    };
    const result = await jobs.setupRepo(user, 'acme/empty', true, logger);
    expect(result.status).toBe('pr_opened');
    expect(result.pullRequestUrl).toMatch(/\/acme\/empty\/pull\/\d+$/);
    const pr = github.state.pulls.find(
      (p) => p.repo === 'acme/empty' && p.title.includes('myfav-coworker'),
    );
    expect(pr).toBeDefined();
    const branchFiles = [...github.state.files.entries()].find(([k]) =>
      k.startsWith('acme/empty@'),
    );
    expect(branchFiles?.[1].get(`.github/workflows/${DEFAULT_WORKFLOW_FILE}`)).toContain(
      'workflow_dispatch',
    );

    // Without open_pr it only says what to add.
    const told = await jobs.setupRepo(user, 'acme/empty', false, logger);
    expect(told.status).toBe('missing');
    expect(told.workflowYaml).toContain('job_id');
  });
});

/**
 * setup_repo as a user meets it: a ready repo, a workflow that lacks an input the server sends
 * (GitHub would refuse the dispatch: the fake, reading the file with GitHub's parser, refuses it
 * too), no workflow file, and a login without the `workflow` scope (the answer explains the
 * extra authorization and gives its URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW_FILE } from '../../../src/contract/index.js';
import { seal } from '../../../server/auth/crypto.js';
import { createOctokitFactory } from '../../../server/github/octokit-client.js';
import type { User } from '../../../server/jobs/model.js';
import { JobService } from '../../../server/jobs/service.js';
import { workflowTemplate } from '../../../server/jobs/workflow-template.js';
import { createLogger } from '../../../server/logger.js';
import { MemoryStore } from '../../../server/store/memory-store.js';
import type { FakeGitHub } from '../../../fakes/github/server.js';
import {
  api,
  restLogin,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../../harness/server-harness.js';

const PATH = `.github/workflows/${DEFAULT_WORKFLOW_FILE}`;
let github: FakeGitHub;
let server: RunningServer;
const logger = createLogger('silent');

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({ github, store: new MemoryStore() });
  // acme/nojob: the workflow without the job_id input.
  const withoutJobId = workflowTemplate().replace(
    / {6}job_id:\n {8}description: .*\n {8}required: false\n {8}type: string\n/,
    '',
  );
  expect(withoutJobId).not.toBe(workflowTemplate());
  github.state.addFile('acme/nojob', PATH, withoutJobId);
  github.state.addPull('acme/nojob', { number: 3, title: 'A change' });
  github.state.addFile(
    'acme/pushonly',
    PATH,
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
  );
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

/** The job service of the running server's config, as `login` with `token` (`scopes`). */
function serviceFor(
  login: string,
  token: string,
  scopes: string[],
): { jobs: JobService; user: User } {
  github.state.addToken(token, login, { scopes });
  const jobs = new JobService({
    store: new MemoryStore(),
    github: createOctokitFactory({ apiUrl: github.url, timeoutMs: 10_000, logger, retries: 0 }),
    config: server.config,
    clock: Date.now,
    logger,
  });
  const now = new Date().toISOString();
  const user: User = {
    user_id: `u-${login}`,
    github_id: 1,
    github_username: login,
    encrypted_github_token: seal(server.config.encryptionKey, token),
    scopes,
    created_at: now,
    last_login_at: now,
  };
  return { jobs, user };
}

describe('setup_repo', () => {
  it('a repo with the shipped workflow is ready', async () => {
    const { jobs, user } = serviceFor('alice', 'gho_setup_ready', ['repo']);
    const result = await jobs.setupRepo(user, 'https://github.com/acme/shop', false, logger);
    expect(result.status).toBe('ready');
    expect(result.problems).toBeUndefined();
  });

  it('a workflow without the job_id input: says exactly that, and GitHub would refuse the dispatch', async () => {
    const { jobs, user } = serviceFor('alice', 'gho_setup_nojob', ['repo']);
    const result = await jobs.setupRepo(user, 'acme/nojob', false, logger);
    expect(result.status).toBe('needs_changes');
    expect(result.problems).toHaveLength(1);
    expect(result.problems?.[0]).toContain('does not declare the input `job_id`');
    expect(result.message).toContain('Unexpected inputs provided');
    // The same repo through simulate_pr: the fake (GitHub's parser) refuses the dispatch.
    const token = await restLogin(server, github, 'alice');
    const res = await api(server, 'POST', '/v1/simulations', {
      token,
      body: { pr_url: 'https://github.com/acme/nojob/pull/3' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('setup_repo');
    expect(res.body.message).toContain('Unexpected inputs provided: ["job_id"]');
    // A 422 about the workflow is not GHES refusing return_run_details: a later dispatch
    // still asks GitHub for the run (answered 200 with its id).
    const ok = await api(server, 'POST', '/v1/simulations', {
      token,
      body: { pr_url: 'https://github.com/acme/shop/pull/42' },
    });
    expect(ok.status).toBe(202);
    expect(github.state.requestsTo('POST', /\/dispatches$/).at(-1)?.status).toBe(200);
  });

  it('a workflow without the trigger: says the trigger is missing', async () => {
    const { jobs, user } = serviceFor('alice', 'gho_setup_push', ['repo']);
    const result = await jobs.setupRepo(user, 'acme/pushonly', false, logger);
    expect(result.status).toBe('needs_trigger');
    expect(result.problems?.join('\n')).toContain(
      "Workflow does not have 'workflow_dispatch' trigger",
    );
    expect(result.problems?.join('\n')).toContain('permissions');
    expect(result.workflowYaml).toBe(workflowTemplate());
  });

  it('no workflow file: prints the file to add', async () => {
    const { jobs, user } = serviceFor('alice', 'gho_setup_missing', ['repo']);
    const result = await jobs.setupRepo(user, 'acme/empty', false, logger);
    expect(result.status).toBe('missing');
    expect(result.message).toContain(`has no ${PATH}`);
    expect(result.workflowYaml).toBe(workflowTemplate());
    expect(github.state.pulls.filter((p) => p.repo === 'acme/empty')).toHaveLength(0);
  });

  it('open_pr without the workflow scope: explains the extra authorization and its URL', async () => {
    const { jobs, user } = serviceFor('alice', 'gho_setup_noscope', ['repo']);
    const result = await jobs.setupRepo(user, 'acme/empty', true, logger);
    expect(result.status).toBe('needs_authorization');
    const url = `${server.url}/auth/github/upgrade?scope=workflow`;
    expect(result.authorizationUrl).toBe(url);
    expect(result.message).toContain(url);
    expect(result.message).toContain('`workflow` scope');
    expect(github.state.pulls.filter((p) => p.repo === 'acme/empty')).toHaveLength(0);
  });

  it('open_pr with a token that lists no scopes: GitHub refuses the file, the answer is the same', async () => {
    // A GitHub App user token sends no X-OAuth-Scopes; the fake refuses the workflow file (404).
    const { jobs, user } = serviceFor('alice', 'gho_setup_app', []);
    const result = await jobs.setupRepo(user, 'acme/empty', true, logger);
    expect(result.status).toBe('needs_authorization');
    expect(result.message).toContain('/auth/github/upgrade?scope=workflow');
  });

  it('open_pr with the workflow scope opens the PR', async () => {
    const { jobs, user } = serviceFor('alice', 'gho_setup_scope', ['repo', 'workflow']);
    const result = await jobs.setupRepo(user, 'acme/empty', true, logger);
    expect(result.status).toBe('pr_opened');
    expect(result.pullRequestUrl).toMatch(/\/acme\/empty\/pull\/\d+$/);
  });
});

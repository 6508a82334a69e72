/**
 * The seed's REST API under /v1, against the fake GitHub: login, submit, poll to the verdict,
 * and every way a request can be refused (401, 400, 403, 404).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactName } from '../../src/contract/index.js';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { sampleReport } from '../../fixtures/sample-report.js';
import {
  Browser,
  SIGNING_KEY,
  api,
  finishRun,
  restLogin,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;
let alice: string;
let bob: string;
const PR = 'https://github.com/acme/shop/pull/42';

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({ github, store: new MemoryStore() });
  alice = await restLogin(server, github, 'alice');
  bob = await restLogin(server, github, 'bob');
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

describe('correlation ids', () => {
  it("every answer carries one: the caller's when it is well formed, a new one otherwise", async () => {
    const get = (headers: Record<string, string>) =>
      fetch(`${server.url}/v1/simulations`, { headers });
    const given = await get({
      authorization: `Bearer ${alice}`,
      'x-correlation-id': 'trace-abc-123',
    });
    expect(given.status).toBe(200);
    expect(given.headers.get('x-correlation-id')).toBe('trace-abc-123');
    const refused = await get({ 'x-correlation-id': 'trace-abc-456' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-correlation-id')).toBe('trace-abc-456');
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="myfav-coworker"');
    const made = await get({ authorization: `Bearer ${alice}`, 'x-correlation-id': 'bad id!' });
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.headers.get('www-authenticate')).toBeNull();
  });
});

describe('GET /v1/auth/github', () => {
  it('redirects to GitHub with our client id, callback and a state', async () => {
    const res = await fetch(`${server.url}/v1/auth/github`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(`${github.url}/login/oauth/authorize`);
    expect(location.searchParams.get('client_id')).toBe(server.config.github.clientId);
    expect(location.searchParams.get('redirect_uri')).toBe(`${server.url}/v1/auth/github/callback`);
    expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('the callback answers 400 JSON on a replayed GitHub code, a bad code, or a missing state', async () => {
    github.state.oauthAutoLogin = 'alice';
    const browser = new Browser();
    const start = await browser.request(`${server.url}/v1/auth/github`);
    const atGitHub = await browser.request(start.headers.get('location') ?? '');
    const callback = new URL(atGitHub.headers.get('location') ?? '');
    const code = callback.searchParams.get('code') ?? '';
    const first = await browser.request(callback);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { token: string }).token).toMatch(/^ey/);

    // Same code again, with a fresh, valid state: GitHub refuses the replay → 400.
    const again = await browser.request(`${server.url}/v1/auth/github`);
    const state = new URL(again.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const replay = await browser.request(
      `${server.url}/v1/auth/github/callback?code=${code}&state=${state}`,
    );
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    const noState = await browser.request(`${server.url}/v1/auth/github/callback?code=abc`);
    expect(noState.status).toBe(400);
    expect(await noState.json()).toMatchObject({ error: 'invalid_request' });

    const unknownState = await browser.request(
      `${server.url}/v1/auth/github/callback?code=abc&state=nope-nope-nope`,
    );
    expect(unknownState.status).toBe(400);
    expect(await unknownState.json()).toMatchObject({ error: 'invalid_state' });
  });

  it('refuses a state that belongs to another browser (login CSRF)', async () => {
    github.state.oauthAutoLogin = 'alice';
    const victim = new Browser();
    const attacker = new Browser();
    const start = await attacker.request(`${server.url}/v1/auth/github`);
    const atGitHub = await attacker.request(start.headers.get('location') ?? '');
    const res = await victim.request(atGitHub.headers.get('location') ?? '');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_state' });
  });
});

describe('POST /v1/simulations → GET /v1/simulations/{id}', () => {
  it('dispatches the workflow with the user token and reaches the verdict from report.json', async () => {
    const created = await api(server, 'POST', '/v1/simulations', {
      token: alice,
      body: { pr_url: PR, instructions: 'Check the cart badge' },
    });
    expect(created.status).toBe(202);
    const jobId = created.body.job_id as string;
    expect(jobId).toMatch(/^job_/);

    const run = runOf(github, jobId);
    expect(run.inputs).toMatchObject({
      pr_number: '42',
      job_id: jobId,
      instructions: 'Check the cart badge',
    });
    expect(github.state.requestsTo('POST', /dispatches$/).at(-1)?.login).toBe('alice');

    const pending = await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({
      job_id: jobId,
      pr_url: PR,
      status: 'pending',
      report: null,
    });

    github.state.startRun(run.id);
    const running = await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
    expect(running.body.status).toBe('running');

    finishRun(
      github,
      jobId,
      sampleReport({ result: 'fail', summary: 'Fail: the cart badge stays at 0.' }),
    );
    const done = await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
    expect(done.body).toMatchObject({
      job_id: jobId,
      status: 'completed',
      report: { result: 'fail', summary: 'Fail: the cart badge stays at 0.' },
    });
    expect(done.body.completed_at).toEqual(expect.any(String));
    expect(done.body.run_url).toContain(`/actions/runs/${run.id}`);
    expect(done.body).not.toHaveProperty('encrypted_github_token');

    // A terminal job costs no more GitHub calls.
    const before = github.state.requests.length;
    const again = await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
    expect(again.body.status).toBe('completed');
    expect(github.state.requests.length).toBe(before);
  });

  it('uses a conditional request while the run has not changed (304)', async () => {
    const created = await api(server, 'POST', '/v1/simulations', {
      token: alice,
      body: { pr_url: PR },
    });
    const jobId = created.body.job_id as string;
    await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
    await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
    const reads = github.state.requestsTo(
      'GET',
      new RegExp(`/actions/runs/${runOf(github, jobId).id}$`),
    );
    expect(reads.map((r) => r.status)).toEqual([200, 304]);
    // An unchanged run is the expected answer, not an error an operator should chase.
    const errors = server.logs.lines.filter((l) => /"level":50/.test(l) && l.includes(' 304 '));
    expect(errors).toEqual([]);
  });

  it('finds the run by its run-name when GitHub answers the dispatch with 204', async () => {
    github.state.dispatchMode = '204';
    try {
      const created = await api(server, 'POST', '/v1/simulations', {
        token: alice,
        body: { pr_url: PR },
      });
      expect(created.status).toBe(202);
      const jobId = created.body.job_id as string;
      finishRun(github, jobId);
      const done = await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
      expect(done.body).toMatchObject({ status: 'completed', report: { result: 'pass' } });
    } finally {
      github.state.dispatchMode = 'run-details';
    }
  });

  it.each([
    ['cancelled with no artifact', 'cancelled', null, /cancelled/],
    ['success without the artifact', 'success', null, /without the report artifact/],
    [
      'an invalid report.json',
      'success',
      '{"schemaVersion":1,"result":"pass"}',
      /does not match the report schema/,
    ],
    ['a report of an unknown version', 'success', '{"schemaVersion":99}', /schemaVersion 99/],
  ] as const)(
    'a run that ends with %s → failed with the reason',
    async (_name, conclusion, report, reason) => {
      const created = await api(server, 'POST', '/v1/simulations', {
        token: alice,
        body: { pr_url: PR },
      });
      const jobId = created.body.job_id as string;
      github.state.completeRun(runOf(github, jobId).id, {
        conclusion,
        ...(report
          ? {
              artifactZip: (await import('../../harness/server-harness.js')).reportZip(report),
              artifactName: artifactName(jobId),
            }
          : {}),
      });
      const done = await api(server, 'GET', `/v1/simulations/${jobId}`, { token: alice });
      expect(done.body.status).toBe('failed');
      expect(done.body.error).toMatch(reason);
    },
  );

  it('lists my jobs newest first, paginated', async () => {
    const fresh = await restLogin(server, github, 'carol');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await api(server, 'POST', '/v1/simulations', {
        token: fresh,
        body: { pr_url: PR },
      });
      ids.push(created.body.job_id as string);
    }
    const page1 = await api(server, 'GET', '/v1/simulations?limit=2', { token: fresh });
    expect(page1.status).toBe(200);
    expect(page1.headers.get('www-authenticate')).toBeNull();
    const jobs1 = page1.body.jobs as { job_id: string }[];
    expect(jobs1).toHaveLength(2);
    expect(page1.body.next_cursor).toEqual(expect.any(String));
    const page2 = await api(
      server,
      'GET',
      `/v1/simulations?limit=2&cursor=${page1.body.next_cursor as string}`,
      { token: fresh },
    );
    const jobs2 = page2.body.jobs as { job_id: string }[];
    expect(jobs2).toHaveLength(1);
    expect(page2.body.next_cursor).toBeNull();
    expect(new Set([...jobs1, ...jobs2].map((j) => j.job_id))).toEqual(new Set(ids));
  });

  it("documents the request body the route validates: the document's schema refuses what the route refuses", async () => {
    const doc = (await api(server, 'GET', '/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody: { content: Record<string, object> } }>>;
    };
    const schema = doc.paths['/simulations']!.post!.requestBody.content['application/json']!;
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(doc, 'api');
    const valid = ajv.compile({
      $ref: 'api#/paths/~1simulations/post/requestBody/content/application~1json/schema',
    });
    expect(schema).toBeDefined();
    const refused = [
      {},
      { pr_url: 42 },
      { pr_url: PR, instructions: 'x'.repeat(4001) },
      { pr_url: PR, instructions: 5 },
      { pr_url: PR, branch: 'main' },
    ];
    for (const body of refused) {
      expect(valid(body), JSON.stringify(body).slice(0, 60)).toBe(false);
      const res = await api(server, 'POST', '/v1/simulations', { token: alice, body });
      expect(res.status).toBe(400);
    }
    expect(valid({ pr_url: PR, instructions: 'Check the cart badge' })).toBe(true);
  });

  it('serves an OpenAPI document of the /v1 paths', async () => {
    const res = await api(server, 'GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths as object)).toEqual(
      expect.arrayContaining([
        '/auth/github',
        '/auth/github/callback',
        '/simulations',
        '/simulations/{jobId}',
      ]),
    );
  });
});

describe('refusals', () => {
  const forged = async (key: string, exp: number) =>
    new SignJWT({ typ: 'session' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(github.state.users.find((u) => u.login === 'alice')?.id))
      .setIssuer(server.url)
      .setAudience(`${server.url}/v1`)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(key));

  it.each([
    ['POST', '/v1/simulations'],
    ['GET', '/v1/simulations'],
    ['GET', '/v1/simulations/job_abcdefgh'],
  ])('%s %s answers 401 with no, expired or forged token', async (method, path) => {
    const body = method === 'POST' ? { pr_url: PR } : undefined;
    const none = await api(server, method, path, { body });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
    expect(none.headers.get('www-authenticate')).toContain('Bearer');

    const expired = await api(server, method, path, {
      body,
      token: await forged(SIGNING_KEY, Math.floor(Date.now() / 1000) - 60),
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('invalid_token');

    const wrongKey = await api(server, method, path, {
      body,
      token: await forged(
        'another-key-another-key-another-key!!',
        Math.floor(Date.now() / 1000) + 600,
      ),
    });
    expect(wrongKey.status).toBe(401);

    const garbage = await api(server, method, path, { body, token: 'not-a-jwt' });
    expect(garbage.status).toBe(401);
  });

  it.each([
    ['not JSON', { raw: '{pr_url:' }, 'invalid_json'],
    ['a JSON array', { raw: '[]' }, 'invalid_request'],
    ['no pr_url', { body: {} }, 'invalid_request'],
    ['pr_url not a string', { body: { pr_url: 42 } }, 'invalid_request'],
    ['pr_url not a URL', { body: { pr_url: 'acme/shop#42' } }, 'invalid_request'],
    [
      'another host',
      { body: { pr_url: 'https://evil.example/acme/shop/pull/42' } },
      'invalid_request',
    ],
    ['http scheme', { body: { pr_url: 'http://github.com/acme/shop/pull/42' } }, 'invalid_request'],
    [
      'an issue URL',
      { body: { pr_url: 'https://github.com/acme/shop/issues/42' } },
      'invalid_request',
    ],
    [
      'a too long URL',
      { body: { pr_url: `https://github.com/acme/shop/pull/42?${'x'.repeat(400)}` } },
      'invalid_request',
    ],
    [
      'instructions too long',
      { body: { pr_url: PR, instructions: 'x'.repeat(4001) } },
      'invalid_request',
    ],
    ['instructions not a string', { body: { pr_url: PR, instructions: 5 } }, 'invalid_request'],
    ['an unknown field', { body: { pr_url: PR, branch: 'main' } }, 'invalid_request'],
  ] as const)('POST /v1/simulations with %s answers 400', async (_name, payload, code) => {
    const res = await api(server, 'POST', '/v1/simulations', { token: alice, ...payload });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: code, message: expect.any(String) });
  });

  it('GET /v1/simulations with a bad limit or cursor answers 400', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=-1']) {
      const res = await api(server, 'GET', `/v1/simulations?${query}`, { token: alice });
      expect(res.status, query).toBe(400);
    }
  });

  it("GET /v1/simulations/{unknown} answers 404, and user B cannot see or poll user A's job", async () => {
    const missing = await api(server, 'GET', '/v1/simulations/job_doesnotexist', { token: alice });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'not_found' });

    const created = await api(server, 'POST', '/v1/simulations', {
      token: alice,
      body: { pr_url: PR },
    });
    const jobId = created.body.job_id as string;
    const before = github.state.requests.length;
    const asBob = await api(server, 'GET', `/v1/simulations/${jobId}`, { token: bob });
    expect(asBob.status).toBe(404);
    expect(github.state.requests.length).toBe(before); // no GitHub call on Bob's behalf
    const bobList = await api(server, 'GET', '/v1/simulations', { token: bob });
    expect((bobList.body.jobs as { job_id: string }[]).map((j) => j.job_id)).not.toContain(jobId);
  });

  it('refuses a PR from a fork, with the reason', async () => {
    const res = await api(server, 'POST', '/v1/simulations', {
      token: alice,
      body: { pr_url: 'https://github.com/acme/shop/pull/7' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'fork_pr_refused' });
    expect(res.body.message).toContain('fork');
  });

  it('refuses a user without write access, a missing PR, a missing repo and a missing workflow', async () => {
    github.state.addToken('gho_readonlytokenvalue123', 'dave', { write: false });
    github.state.oauthAutoLogin = 'dave';
    // Log dave in; the fake mints a fresh token with write access, so make it read-only.
    const dave = await restLogin(server, github, 'dave');
    for (const t of github.state.tokens.values()) if (t.login === 'dave') t.write = false;
    const noWrite = await api(server, 'POST', '/v1/simulations', {
      token: dave,
      body: { pr_url: PR },
    });
    expect(noWrite.status).toBe(403);
    expect(noWrite.body).toMatchObject({ error: 'no_write_access' });

    const noPull = await api(server, 'POST', '/v1/simulations', {
      token: alice,
      body: { pr_url: 'https://github.com/acme/shop/pull/999' },
    });
    expect(noPull.status).toBe(404);
    expect(noPull.body.message).toContain('#999');

    const noRepo = await api(server, 'POST', '/v1/simulations', {
      token: alice,
      body: { pr_url: 'https://github.com/acme/nope/pull/1' },
    });
    expect(noRepo.status).toBe(404);

    github.state.addPull('acme/empty', { number: 1, title: 'x' });
    const noWorkflow = await api(server, 'POST', '/v1/simulations', {
      token: alice,
      body: { pr_url: 'https://github.com/acme/empty/pull/1' },
    });
    expect(noWorkflow.status).toBe(404);
    expect(noWorkflow.body.message).toContain('setup_repo');
  });

  it('unknown paths answer a JSON 404', async () => {
    const res = await api(server, 'GET', '/v1/nothing-here', { token: alice });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });
});

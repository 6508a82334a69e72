/**
 * Several server instances on one Redis (through the Upstash REST emulator): the same users and
 * jobs from any instance, a job that converges after its instance is killed, and the GitHub
 * token never readable in Redis nor in any log line.
 */
import { randomBytes } from 'node:crypto';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthTokens } from '../../server/auth/tokens.js';
import { UpstashStore } from '../../server/store/upstash-store.js';
import { callTool, connectMcp } from '../../harness/clients.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import {
  createUpstashEmulator,
  startRedisServer,
  type RedisServer,
  type UpstashEmulator,
} from '../../fakes/upstash/server.js';
import { sampleReport } from '../../fixtures/sample-report.js';
import {
  LogSink,
  api,
  finishRun,
  restLogin,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';
import { serveComposed } from './serve-composed.js';

let redis: RedisServer;
let emulator: UpstashEmulator;
let github: FakeGitHub;
const servers: RunningServer[] = [];
const logs = new LogSink();
const PR = 'https://github.com/acme/shop/pull/42';

async function instance(publicUrl?: string): Promise<RunningServer> {
  const server = await startServer({
    github,
    logs,
    store: new UpstashStore({ url: emulator.url, token: emulator.token }),
    env: {
      UPSTASH_REDIS_REST_URL: emulator.url,
      UPSTASH_REDIS_REST_TOKEN: emulator.token,
      ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}),
    },
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await createUpstashEmulator(redis.url);
  github = await startGitHub();
});

afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
  await github?.close();
  await emulator?.close();
  await redis?.stop();
});

describe('instances share one Redis', () => {
  it('two instances serve the same user and jobs (no in-process state)', async () => {
    const a = await instance();
    // Behind one load balancer both have the same public URL.
    const b = await instance(a.config.publicUrl);
    const token = await restLogin(a, github, 'alice');
    const created = await api(a, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
    expect(created.status).toBe(202);
    const jobId = created.body.job_id as string;

    const viaB = await api(b, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(viaB.status).toBe(200);
    expect(viaB.body.status).toBe('pending');

    finishRun(github, jobId, sampleReport({ result: 'pass' }));
    // Both refresh at once: both see the final state, written once.
    const [ra, rb] = await Promise.all([
      api(a, 'GET', `/v1/simulations/${jobId}`, { token }),
      api(b, 'GET', `/v1/simulations/${jobId}`, { token }),
    ]);
    expect(ra.body).toMatchObject({ status: 'completed', report: { result: 'pass' } });
    expect(rb.body).toMatchObject({ status: 'completed', report: { result: 'pass' } });
    const listB = await api(b, 'GET', '/v1/simulations', { token });
    expect((listB.body.jobs as { job_id: string }[]).map((j) => j.job_id)).toContain(jobId);
  });

  it('a job converges after the instance that started it is killed', async () => {
    const first = await instance();
    const token = await restLogin(first, github, 'alice');
    const created = await api(first, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
    const jobId = created.body.job_id as string;
    github.state.startRun(runOf(github, jobId).id);
    expect((await api(first, 'GET', `/v1/simulations/${jobId}`, { token })).body.status).toBe(
      'running',
    );
    await first.close();

    finishRun(github, jobId, sampleReport({ result: 'fail', summary: 'Fail: checkout broke.' }));
    const second = await instance(first.config.publicUrl);
    const after = await api(second, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(after.body).toMatchObject({
      status: 'completed',
      report: { result: 'fail', summary: 'Fail: checkout broke.' },
    });
  });

  it('the GitHub token is not readable in Redis and appears in no log line', async () => {
    const ghTokens = [...github.state.tokens.keys()];
    expect(ghTokens.length).toBeGreaterThan(0);
    const client = new IORedis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.some((k) => k.startsWith('USER#'))).toBe(true);
      const dump: string[] = [];
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'string') dump.push(`${key}=${(await client.get(key)) ?? ''}`);
        else if (type === 'zset')
          dump.push(`${key}=${(await client.zrange(key, 0, -1)).join(',')}`);
      }
      const all = dump.join('\n');
      for (const t of ghTokens) expect(all).not.toContain(t);
      const user = JSON.parse(
        (await client.get(keys.find((k) => k.startsWith('USER#')) ?? '')) ?? '{}',
      ) as {
        encrypted_github_token: string;
      };
      expect(user.encrypted_github_token).toMatch(/^v1\./);
      // Our own tokens and codes are stored hashed only.
      expect(all).not.toMatch(/mfc_at_|mfc_rt_|mfc_code_/);
    } finally {
      client.disconnect();
    }
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const t of ghTokens) expect(text).not.toContain(t);
    // Every line is JSON with a correlation id on request lines.
    const requests = logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((l) => typeof l.correlation_id === 'string')).toBe(true);
    expect(logs.lines.some((l) => l.includes('"job_id"'))).toBe(true);
  });

  it('rate limits per IP on the auth endpoints hold across instances', async () => {
    const prefix = `rl${randomBytes(3).toString('hex')}`;
    const env = {
      UPSTASH_REDIS_REST_URL: emulator.url,
      UPSTASH_REDIS_REST_TOKEN: emulator.token,
      AUTH_RATE_LIMIT_PER_IP: '3',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
    };
    const store = () => new UpstashStore({ url: emulator.url, token: emulator.token, prefix });
    const x = await startServer({ github, store: store(), env });
    const y = await startServer({
      github,
      store: store(),
      env: { ...env, PUBLIC_URL: x.config.publicUrl },
    });
    servers.push(x, y);
    const statuses: number[] = [];
    for (const s of [x, y, x, y]) {
      statuses.push((await fetch(`${s.url}/v1/auth/github`, { redirect: 'manual' })).status);
    }
    expect(statuses).toEqual([302, 302, 302, 429]);
    const limited = await fetch(`${y.url}/oauth/register`, { method: 'POST', body: '{}' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[0-9]+$/);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
    // The API is not limited by the auth bucket.
    expect((await fetch(`${y.url}/v1/openapi.json`)).status).toBe(200);
  });
});

describe('instances with their in-process caches (as production composes them)', () => {
  async function composed(env: Record<string, string> = {}, publicUrl?: string) {
    const server = await serveComposed({
      github,
      store: new UpstashStore({ url: emulator.url, token: emulator.token }),
      env: {
        UPSTASH_REDIS_REST_URL: emulator.url,
        UPSTASH_REDIS_REST_TOKEN: emulator.token,
        ...env,
        ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}),
      },
    });
    servers.push(server);
    return server;
  }

  it('a read of a finished job costs at most one store round trip, over REST and over MCP', async () => {
    const a = await composed();
    github.state.oauthAutoLogin = 'carol';
    const { client } = await connectMcp(a.url);
    const token = await restLogin(a, github, 'carol');
    const created = await api(a, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
    const jobId = created.body.job_id as string;
    finishRun(github, jobId, sampleReport({ result: 'pass' }));
    await api(a, 'GET', `/v1/simulations/${jobId}`, { token }); // completes the job once
    await callTool(client, 'get_simulation', { job_id: jobId }); // the MCP token is now verified

    const reads = 10;
    const before = emulator.requests();
    for (let i = 0; i < reads; i++) {
      const job = await api(a, 'GET', `/v1/simulations/${jobId}`, { token });
      expect(job.body.status).toBe('completed');
    }
    expect(emulator.requests() - before).toBeLessThanOrEqual(reads);

    const beforeMcp = emulator.requests();
    for (let i = 0; i < reads; i++) {
      const read = await callTool(client, 'get_simulation', { job_id: jobId });
      expect((read.structured?.job as { status: string }).status).toBe('completed');
    }
    expect(emulator.requests() - beforeMcp).toBeLessThanOrEqual(reads);
    await client.close();
  });

  it('a finished job answered from memory still echoes the correlation id and logs its line', async () => {
    const a = await composed();
    const token = await restLogin(a, github, 'dave');
    const created = await api(a, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
    const jobId = created.body.job_id as string;
    finishRun(github, jobId, sampleReport({ result: 'pass' }));
    await api(a, 'GET', `/v1/simulations/${jobId}`, { token }); // completes the job once

    const read = (id: string) =>
      fetch(`${a.url}/v1/simulations/${jobId}`, {
        headers: { authorization: `Bearer ${token}`, 'x-correlation-id': id },
      });
    const given = await read('cached-read-0001');
    expect(given.status).toBe(200);
    expect(given.headers.get('x-correlation-id')).toBe('cached-read-0001');
    expect(given.headers.get('content-type')).toBe('application/json');
    expect(((await given.json()) as { status: string }).status).toBe('completed');
    const made = await read('not a good id');
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    await made.arrayBuffer();

    const lines = a.logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    const line = (id: string | null) => lines.find((l) => l.correlation_id === id);
    expect(line('cached-read-0001')).toMatchObject({
      method: 'GET',
      path: `/v1/simulations/${jobId}`,
      status: 200,
    });
    expect(line(made.headers.get('x-correlation-id'))).toMatchObject({ status: 200 });
  });

  it('a job read while running is never served stale once it completes, on either instance', async () => {
    const a = await composed();
    const b = await composed({}, a.config.publicUrl);
    const token = await restLogin(a, github, 'alice');
    const created = await api(a, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
    const jobId = created.body.job_id as string;
    for (const s of [a, b, a, b]) {
      expect((await api(s, 'GET', `/v1/simulations/${jobId}`, { token })).body.status).toBe(
        'pending',
      );
    }
    finishRun(github, jobId, sampleReport({ result: 'fail' }));
    const viaB = await api(b, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(viaB.body.status).toBe('completed');
    // a read it while it ran; it now reads the completed job, the same as b.
    const viaA = await api(a, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(viaA.body).toEqual(viaB.body);
    expect((viaA.body.report as { result: string }).result).toBe('fail');
  });

  it('a token revoked on one instance stops working on another within AUTH_CACHE_SECONDS', async () => {
    const bound = 1;
    const a = await composed({ AUTH_CACHE_SECONDS: String(bound) });
    github.state.oauthAutoLogin = 'bob';
    const { client, accessToken, clientId } = await connectMcp(a.url);
    await client.close();
    const call = () =>
      fetch(`${a.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      });
    expect((await call()).status).toBe(200); // now verified and remembered by a
    // a remembered the token during that call, so by now at the latest: from `bound` seconds
    // after this, a call must find the cached verdict expired and read the revocation.
    const rememberedBy = performance.now();

    // Another instance revokes it (the revocation endpoint's own code, on its own store).
    const other = new UpstashStore({ url: emulator.url, token: emulator.token });
    await new OAuthTokens(other, a.config.ttl, Date.now).revoke(accessToken, clientId);
    // Each call is judged by when it was sent, not by how long a loaded machine took to answer
    // it: a token still accepted by a call sent after the bound is the failure.
    const answers: Array<{ sentAfterMs: number; status: number }> = [];
    const deadline = rememberedBy + bound * 1000 + 15_000;
    while (answers.at(-1)?.status !== 401 && performance.now() < deadline) {
      const sentAfterMs = performance.now() - rememberedBy;
      answers.push({ sentAfterMs, status: (await call()).status });
      if (answers.at(-1)!.status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answers.at(-1)?.status).toBe(401);
    const lateAccepts = answers
      .filter((answer) => answer.status === 200 && answer.sentAfterMs > bound * 1000)
      .map((answer) => Math.round(answer.sentAfterMs));
    expect(lateAccepts, 'still accepted by calls sent this many ms after it was cached').toEqual(
      [],
    );
  });
});

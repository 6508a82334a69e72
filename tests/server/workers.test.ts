/**
 * The server on Cloudflare Workers, as a user runs it: `wrangler dev` (workerd, local) with the
 * checked-in wrangler.jsonc, configuration passed as bindings, against the fake GitHub and a
 * real redis-server behind the Upstash REST emulator. The MCP SDK client logs in and runs a
 * simulation to its verdict; client addresses come from CF-Connecting-IP; every log line the
 * Worker prints is JSON and carries no token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGitHub } from '../../fakes/github/server.js';
import {
  createUpstashEmulator,
  startRedisServer,
  type RedisServer,
  type UpstashEmulator,
} from '../../fakes/upstash/server.js';
import { callTool, connectMcp, type JobView } from '../../harness/clients.js';
import { sampleReport } from '../../fixtures/sample-report.js';
import {
  ENCRYPTION_KEY,
  GITHUB_CLIENT_ID,
  GITHUB_CLIENT_SECRET,
  SIGNING_KEY,
  finishRun,
  startGitHub,
} from '../../harness/server-harness.js';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.js';

let redis: RedisServer;
let emulator: UpstashEmulator;
let github: FakeGitHub;
let worker: WranglerDev;
let accessToken = '';

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await createUpstashEmulator(redis.url);
  github = await startGitHub();
  github.state.oauthAutoLogin = 'alice';
  worker = await startWranglerDev('wrangler.jsonc', (url) => ({
    PUBLIC_URL: url,
    GITHUB_CLIENT_ID,
    GITHUB_CLIENT_SECRET,
    GITHUB_API_URL: github.url,
    GITHUB_WEB_URL: github.url,
    ENCRYPTION_KEY,
    SIGNING_KEY,
    UPSTASH_REDIS_REST_URL: emulator.url,
    UPSTASH_REDIS_REST_TOKEN: emulator.token,
    AUTH_RATE_LIMIT_PER_IP: '40',
    RATE_LIMIT_WINDOW_SECONDS: '3600',
  }));
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await github?.close();
  await emulator?.close();
  await redis?.stop();
});

describe('Cloudflare Workers (wrangler dev)', () => {
  it('the MCP SDK client logs in and gets a simulation to its verdict', async () => {
    const { client, accessToken: token } = await connectMcp(worker.url);
    accessToken = token;
    const started = await callTool(client, 'simulate_pr', {
      pr_url: 'https://github.com/acme/shop/pull/42',
    });
    const job = (started.structured as { job: JobView }).job;
    expect(job.status).toBe('pending');
    // The dispatch reached GitHub with alice's token, from the Worker.
    expect(github.state.runs.some((r) => r.inputs.job_id === job.job_id)).toBe(true);

    finishRun(github, job.job_id, sampleReport({ result: 'fail' }));
    const done = await callTool(client, 'get_simulation', { job_id: job.job_id });
    const final = (done.structured as { job: JobView }).job;
    expect(final.status).toBe('completed');
    expect(final.report?.result).toBe('fail');
    // The job is in Redis, where any other instance (Node or Worker) would find it.
    expect(emulator.commands.some((c) => c.some((arg) => arg.includes(job.job_id)))).toBe(true);
    await client.close();
  }, 60_000);

  it('limits per client address from CF-Connecting-IP, one bucket per address', async () => {
    const hit = (ip: string) =>
      fetch(`${worker.url}/v1/auth/github`, {
        redirect: 'manual',
        headers: { 'cf-connecting-ip': ip },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 41; i += 1) statuses.push((await hit('198.51.100.7')).status);
    expect(statuses.slice(0, 40).every((s) => s === 302)).toBe(true);
    expect(statuses[40]).toBe(429);
    // Another client is not in that bucket.
    expect((await hit('198.51.100.8')).status).toBe(302);
    expect((await hit('2001:db8::1')).status).toBe(302);
  }, 60_000);

  it('logs JSON lines only, with no token or Authorization value in them', async () => {
    // A request whose Authorization header carries a token-shaped value.
    const bogus = 'mfc_at_NotARealTokenButShapedLikeOne123';
    const res = await fetch(`${worker.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bogus}`,
        'content-type': 'application/json',
        'x-correlation-id': 'workers-trace-0001',
      },
      body: '{}',
    });
    expect(res.status).toBe(401);
    // The caller's correlation id comes back on the answer and names its access line.
    expect(res.headers.get('x-correlation-id')).toBe('workers-trace-0001');
    await new Promise((r) => setTimeout(r, 300)); // let wrangler relay the last lines

    const lines = worker.logLines();
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.find((l) => l.correlation_id === 'workers-trace-0001')).toMatchObject({
      method: 'POST',
      path: '/mcp',
      status: 401,
    });
    expect(requests.length).toBeGreaterThan(10);
    for (const line of requests) {
      expect(line).toMatchObject({ level: 30, service: 'myfav-coworker-server' });
      expect(typeof line.correlation_id).toBe('string');
      expect(typeof line.time).toBe('number');
    }
    const output = worker.output();
    const secrets = [
      accessToken,
      bogus,
      ...github.state.tokens.keys(),
      GITHUB_CLIENT_SECRET,
      SIGNING_KEY,
      ENCRYPTION_KEY,
      emulator.token,
    ];
    expect(accessToken).toMatch(/^mfc_at_/);
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});

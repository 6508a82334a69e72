/**
 * Rate-limit buckets hold: on Node the client is the socket's peer (a forged X-Forwarded-For
 * changes nothing); behind a configured trusted proxy it is the header's right-most address that
 * is not a trusted hop; a host that gives no address at all gets a clear error rather than one
 * bucket for everyone; per-user limits stay per user. (CF-Connecting-IP on Workers is in
 * workers.test.ts.)
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { api, restLogin, startGitHub, type RunningServer } from '../../harness/server-harness.js';
import { serveComposed } from './serve-composed.js';

let github: FakeGitHub;
const servers: RunningServer[] = [];

beforeAll(async () => {
  github = await startGitHub();
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await github?.close();
});

async function server(env: Record<string, string>) {
  const s = await serveComposed({
    github,
    store: new MemoryStore(),
    env: { AUTH_RATE_LIMIT_PER_IP: '3', RATE_LIMIT_WINDOW_SECONDS: '3600', ...env },
  });
  servers.push(s);
  return s;
}

/** GET /v1/auth/github (a per-IP limited route) from a given local address; the status. */
function hit(
  s: RunningServer,
  from: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${s.url}/v1/auth/github`, { localAddress: from, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('client addresses for rate limits', () => {
  it('on Node: the socket peer, whatever X-Forwarded-For claims', async () => {
    const s = await server({});
    const forged = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push(await hit(s, '127.0.0.2', forged(i)));
    expect(statuses).toEqual([302, 302, 302, 429]);
    // Another address has its own bucket.
    expect(await hit(s, '127.0.0.3')).toBe(302);
  });

  it('behind a trusted proxy: the right-most address in its header that is not a trusted hop', async () => {
    const s = await server({
      TRUSTED_PROXY_HEADER: 'X-Forwarded-For',
      TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8',
    });
    const via = (xff: string) => hit(s, '127.0.0.1', { 'x-forwarded-for': xff });
    const statuses = [];
    // The proxy appended the client (198.51.100.1) after an internal hop; left of it, forgeries.
    for (let i = 0; i < 4; i += 1) statuses.push(await via(`192.0.2.${i}, 198.51.100.1, 10.1.2.3`));
    expect(statuses).toEqual([302, 302, 302, 429]);
    expect(await via('198.51.100.2')).toBe(302);
    // A peer that is not a trusted proxy cannot choose its bucket with the header.
    const direct = [];
    for (let i = 0; i < 4; i += 1) {
      direct.push(await hit(s, '127.0.0.5', { 'x-forwarded-for': `198.51.100.${50 + i}` }));
    }
    expect(direct).toEqual([302, 302, 302, 429]);
  });

  it('with no address at all (a fetch host without the header): a clear error, not one bucket', async () => {
    const s = await server({});
    const res = await s.app.fetch(new Request(`${s.url}/v1/auth/github`));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('client_address_unknown');
    expect(body.message).toContain('TRUSTED_PROXY_HEADER');
    // Routes without a per-address limit still answer.
    expect((await s.app.fetch(new Request(`${s.url}/health`))).status).toBe(200);
  });

  it('per-user limits stay per user', async () => {
    const s = await server({ API_RATE_LIMIT_PER_USER: '3', AUTH_RATE_LIMIT_PER_IP: '100' });
    const alice = await restLogin(s, github, 'alice');
    const bob = await restLogin(s, github, 'bob');
    const read = (token: string) => api(s, 'GET', '/v1/simulations/job_none', { token });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await read(alice)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect((await read(bob)).status).toBe(404);
  });
});

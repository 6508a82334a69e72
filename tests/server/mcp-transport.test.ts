/**
 * `/mcp` as the Streamable HTTP transport describes a stateless server without a stream, and
 * JSON-RPC 2.0 as its specification words its errors (expected codes from the specification:
 * -32600 invalid request, -32602 invalid params): GET and DELETE answer 405 `Allow: POST`, so
 * the MCP SDK's own client, left idle, sends nothing more; an empty batch and a call without
 * params are refused with their codes. Requests that would cost a store read before anyone is
 * authenticated are limited per client address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { connectMcp } from '../../harness/clients.js';
import { startGitHub, startServer, type RunningServer } from '../../harness/server-harness.js';

/** A memory store that counts the reads an access token check makes. */
class CountingStore extends MemoryStore {
  recordReads = 0;
  override getRecord(key: string): Promise<string | null> {
    this.recordReads += 1;
    return super.getRecord(key);
  }
}

let github: FakeGitHub;
let server: RunningServer;
let token: string;

/** A logged-in client's access token on `on`, its client closed. */
async function login(on: RunningServer): Promise<string> {
  const { client, accessToken } = await connectMcp(on.url);
  await client.close();
  return accessToken;
}

beforeAll(async () => {
  github = await startGitHub();
  github.state.oauthAutoLogin = 'alice';
  server = await startServer({ github, store: new MemoryStore() });
  token = await login(server);
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

function post(body: string, bearer = token, on = server): Promise<Response> {
  return fetch(`${on.url}/mcp`, {
    method: 'POST',
    headers: { ...HEADERS, authorization: `Bearer ${bearer}` },
    body,
  });
}

/** The `/mcp` access lines logged so far: method and status. */
function mcpRequests(): string[] {
  return server.logs.lines
    .map(
      (line) =>
        JSON.parse(line) as { msg?: string; path?: string; method?: string; status?: number },
    )
    .filter((l) => l.msg === 'request' && l.path === '/mcp')
    .map((l) => `${l.method} ${l.status}`);
}

describe('the transport of a stateless server without a stream', () => {
  it('answers GET and DELETE with 405 Allow: POST', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${server.url}/mcp`, {
        method,
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow'), method).toBe('POST');
    }
  });

  it("leaves the SDK's client nothing to send while it is idle", async () => {
    const before = mcpRequests().length;
    const { client } = await connectMcp(server.url);
    try {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const since = mcpRequests().slice(before);
      // The login (401, then initialize and its notification), one attempt at a stream, no more.
      expect(since.filter((r) => r.startsWith('GET'))).toEqual(['GET 405']);
      expect(since.filter((r) => r !== 'GET 405').slice(-2)).toEqual(['POST 200', 'POST 202']);
    } finally {
      await client.close();
    }
  }, 30_000);
});

describe('JSON-RPC errors', () => {
  it('an empty batch is an invalid request (-32600)', async () => {
    const res = await post('[]');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
  });

  it('tools/call without params is invalid params (-32602)', async () => {
    const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call' }));
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32602 } });
  });

  it('a call with its params still reaches the tool', async () => {
    const body = { jsonrpc: '2.0', id: 8, method: 'tools/call' };
    const res = await post(
      JSON.stringify({ ...body, params: { name: 'list_simulations', arguments: {} } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 8, result: { content: [{ type: 'text' }] } });
  });
});

describe('unauthenticated requests', () => {
  it('are limited per client address before the store is read', async () => {
    const store = new CountingStore();
    // Enough for one login (its /oauth requests have a bucket of their own).
    const limited = await startServer({ github, store, env: { AUTH_RATE_LIMIT_PER_IP: '12' } });
    try {
      const known = await login(limited);
      const bogus = (n: number) => post('{}', `mfc_at_bogus${n}-0123456789abcdef`, limited);
      const statuses: number[] = [];
      let readsAtLimit = -1;
      for (let n = 0; n < 14; n += 1) {
        const res = await bogus(n);
        statuses.push(res.status);
        if (res.status === 429 && readsAtLimit < 0) {
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          readsAtLimit = store.recordReads;
        }
      }
      const first = statuses.indexOf(429);
      expect(first).toBeGreaterThan(0);
      expect(statuses.slice(0, first).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(first).every((s) => s === 429)).toBe(true);
      // The refused guesses cost no store read.
      expect(store.recordReads).toBe(readsAtLimit);
      // A client whose token this instance already checked is not counted.
      const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
      expect((await post(ping, known, limited)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

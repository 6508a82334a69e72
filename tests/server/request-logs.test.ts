/**
 * What one MCP tool call writes to the log, read back from the real server's log lines: the
 * lines its work logs carry the request's correlation id (the caller's `X-Correlation-Id`) and the
 * caller's GitHub user id, and the request's access line keeps its own shape (no caller field).
 * The expected ids are the header we send and the id the fake GitHub gave the user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { connectMcp } from '../../harness/clients.js';
import { startGitHub, startServer, type RunningServer } from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;
let token: string;

beforeAll(async () => {
  github = await startGitHub();
  github.state.oauthAutoLogin = 'alice';
  server = await startServer({ github, store: new MemoryStore() });
  const { client, accessToken } = await connectMcp(server.url);
  await client.close();
  token = accessToken;
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

type Line = Record<string, unknown>;

/** The server's log lines that carry `correlationId`. */
function linesOf(correlationId: string): Line[] {
  return server.logs.lines
    .map((line) => JSON.parse(line) as Line)
    .filter((line) => line.correlation_id === correlationId);
}

describe("a tool call's log lines", () => {
  it("carry the request's correlation id and the caller; its access line stays as it was", async () => {
    const correlationId = 'mcp-call-0001';
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-correlation-id': correlationId,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: {
          name: 'simulate_pr',
          arguments: { pr_url: 'https://github.com/acme/shop/pull/42' },
        },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);
    const answer = (await res.json()) as { result?: { isError?: boolean } };
    expect(answer.result?.isError).toBeFalsy();

    const alice = github.state.users.find((user) => user.login === 'alice');
    const lines = linesOf(correlationId);
    expect(lines.filter((line) => line.msg === 'simulation dispatched')).toEqual([
      expect.objectContaining({
        level: 30,
        user_id: String(alice?.id),
        repo: 'acme/shop',
        pr: 42,
      }),
    ]);
    const access = lines.filter((line) => line.msg === 'request');
    expect(access).toHaveLength(1);
    expect(Object.keys(access[0]!).sort()).toEqual(
      [
        'correlation_id',
        'level',
        'method',
        'ms',
        'msg',
        'path',
        'service',
        'status',
        'time',
      ].sort(),
    );
    expect(access[0]).toMatchObject({ method: 'POST', path: '/mcp', status: 200 });
  });
});

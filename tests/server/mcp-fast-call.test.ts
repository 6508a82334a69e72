/**
 * The fast `tools/call` path of `/mcp` answers exactly as the MCP SDK's own server and
 * transport do. The oracle is the SDK: every request of the corpus goes once through
 * `handleMcpRequest` (fast path where it applies) and once through the SDK alone, over the same
 * job service and store, and the two answers must match in status, content type and JSON body
 * (the random fence ids aside). Jobs are made through the real server and the fake GitHub. When
 * an SDK upgrade changes what it answers to a request the fast path takes, this test fails.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokitFactory } from '../../server/github/octokit-client.js';
import { JobService } from '../../server/jobs/service.js';
import { createLogger } from '../../server/logger.js';
import type { ToolContext } from '../../server/mcp/context.js';
import { fastCall } from '../../server/mcp/fast-call.js';
import { TOOLS, handleMcpRequest, handleWithSdk, type McpAnswer } from '../../server/mcp/server.js';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import {
  api,
  finishRun,
  restLogin,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;
let ctx: ToolContext;
let done: string;
let running: string;

const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-11-25',
};

beforeAll(async () => {
  github = await startGitHub();
  const store = new MemoryStore();
  server = await startServer({ github, store });
  const token = await restLogin(server, github, 'alice');
  const submit = async () => {
    const res = await api(server, 'POST', '/v1/simulations', {
      token,
      body: { pr_url: 'https://github.com/acme/shop/pull/42' },
    });
    return String(res.body.job_id);
  };
  done = await submit();
  finishRun(github, done);
  expect((await api(server, 'GET', `/v1/simulations/${done}`, { token })).body.status).toBe(
    'completed',
  );
  running = await submit();
  const user = await store.getUser(String(decodeJwt(token).sub));
  if (!user) throw new Error('the login stored no user');
  const logger = createLogger('silent');
  ctx = {
    user,
    config: server.config,
    log: logger,
    jobs: new JobService({
      store,
      config: server.config,
      clock: Date.now,
      logger,
      github: createOctokitFactory({
        apiUrl: server.config.github.apiUrl,
        timeoutMs: 10_000,
        logger,
      }),
    }),
  };
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

/** A POST to /mcp. */
function post(body: unknown, headers: Record<string, string> = HEADERS): () => Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return () => new Request('http://mcp.test/mcp', { method: 'POST', headers, body: text });
}

function call(name: string, args?: unknown, extra: Record<string, unknown> = {}) {
  return {
    jsonrpc: '2.0',
    id: 7,
    method: 'tools/call',
    params: { name, ...(args === undefined ? {} : { arguments: args }), ...extra },
  };
}

/** The answer as the route sends it: the fast path's JSON is a 200 `application/json`. */
function asResponse(answer: McpAnswer): Response {
  if (answer instanceof Response) return answer;
  return new Response(answer.json, { headers: { 'Content-Type': 'application/json' } });
}

/** The route's answer to `request`: its body read as the route reads it. */
async function viaRoute(request: Request): Promise<Response> {
  return asResponse(await handleMcpRequest(request, await request.clone().text(), ctx));
}

/** What a client sees of a response; fence ids are random per answer. */
async function seen(res: Response) {
  const text = (await res.text()).replace(/untrusted-run-data id=\\"[0-9a-f]+\\"/g, 'FENCE');
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: text ? (JSON.parse(text) as unknown) : null,
  };
}

const tools = new Map(TOOLS.map((t) => [t.name, t]));

describe('the fast tools/call path', () => {
  const fastCases: [string, () => ReturnType<typeof post>][] = [
    ['get_simulation of a completed job', () => post(call('get_simulation', { job_id: done }))],
    ['get_simulation of a running job', () => post(call('get_simulation', { job_id: running }))],
    [
      'get_simulation of an unknown job',
      () => post(call('get_simulation', { job_id: 'job_nope' })),
    ],
    [
      'get_simulation with an unknown argument (dropped)',
      () => post(call('get_simulation', { job_id: done, colour: 'red' })),
    ],
    ['list_simulations, no arguments', () => post(call('list_simulations'))],
    ['list_simulations, one per page', () => post(call('list_simulations', { limit: 1 }))],
    ['get_report as markdown', () => post(call('get_report', { job_id: done }))],
    ['get_report as json', () => post(call('get_report', { job_id: done, format: 'json' }))],
    ['get_report of a running job', () => post(call('get_report', { job_id: running }))],
    [
      'a string request id',
      () => post({ ...call('get_simulation', { job_id: done }), id: 'abc-1' }),
    ],
    [
      'no protocol version header (the SDK assumes its default)',
      () =>
        post(call('get_simulation', { job_id: done }), {
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json, text/event-stream',
        }),
    ],
  ];

  it.each(fastCases)('%s: taken, and answered as the SDK answers', async (_label, make) => {
    const request = make();
    const message = JSON.parse(await request().text()) as unknown;
    expect(fastCall(request(), message, tools)).not.toBeNull();
    expect(await seen(await viaRoute(request()))).toEqual(
      await seen(await handleWithSdk(request(), ctx)),
    );
  });

  const sdkCases: [string, () => ReturnType<typeof post>][] = [
    ['an invalid argument', () => post(call('get_simulation', { job_id: '' }))],
    ['arguments that are not an object', () => post(call('get_simulation', 'job'))],
    ['an unknown tool', () => post(call('delete_everything', {}))],
    ['a tool with side effects', () => post(call('simulate_pr', { pr_url: 'nope' }))],
    [
      'a progress token',
      () => post(call('get_simulation', { job_id: done }, { _meta: { progressToken: 1 } })),
    ],
    ['a batch', () => post([call('get_simulation', { job_id: done })])],
    ['a notification', () => post({ jsonrpc: '2.0', method: 'notifications/initialized' })],
    ['tools/list', () => post({ jsonrpc: '2.0', id: 1, method: 'tools/list' })],
    ['a fractional id', () => post({ ...call('get_simulation', { job_id: done }), id: 1.5 })],
    ['invalid JSON', () => post('{"jsonrpc": "2.0", ')],
    [
      'an unsupported protocol version',
      () =>
        post(call('get_simulation', { job_id: done }), {
          ...HEADERS,
          'mcp-protocol-version': '1999-01-01',
        }),
    ],
    [
      'an Accept without event streams',
      () =>
        post(call('get_simulation', { job_id: done }), { ...HEADERS, accept: 'application/json' }),
    ],
    [
      'a text body',
      () =>
        post(call('get_simulation', { job_id: done }), {
          ...HEADERS,
          'content-type': 'text/plain',
        }),
    ],
  ];

  // What the SDK answers these is its own (and the server's other MCP tests assert it).
  it.each(sdkCases)('%s: left to the SDK', async (_label, make) => {
    const request = make();
    let message: unknown;
    try {
      message = JSON.parse(await request().text());
    } catch {
      message = undefined;
    }
    expect(fastCall(request(), message, tools)).toBeNull();
  });

  it('answers a completed job with its verdict (written out by hand)', async () => {
    const res = await seen(await viaRoute(post(call('get_simulation', { job_id: done }))()));
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body).toMatchObject({
      jsonrpc: '2.0',
      id: 7,
      result: { structuredContent: { job: { job_id: done, status: 'completed' } } },
    });
  });
});

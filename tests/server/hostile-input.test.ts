/**
 * Hostile requests against a running server: each is refused with its status and a JSON error
 * that names what was wrong, and the server keeps answering afterwards.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { OAUTH_REDIRECT as REDIRECT } from '../../harness/memory-oauth-provider.js';
import {
  Browser,
  api,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;
let now = Date.now();
const store = new MemoryStore(() => now);

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({
    github,
    store,
    env: { MCP_ALLOWED_ORIGINS: 'https://inspector.example' },
  });
});
afterAll(async () => {
  await server?.close();
  await github?.close();
});
afterEach(async () => {
  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
});

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', body, headers, redirect: 'manual' }).then(
    async (r) => ({
      status: r.status,
      headers: r.headers,
      json: (await r.json()) as Record<string, string>,
    }),
  );
/**
 * POSTs a large body the way a hostile client does; the server may answer and close before
 * the body is all sent, so the answer is read as soon as it comes.
 */
function postLarge(path: string, body: string | Uint8Array, type: string) {
  return new Promise<{ status: number; json: Record<string, string> }>((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, {
      method: 'POST',
      // A fresh connection: the server closes one whose body it would not read.
      agent: false,
      headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, string> }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(body);
  });
}
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function register(body: Record<string, unknown> = {}) {
  return api(server, 'POST', '/oauth/register', {
    body: {
      client_name: 'c',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
      ...body,
    },
  });
}

/** Registers a public client and walks a browser to one of our codes. */
async function codeFor() {
  github.state.oauthAutoLogin = 'alice';
  const clientId = (await register()).body.client_id as string;
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${server.url}/oauth/authorize`);
  url.search = form({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const { url: back } = await new Browser().follow(url, REDIRECT);
  return { clientId, verifier, code: back?.searchParams.get('code') ?? '' };
}

const mcpList = (token: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });

describe('/mcp Origin', () => {
  it('refuses a foreign Origin with 403, accepts no Origin, our own, and the configured ones', async () => {
    const evil = await mcpList('x', { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({
      error: 'forbidden_origin',
      message: expect.stringContaining('https://evil.example'),
    });
    // Past the Origin check, these reach authentication (401), not 403.
    expect((await mcpList('x')).status).toBe(401);
    expect((await mcpList('x', { origin: server.url })).status).toBe(401);
    expect((await mcpList('x', { origin: 'https://inspector.example' })).status).toBe(401);
  });

  it('gives a browser of a configured origin the CORS headers it needs, and a client without Origin none', async () => {
    const origin = 'https://inspector.example';
    const preflight = await fetch(`${server.url}/mcp`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,mcp-protocol-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const allowed = preflight.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
    for (const name of ['authorization', 'content-type', 'mcp-protocol-version']) {
      expect(allowed.split(',')).toContain(name);
    }
    const refused = await mcpList('x', { origin });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
    expect(refused.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    expect(refused.headers.get('vary')).toContain('Origin');
    const plain = await mcpList('x');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('body limits', () => {
  it('refuses a large unauthenticated body on /oauth/token, /oauth/register, /mcp and /v1 with 413', async () => {
    const big = new Uint8Array(2 * 1024 * 1024).fill(97);
    for (const path of ['/oauth/token', '/oauth/register', '/mcp', '/v1/simulations']) {
      const res = await postLarge(path, big, FORM['content-type']);
      expect(res.status, path).toBe(413);
      expect(res.json).toMatchObject({ error: 'payload_too_large' });
    }
  });

  it('lets a 512 KB MCP call through to authentication: /mcp takes up to 1 MB', async () => {
    const res = await postLarge('/mcp', new Uint8Array(512 * 1024).fill(97), 'application/json');
    expect(res.status).toBe(401);
  });

  it('refuses a 12 MB client_name and 40,000 redirect URIs before storing anything', async () => {
    const name = await postLarge(
      '/oauth/register',
      JSON.stringify({ client_name: 'x'.repeat(12e6), redirect_uris: [REDIRECT] }),
      'application/json',
    );
    expect(name.status).toBe(413);
    const uris = Array.from({ length: 40_000 }, (_, i) => `https://a.example/${i}`);
    const many = await postLarge(
      '/oauth/register',
      JSON.stringify({ redirect_uris: uris }),
      'application/json',
    );
    expect(many.status).toBe(413);
  });
});

describe('registration limits', () => {
  it('refuses too many redirect URIs, long fields, and grant or response types we do not serve', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { redirect_uris: Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`) },
        'redirect_uris',
      ],
      [{ client_name: 'n'.repeat(101) }, 'client_name'],
      [{ grant_types: ['client_credentials'] }, 'grant_types'],
      [{ grant_types: ['urn:ietf:params:oauth:grant-type:device_code'] }, 'grant_types'],
      [{ response_types: ['token'] }, 'response_types'],
      [{ logo_uri: `https://a.example/${'l'.repeat(3000)}` }, 'logo_uri'],
    ];
    for (const [body, field] of cases) {
      const res = await register(body);
      expect(res.status, field).toBe(400);
      expect(res.body.error).toBe('invalid_client_metadata');
      expect(String(res.body.error_description)).toContain(field);
    }
    const garbled = await post('/oauth/register', '{"redirect_uris": [', {
      'content-type': 'application/json',
    });
    expect(garbled.status).toBe(400);
    expect(garbled.json.error).toBe('invalid_client_metadata');
  });

  it('a registration nobody logs in with expires; one that got tokens stays', async () => {
    const unused = (await register()).body.client_id as string;
    const used = await codeFor();
    const token = await post(
      '/oauth/token',
      form({
        grant_type: 'authorization_code',
        code: used.code,
        client_id: used.clientId,
        code_verifier: used.verifier,
      }),
      FORM,
    );
    expect(token.status).toBe(200);
    now += 2 * 24 * 3600 * 1000;
    try {
      const page = await fetch(
        `${server.url}/oauth/authorize?client_id=${unused}&response_type=code`,
      );
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('registration expired');
      const refreshed = await post(
        '/oauth/token',
        form({
          grant_type: 'refresh_token',
          refresh_token: token.json.refresh_token ?? '',
          client_id: used.clientId,
        }),
        FORM,
      );
      expect(refreshed.status).toBe(200);
    } finally {
      now = Date.now();
    }
  });
});

describe('malformed input', () => {
  it('a malformed JSON consent is a 400 JSON error, not a 500', async () => {
    const res = await post('/oauth/consent', '{"request_id": ', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      error: 'invalid_request',
      message: 'The body is not valid JSON.',
    });
  });

  it('a garbled Basic header, or one without a colon, is a 401 invalid_client', async () => {
    const { clientId } = await codeFor();
    for (const header of [
      'Basic %%%not-base64%%%',
      `Basic ${Buffer.from(clientId).toString('base64')}`,
      `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`,
    ]) {
      const res = await post(
        '/oauth/token',
        form({ grant_type: 'refresh_token', refresh_token: 'x' }),
        { ...FORM, authorization: header },
      );
      expect(res.status, header).toBe(401);
      expect(res.json.error).toBe('invalid_client');
      expect(res.json.error_description).toContain('Basic');
    }
  });

  it('a token request with a garbled JSON body is a 400 invalid_request', async () => {
    const res = await post('/oauth/token', '{oops', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_request');
  });
});

describe('tokens and codes', () => {
  it('revocation refuses a token of another client, which keeps working', async () => {
    const a = await codeFor();
    const tokens = await post(
      '/oauth/token',
      form({
        grant_type: 'authorization_code',
        code: a.code,
        client_id: a.clientId,
        code_verifier: a.verifier,
      }),
      FORM,
    );
    const other = (await register()).body.client_id as string;
    const res = await post(
      '/oauth/revoke',
      form({ token: tokens.json.access_token ?? '', client_id: other }),
      FORM,
    );
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('unauthorized_client');
    expect((await mcpList(tokens.json.access_token ?? '')).status).toBe(200);
  });

  it('a replayed code is refused and revokes the tokens its first use issued', async () => {
    const a = await codeFor();
    const params = form({
      grant_type: 'authorization_code',
      code: a.code,
      client_id: a.clientId,
      code_verifier: a.verifier,
    });
    const first = await post('/oauth/token', params, FORM);
    expect((await mcpList(first.json.access_token ?? '')).status).toBe(200);
    const replay = await post('/oauth/token', params, FORM);
    expect(replay.status).toBe(400);
    expect(replay.json.error).toBe('invalid_grant');
    expect((await mcpList(first.json.access_token ?? '')).status).toBe(401);
    const refresh = await post(
      '/oauth/token',
      form({
        grant_type: 'refresh_token',
        refresh_token: first.json.refresh_token ?? '',
        client_id: a.clientId,
      }),
      FORM,
    );
    expect(refresh.json.error).toBe('invalid_grant');
  });
});

describe('redirect URIs', () => {
  const authorize = (clientId: string, redirectUri: string, extra: Record<string, string> = {}) =>
    fetch(
      `${server.url}/oauth/authorize?${form({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: 'c'.repeat(43), code_challenge_method: 'S256', ...extra })}`,
      { redirect: 'manual' },
    );

  it('a loopback redirect URI matches on any port, not on another path or host', async () => {
    const clientId = (await register({ redirect_uris: ['http://127.0.0.1/callback'] })).body
      .client_id as string;
    expect((await authorize(clientId, 'http://127.0.0.1:54321/callback')).status).toBe(200);
    expect((await authorize(clientId, 'http://127.0.0.1:54321/other')).status).toBe(400);
    expect((await authorize(clientId, 'http://[::1]:54321/callback')).status).toBe(400);
  });

  it('errors for a client this browser never approved stay on our page (no open redirect)', async () => {
    const clientId = (await register({ redirect_uris: ['https://evil.example/cb'] })).body
      .client_id as string;
    const res = await authorize(clientId, 'https://evil.example/cb', { response_type: 'token' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Only response_type=code is supported');
  });
});

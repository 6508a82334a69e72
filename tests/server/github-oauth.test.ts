/**
 * The server against GitHub's OAuth as the fake plays it by GitHub's documentation: errors
 * named for what they are (the server's app misconfigured vs a spent code), and a GitHub App
 * whose user tokens expire: renewed before they do, and a refused renewal asks the person to
 * log in again.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import {
  configureOAuthApp,
  expireUserTokens,
  oauthExtras,
  revokeRefreshTokens,
} from '../../fakes/github/oauth.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { MemoryOAuthProvider, OAUTH_REDIRECT } from '../../harness/memory-oauth-provider.js';
import {
  Browser,
  GITHUB_CLIENT_ID,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;
const callback = () => `${server.url}/v1/auth/github/callback`;

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({ github, store: new MemoryStore() });
  configureOAuthApp(github.state, GITHUB_CLIENT_ID, { callbackUrl: callback() });
});
afterAll(async () => {
  await server?.close();
  await github?.close();
});

/** The MCP SDK client's login as `login` (GitHub approves at once); a connected client. */
async function mcpLogin(login: string) {
  github.state.oauthAutoLogin = login;
  const provider = new MemoryOAuthProvider('GitHub App test', 'st-1');
  const url = new URL(`${server.url}/mcp`);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await expect(
    client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider })),
  ).rejects.toBeInstanceOf(UnauthorizedError);
  const { url: back } = await new Browser().follow(provider.authUrl as URL, OAUTH_REDIRECT);
  const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await transport.finishAuth(back?.searchParams.get('code') ?? '');
  await client.connect(transport);
  return { client, provider };
}

const simulate = (client: Client) =>
  client.callTool({
    name: 'simulate_pr',
    arguments: { pr_url: 'https://github.com/acme/shop/pull/42' },
  });

describe('GitHub App user tokens', () => {
  it('are renewed with the refresh token before they expire; the expired one is never used', async () => {
    // Tokens that live 2 minutes: inside the server's renewal margin from the start.
    configureOAuthApp(github.state, GITHUB_CLIENT_ID, { mode: 'github-app', tokenTtlSeconds: 120 });
    try {
      const { client } = await mcpLogin('alice');
      const [first] = expireUserTokens(github.state, 'alice');
      expect(first).toMatch(/^ghu_/);
      const refreshesBefore = oauthExtras(github.state).exchanges.filter(
        (e) => e.grantType === 'refresh_token',
      ).length;

      const started = await simulate(client);
      expect(started.isError).toBeFalsy();
      const refreshes = oauthExtras(github.state).exchanges.filter(
        (e) => e.grantType === 'refresh_token',
      );
      expect(refreshes.length).toBeGreaterThan(refreshesBefore);
      expect(refreshes.at(-1)?.error).toBeNull();
      const dispatch = github.state.requests
        .filter((r) => r.method === 'POST' && r.path.endsWith('/dispatches'))
        .at(-1);
      expect(dispatch).toMatchObject({ login: 'alice', status: 200 });
      await client.close();
    } finally {
      configureOAuthApp(github.state, GITHUB_CLIENT_ID, { mode: 'oauth-app' });
    }
  });

  it('a refused renewal answers 401 asking to log in again, and a new login works', async () => {
    configureOAuthApp(github.state, GITHUB_CLIENT_ID, { mode: 'github-app', tokenTtlSeconds: 120 });
    try {
      const { client, provider } = await mcpLogin('bob');
      revokeRefreshTokens(github.state, 'bob');
      expireUserTokens(github.state, 'bob');
      const access = provider.saved?.access_token ?? '';
      const raw = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${access}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      });
      expect(raw.status).toBe(401);
      expect(raw.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const body = (await raw.json()) as { error: string; message: string };
      expect(body.error).toBe('github_login_expired');
      expect(body.message).toContain('log in again');
      // Our own refresh token no longer gets around it: the SDK client must log in again.
      await expect(simulate(client)).rejects.toThrow(/log in again/);
      await client.close();

      const again = await mcpLogin('bob');
      expect((await simulate(again.client)).isError).toBeFalsy();
      await again.client.close();
    } finally {
      configureOAuthApp(github.state, GITHUB_CLIENT_ID, { mode: 'oauth-app' });
    }
  });
});

describe('OAuth errors named for what they are', () => {
  it('a wrong client secret is the server misconfigured (502), not a spent code', async () => {
    const bad = await startServer({
      github,
      store: new MemoryStore(),
      env: { GITHUB_CLIENT_SECRET: 'not-the-secret' },
    });
    configureOAuthApp(github.state, GITHUB_CLIENT_ID, {
      callbackUrl: `${bad.url}/v1/auth/github/callback`,
    });
    try {
      github.state.oauthAutoLogin = 'alice';
      const { last } = await new Browser().follow(`${bad.url}/v1/auth/github`, 'never:');
      expect(last.status).toBe(502);
      const body = (await last.json()) as { error: string; message: string };
      expect(body.error).toBe('github_oauth_misconfigured');
      expect(body.message).toContain('incorrect_client_credentials');
      expect(body.message).toContain('GITHUB_CLIENT_SECRET');
      expect(oauthExtras(github.state).exchanges.at(-1)?.error).toBe(
        'incorrect_client_credentials',
      );
    } finally {
      configureOAuthApp(github.state, GITHUB_CLIENT_ID, { callbackUrl: callback() });
      await bad.close();
    }
  });

  it("a PUBLIC_URL that is not the app's callback: GitHub answers redirect_uri_mismatch, named as misconfiguration", async () => {
    const wrong = await startServer({
      github,
      store: new MemoryStore(),
      env: { PUBLIC_URL: 'http://localhost:9' },
    });
    // The app's callback is on the address people really reach; PUBLIC_URL says otherwise.
    const real = `http://127.0.0.1:${new URL(wrong.url).port}`;
    configureOAuthApp(github.state, GITHUB_CLIENT_ID, {
      callbackUrl: `${real}/v1/auth/github/callback`,
    });
    try {
      github.state.oauthAutoLogin = 'alice';
      const browser = new Browser();
      const start = await browser.request(`${real}/v1/auth/github`);
      const atGitHub = await browser.request(start.headers.get('location') ?? '');
      const back = new URL(atGitHub.headers.get('location') ?? '');
      expect(back.origin + back.pathname).toBe(`${real}/v1/auth/github/callback`);
      expect(back.searchParams.get('error')).toBe('redirect_uri_mismatch');
      const res = await browser.request(back);
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ error: 'github_oauth_misconfigured' });
    } finally {
      configureOAuthApp(github.state, GITHUB_CLIENT_ID, { callbackUrl: callback() });
      await wrong.close();
    }
  });

  it('a spent GitHub code is the person’s to retry (400 invalid_grant)', async () => {
    github.state.oauthAutoLogin = 'alice';
    const browser = new Browser();
    const start = await browser.request(`${server.url}/v1/auth/github`);
    const atGitHub = await browser.request(start.headers.get('location') ?? '');
    const back = new URL(atGitHub.headers.get('location') ?? '');
    expect((await browser.request(back)).status).toBe(200);
    const again = await browser.request(`${server.url}/v1/auth/github`);
    const state = new URL(again.headers.get('location') ?? '').searchParams.get('state') ?? '';
    back.searchParams.set('state', state);
    const replay = await browser.request(back);
    expect(replay.status).toBe(400);
    const body = (await replay.json()) as { error: string; message: string };
    expect(body).toMatchObject({ error: 'invalid_grant' });
    expect(body.message).toContain('expired or was already used');
  });
});

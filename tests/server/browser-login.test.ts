/**
 * The logins people do, in real Chromium (CSP and cookies enforced) with the MCP SDK's own
 * client: first login (consent clicked), second login (consent remembered), Deny and Cancel at
 * GitHub coming back to the client as `access_denied`, a client named by its metadata
 * document, the REST login, the `workflow` upgrade, and our error pages.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import { configureOAuthApp } from '../../fakes/github/oauth.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import {
  GITHUB_CLIENT_ID,
  api,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';
import {
  LoopbackProvider,
  browserLogin,
  finishLogin,
  launchChromium,
  startCallbackServer,
  startMetadataServer,
} from './login-helpers.js';

let github: FakeGitHub;
let server: RunningServer;
let store: MemoryStore;
let chromium: Browser;
let callback: Awaited<ReturnType<typeof startCallbackServer>>;
let context: BrowserContext;
let page: Page;
let mcpUrl: string;

beforeAll(async () => {
  github = await startGitHub();
  store = new MemoryStore();
  // Client metadata documents on 127.0.0.1 are allowed only by this development setting.
  server = await startServer({ github, store, env: { CLIENT_METADATA_ALLOW_LOCAL: 'true' } });
  configureOAuthApp(github.state, GITHUB_CLIENT_ID, {
    callbackUrl: `${server.url}/v1/auth/github/callback`,
  });
  mcpUrl = `${server.url}/mcp`;
  [chromium, callback] = await Promise.all([launchChromium(), startCallbackServer()]);
});

afterAll(async () => {
  await chromium?.close();
  await callback?.close();
  await server?.close();
  await github?.close();
});

beforeEach(async () => {
  github.state.oauthAutoLogin = null;
  context = await chromium.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

describe('MCP login in Chromium', () => {
  it('first login: the consent page, Allow, GitHub sign-in, back to the client, tools work', async () => {
    const headers: Record<string, string>[] = [];
    page.on('response', (res) => {
      if (res.url().startsWith(`${server.url}/oauth/authorize`)) headers.push(res.headers());
    });
    const { params, provider, sawConsent } = await browserLogin(page, mcpUrl, callback, {
      github: { login: 'alice' },
    });
    expect(sawConsent).toBe(true);
    expect(params.get('error')).toBeNull();
    expect(params.get('state')).toBe(provider.state());
    expect(params.get('iss')).toBe(server.url);
    // The consent page kept every header, with a form-action naming exactly where it leads.
    const csp = headers[0]?.['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`form-action 'self' ${github.url} ${callback.url};`);
    expect(headers[0]?.['x-frame-options']).toBe('DENY');
    expect(headers[0]?.['referrer-policy']).toBe('no-referrer');

    const client = await finishLogin(mcpUrl, provider, params.get('code') ?? '');
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('simulate_pr');
    await client.close();
  });

  it('second login in the same browser: no consent page, straight back to the client', async () => {
    github.state.oauthAutoLogin = 'alice';
    const provider = new LoopbackProvider(`${callback.url}/callback`);
    const first = await browserLogin(page, mcpUrl, callback, {}, provider);
    expect(first.sawConsent).toBe(true);
    const second = await browserLogin(page, mcpUrl, callback, {}, provider);
    expect(second.sawConsent).toBe(false);
    expect(second.params.get('code')).toMatch(/^mfc_code_/);
    const client = await finishLogin(mcpUrl, provider, second.params.get('code') ?? '');
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  it('Deny on the consent page comes back to the client as access_denied', async () => {
    const { params, provider } = await browserLogin(page, mcpUrl, callback, { consent: 'Deny' });
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(provider.state());
    expect(params.get('code')).toBeNull();
  });

  it('Cancel at GitHub comes back to the client as access_denied', async () => {
    const { params, provider } = await browserLogin(page, mcpUrl, callback, { github: 'cancel' });
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toContain('declined');
    expect(params.get('state')).toBe(provider.state());
  });

  it('a client named by its metadata document: fetched, shown by host, logged in', async () => {
    const metadata = await startMetadataServer((clientId) => ({
      client_id: clientId,
      client_name: 'Docs Client',
      redirect_uris: [`${callback.url}/callback`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }));
    try {
      const asm = await api(server, 'GET', '/.well-known/oauth-authorization-server');
      expect(asm.body.client_id_metadata_document_supported).toBe(true);
      const clientId = `${metadata.url}/client.json`;
      const provider = new LoopbackProvider(`${callback.url}/callback`, clientId);
      const pages: string[] = [];
      page.on('response', (res) => {
        if (res.url().startsWith(`${server.url}/oauth/authorize`))
          void res.text().then(
            (t) => pages.push(t),
            () => undefined,
          );
      });
      const { params } = await browserLogin(
        page,
        mcpUrl,
        callback,
        { github: { login: 'alice' } },
        provider,
      );
      expect(provider.info?.client_id).toBe(clientId);
      const consent = pages.join('');
      expect(consent).toContain('Docs Client');
      expect(consent).toContain(`from <code>${new URL(metadata.url).host}</code>`);
      const client = await finishLogin(mcpUrl, provider, params.get('code') ?? '');
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
      // Cached by its Cache-Control: one fetch served the consent, the callback and the token.
      expect(metadata.fetches).toBe(1);
    } finally {
      await metadata.close();
    }
  });
});

describe('other pages people see, in Chromium', () => {
  it('the REST login lands on the session JSON, which works on the API', async () => {
    await page.goto(`${server.url}/v1/auth/github`);
    await page.getByLabel('Username').fill('bob');
    await Promise.all([
      page.waitForURL(/\/v1\/auth\/github\/callback/),
      page.getByRole('button', { name: 'Authorize' }).click(),
    ]);
    const body = JSON.parse(await page.locator('body').innerText()) as {
      token: string;
      user: { github_username: string };
    };
    expect(body.user.github_username).toBe('bob');
    const list = await api(server, 'GET', '/v1/simulations', { token: body.token });
    expect(list.status).toBe(200);
  });

  it('a consent page left open past its login request ends on our "Login expired" page', async () => {
    const reg = await api(server, 'POST', '/oauth/register', {
      body: {
        client_name: 'Slow',
        redirect_uris: [`${callback.url}/callback`],
        token_endpoint_auth_method: 'none',
      },
    });
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: String(reg.body.client_id),
      redirect_uri: `${callback.url}/callback`,
      code_challenge: 'c'.repeat(43),
      code_challenge_method: 'S256',
    });
    await page.goto(`${server.url}/oauth/authorize?${q}`);
    const requestId = await page.locator('input[name="request_id"]').getAttribute('value');
    await store.deleteRecord(`AUTHREQ#${requestId}`); // what its 10-minute expiry does
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/oauth/consent')),
      page.getByRole('button', { name: 'Allow and sign in with GitHub' }).click(),
    ]);
    expect(res.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Login expired',
    );
  });

  it('an unknown client gets our error page, with its headers, and no redirect', async () => {
    const res = await page.goto(
      `${server.url}/oauth/authorize?client_id=nope&redirect_uri=https://evil.example/cb&response_type=code`,
    );
    expect(res?.status()).toBe(400);
    expect(page.url()).toContain(`${server.url}/oauth/authorize`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Unknown application',
    );
    expect(res?.headers()['content-security-policy']).toContain("form-action 'self'");
  });

  it('an unapproved client asking response_type=token is refused on our page, never sent to its URI', async () => {
    const reg = await api(server, 'POST', '/oauth/register', {
      body: {
        client_name: 'evil',
        redirect_uris: ['https://evil.example/cb'],
        token_endpoint_auth_method: 'none',
      },
    });
    const visited: string[] = [];
    page.on('request', (req) => visited.push(req.url()));
    const res = await page.goto(
      `${server.url}/oauth/authorize?client_id=${String(reg.body.client_id)}&redirect_uri=https://evil.example/cb&response_type=token`,
    );
    expect(res?.status()).toBe(400);
    await expect(page.locator('body').innerText()).resolves.toContain(
      'Only response_type=code is supported',
    );
    expect(visited.some((u) => u.startsWith('https://evil.example'))).toBe(false);
  });

  it('the workflow upgrade: GitHub is asked for repo and workflow, the new token is stored, a page says done', async () => {
    const asked: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/login/oauth/authorize'))
        asked.push(new URL(req.url()).searchParams.get('scope') ?? '');
    });
    await page.goto(`${server.url}/auth/github/upgrade?scope=workflow`);
    await page.getByLabel('Username').fill('carol');
    await Promise.all([
      page.waitForURL(/callback/),
      page.getByRole('button', { name: 'Authorize' }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'Done: workflow permission added',
    );
    await expect(page.locator('body').innerText()).resolves.toContain(
      'go back to your chat client',
    );
    expect(asked[0]).toBe('repo workflow');
    const carol = github.state.users.find((u) => u.login === 'carol');
    const user = await store.getUser(carol?.id ?? 0);
    expect(user?.scopes).toEqual(expect.arrayContaining(['repo', 'workflow']));

    const other = await page.goto(`${server.url}/auth/github/upgrade?scope=admin:org`);
    expect(other?.status()).toBe(400);
  });

  it('Cancel during the workflow upgrade ends on our page saying nothing was added', async () => {
    await page.goto(`${server.url}/auth/github/upgrade?scope=workflow`);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/v1/auth/github/callback')),
      page.getByRole('button', { name: 'Cancel' }).click(),
    ]);
    expect(res.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'GitHub permission not added',
    );
    await expect(page.locator('body').innerText()).resolves.toContain('You declined');
    expect(res.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

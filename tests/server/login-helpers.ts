/**
 * What the login tests in real Chromium share: Debian's Chromium, a desktop MCP client's
 * loopback callback server (it records what the browser brought back), a client metadata
 * document served over HTTPS with a throwaway self-signed certificate, and the MCP SDK client's
 * login driven through a Playwright page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MemoryOAuthProvider } from '../../harness/memory-oauth-provider.js';
import { CHROMIUM_FLAGS } from '../../src/simulation/browser/playwright-launch.js';

/** The engine's Chromium flags, as root (no sandbox). */
export const CHROMIUM_ARGS = ['--no-sandbox', ...CHROMIUM_FLAGS];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A small local server; `close` ends it and its connections. */
export interface LocalServer {
  url: string;
  close: () => Promise<void>;
}

function listen(
  server: http.Server | https.Server,
  scheme: 'http' | 'https',
): Promise<LocalServer> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A desktop client's loopback redirect URI: records each visit's query, answers a page. */
export async function startCallbackServer(): Promise<LocalServer & { visits: URLSearchParams[] }> {
  const visits: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/callback') visits.push(url.searchParams);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Done</title><h1>You can close this window.</h1>');
  });
  return { ...(await listen(server, 'http')), visits };
}

/** Serves `documentFor(url)` at `/client.json` over HTTPS (self-signed, made with openssl). */
export async function startMetadataServer(
  documentFor: (clientId: string) => Record<string, unknown>,
): Promise<LocalServer & { fetches: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-cimd-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat(
      ['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1'],
      ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    ),
    { stdio: 'ignore' },
  );
  const tls = {
    key: readFileSync(join(dir, 'key.pem')),
    cert: readFileSync(join(dir, 'cert.pem')),
  };
  rmSync(dir, { recursive: true, force: true });
  const state = { fetches: 0 };
  const server = https.createServer(tls, (req, res) => {
    state.fetches += 1;
    const port = (server.address() as AddressInfo).port;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' });
    res.end(JSON.stringify(documentFor(`https://127.0.0.1:${port}${req.url ?? '/'}`)));
  });
  const local = await listen(server, 'https');
  return Object.defineProperty({ ...local, fetches: 0 }, 'fetches', { get: () => state.fetches });
}

/** The in-memory provider of a desktop client whose redirect URI is a real loopback server. */
export class LoopbackProvider extends MemoryOAuthProvider {
  constructor(
    private readonly callbackUrl: string,
    readonly clientMetadataUrl?: string,
  ) {
    super('Test MCP client', `st-${Math.random().toString(36).slice(2)}`);
  }
  override get redirectUrl(): string {
    return this.callbackUrl;
  }
  override get clientMetadata(): OAuthClientMetadata {
    return { ...super.clientMetadata, redirect_uris: [this.callbackUrl] };
  }
}

/** How the person answers each page on the way, in the browser. */
export interface LoginChoices {
  consent?: 'Allow and sign in with GitHub' | 'Deny';
  /** Typed into GitHub's sign-in form, then Authorize; or Cancel there. */
  github?: { login: string } | 'cancel';
}

/**
 * Starts the MCP SDK client's login, lets `page` act as the person's browser until it reaches
 * the client's loopback callback, and returns what the callback received and the provider.
 */
export async function browserLogin(
  page: Page,
  mcpUrl: string,
  callback: Awaited<ReturnType<typeof startCallbackServer>>,
  choices: LoginChoices,
  provider = new LoopbackProvider(`${callback.url}/callback`),
): Promise<{ params: URLSearchParams; provider: LoopbackProvider; sawConsent: boolean }> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  await client.connect(transport).then(
    () => {
      throw new Error('connected without logging in');
    },
    (error: unknown) => {
      if (!(error instanceof UnauthorizedError)) throw error;
    },
  );
  const before = callback.visits.length;
  let sawConsent = false;
  const click = async (name: string) => {
    const from = page.url();
    await Promise.all([
      page.waitForURL((url) => url.toString() !== from, { timeout: 10_000 }),
      page.getByRole('button', { name }).click(),
    ]);
  };
  await page.goto(String(provider.authUrl));
  for (let step = 0; step < 4 && callback.visits.length === before; step++) {
    if (await page.getByRole('button', { name: 'Deny' }).isVisible()) {
      sawConsent = true;
      await click(choices.consent ?? 'Allow and sign in with GitHub');
    } else if (await page.getByRole('button', { name: 'Cancel' }).isVisible()) {
      if (choices.github === 'cancel') await click('Cancel');
      else {
        await page.getByLabel('Username').fill(choices.github?.login ?? 'alice');
        await click('Authorize');
      }
    } else break;
  }
  const params = callback.visits[callback.visits.length - 1];
  if (callback.visits.length === before || !params)
    throw new Error(
      `the browser never reached the client; it is at ${page.url()}: ${await page.locator('body').innerText()}`,
    );
  return { params, provider, sawConsent };
}

/** Finishes the SDK login with the code the browser brought back; returns a connected client. */
export async function finishLogin(mcpUrl: string, provider: LoopbackProvider, code: string) {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  await transport.finishAuth(code);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

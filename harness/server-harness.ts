/**
 * Harness of the server, shared by its tests, the loop's clients and the server bench: a fake
 * GitHub (OAuth app, users, a repo with a PR and the workflow), the real app served on 127.0.0.1,
 * a browser-like fetch with cookies that follows the login redirects (consent page included), log
 * capture, and report zips.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { strToU8, zipSync } from 'fflate';
import { DEFAULT_WORKFLOW_FILE, artifactName, type Report } from '../src/contract/index.js';
import { createApp, type AppDeps } from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';
import { createOctokitFactory } from '../server/github/octokit-client.js';
import { createLogger } from '../server/logger.js';
import { workflowTemplate } from '../server/jobs/workflow-template.js';
import type { Store } from '../server/store/store.js';
import { createFakeGitHub, type FakeGitHub } from '../fakes/github/server.js';
import { sampleReport } from '../fixtures/sample-report.js';
import { checkRestResponse } from './rest-contract.js';

export const GITHUB_CLIENT_ID = 'Iv1.testclientid';
export const GITHUB_CLIENT_SECRET = 'test-client-secret-value';
export const SIGNING_KEY = 'test-signing-key-0123456789abcdef-0123456789';
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** A fake GitHub seeded with acme/shop#42 (same-repo PR), a fork PR #7, and the workflow. */
export async function startGitHub(): Promise<FakeGitHub> {
  const gh = await createFakeGitHub();
  const s = gh.state;
  s.addOAuthApp(GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET);
  s.addUser('alice');
  s.addUser('bob');
  s.addPull('acme/shop', { number: 42, title: 'Add to cart button' });
  s.addPull('acme/shop', { number: 7, title: 'From a fork', headRepo: 'mallory/shop' });
  // The workflow users copy: the fake checks dispatches against its declared inputs.
  s.addFile('acme/shop', `.github/workflows/${DEFAULT_WORKFLOW_FILE}`, workflowTemplate());
  s.addRepo('acme/empty');
  return gh;
}

/** Captured log lines (raw JSON text). */
export class LogSink {
  lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  text(): string {
    return this.lines.join('');
  }
}

export interface RunningServer {
  url: string;
  config: Config;
  logs: LogSink;
  close: () => Promise<void>;
}

/** Builds the app from its dependencies: `createApp` (tests) or the production composition. */
export type ComposeApp = (deps: AppDeps) => {
  fetch: (req: Request, env: unknown) => Response | Promise<Response>;
};

/** Serves the real app on 127.0.0.1 (random port) against `github` and `store`. */
export async function startServer(options: {
  github: FakeGitHub;
  store: Store;
  env?: Record<string, string>;
  logs?: LogSink;
  /** The interface to listen on (127.0.0.1 unless a test needs others). */
  hostname?: string;
  compose?: ComposeApp;
}): Promise<RunningServer> {
  let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | null = null;
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const server = serve(
        {
          fetch: (req: Request, env: unknown) =>
            handler ? handler(req, env) : new Response('starting', { status: 503 }),
          hostname: options.hostname ?? '127.0.0.1',
          port: 0,
        },
        (info) => resolve({ server, port: (info as AddressInfo).port }),
      );
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PUBLIC_URL: url,
    GITHUB_CLIENT_ID,
    GITHUB_CLIENT_SECRET,
    GITHUB_API_URL: options.github.url,
    GITHUB_WEB_URL: options.github.url,
    ENCRYPTION_KEY,
    SIGNING_KEY,
    LOG_LEVEL: 'debug',
    // Every test request comes from 127.0.0.1; rate limits get their own test.
    AUTH_RATE_LIMIT_PER_IP: '100000',
    API_RATE_LIMIT_PER_USER: '100000',
    ...options.env,
  });
  const logs = options.logs ?? new LogSink();
  const logger = createLogger(config.logLevel, logs);
  const github = createOctokitFactory({
    apiUrl: config.github.apiUrl,
    timeoutMs: 10_000,
    logger,
    retries: 1,
  });
  const compose = options.compose ?? ((deps) => createApp({ ...deps, pollIntervalMs: 100 }));
  const app = compose({ config, store: options.store, github, logger });
  handler = (req, env) => app.fetch(req, env);
  return {
    url,
    config,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * A tiny browser: keeps cookies per host, follows redirects by hand, approves our consent page,
 * and stops at `stopAt` (the OAuth client's redirect URI), returning that URL.
 */
export class Browser {
  private readonly cookies = new Map<string, Map<string, string>>();

  private cookieHeader(url: URL): string {
    const jar = this.cookies.get(url.host);
    return jar ? [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  private remember(url: URL, res: Response): void {
    const jar = this.cookies.get(url.host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      if (i > 0) jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
    this.cookies.set(url.host, jar);
  }

  /** One request with this browser's cookies; no redirect following. */
  async request(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.remember(url, res);
    return res;
  }

  /** Follows redirects and the consent page until a URL starting with `stopAt`, or a final page. */
  async follow(
    start: string | URL,
    stopAt: string,
    decision: 'approve' | 'deny' = 'approve',
    /** The login typed into GitHub's sign-in form when it shows one. */
    githubLogin?: string,
  ): Promise<{ url: URL | null; last: Response }> {
    let next: { url: URL; init: RequestInit } = { url: new URL(start), init: {} };
    for (let hop = 0; hop < 15; hop++) {
      if (next.url.toString().startsWith(stopAt))
        return { url: next.url, last: new Response(null) };
      const res = await this.request(next.url, next.init);
      if (res.status >= 300 && res.status < 400) {
        next = { url: new URL(res.headers.get('location') ?? '', next.url), init: {} };
        continue;
      }
      const type = res.headers.get('content-type') ?? '';
      if (res.status === 200 && type.includes('html')) {
        const html = await res.text();
        const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(html);
        const isGitHubLogin = html.includes('name="login"');
        if (form && (html.includes('name="decision"') || (isGitHubLogin && githubLogin))) {
          const fields = new URLSearchParams();
          for (const m of (form[2] ?? '').matchAll(
            /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
          )) {
            fields.set(
              m[1] ?? '',
              (m[2] ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))),
            );
          }
          if (isGitHubLogin && githubLogin) fields.set('login', githubLogin);
          else fields.set('decision', decision);
          next = {
            url: new URL(form[1] ?? '', next.url),
            init: {
              method: 'POST',
              body: fields.toString(),
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            },
          };
          continue;
        }
        return {
          url: null,
          last: new Response(html, { status: res.status, headers: res.headers }),
        };
      }
      return { url: null, last: res };
    }
    throw new Error('too many redirects');
  }
}

/** Logs in through `/v1/auth/github` as `login`; returns the session token. */
export async function restLogin(
  server: RunningServer,
  github: FakeGitHub,
  login: string,
): Promise<string> {
  github.state.oauthAutoLogin = login;
  const browser = new Browser();
  const { last } = await browser.follow(`${server.url}/v1/auth/github`, 'never:');
  if (last.status !== 200) throw new Error(`login failed: ${last.status} ${await last.text()}`);
  const body = (await last.json()) as { token: string };
  return body.token;
}

/** A zip like the action's artifact, holding `report.json` (and a markdown file beside it). */
export function reportZip(report: Report | string = sampleReport()): Uint8Array {
  const text = typeof report === 'string' ? report : JSON.stringify(report, null, 2);
  return zipSync({ 'report.json': strToU8(text), 'report.md': strToU8('# report\n') });
}

/** The fake run dispatched for `jobId`. */
export function runOf(github: FakeGitHub, jobId: string) {
  const run = github.state.runs.find((r) => r.inputs.job_id === jobId);
  if (!run) throw new Error(`no run dispatched for ${jobId}`);
  return run;
}

/** Ends the run of `jobId` in the fake with a report artifact (as the action would). */
export function finishRun(
  github: FakeGitHub,
  jobId: string,
  report: Report | string = sampleReport(),
): void {
  github.state.completeRun(runOf(github, jobId).id, {
    conclusion: 'success',
    artifactZip: reportZip(report),
    artifactName: artifactName(jobId),
  });
}

/** JSON request helper. */
export async function api(
  server: RunningServer,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(options.raw !== undefined
      ? { body: options.raw }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  // Every answer of the REST API is checked against the OpenAPI document it publishes.
  await checkRestResponse(server.url, method, path, res.status, text ? body : undefined);
  return { status: res.status, body, headers: res.headers };
}

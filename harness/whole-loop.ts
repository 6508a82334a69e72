/**
 * The whole loop on one machine, shared by the end-to-end tests and `npm run sandbox`: a fake
 * GitHub holding a demo repository with open PRs (a real git repo with `refs/pull/N/head`), its
 * runner executing the real bundled action on dispatch, and the real server (MCP + OAuth + REST)
 * pointed at the fake for login and API, over an in-memory store or Upstash (a real
 * `redis-server` behind the Upstash REST emulator, or a real Upstash database).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { loadConfig, type Config } from '../server/config.js';
import { createOctokitFactory } from '../server/github/octokit-client.js';
import { createServerApp } from '../server/index.js';
import { createLogger } from '../server/logger.js';
import { MemoryStore } from '../server/store/memory-store.js';
import type { Store } from '../server/store/store.js';
import { UpstashStore } from '../server/store/upstash-store.js';
import { FakeRunner, type RunnerRun } from '../fakes/github/runner.js';
import { createDemoRepo, type DemoPullSpec, type DemoRepo } from '../fakes/github/demo-repo.js';
import { createFakeGitHub, type FakeGitHub } from '../fakes/github/server.js';
import {
  createUpstashEmulator,
  startRedisServer,
  type RedisServer,
  type UpstashEmulator,
} from '../fakes/upstash/server.js';

/** The demo repository's name on the fake GitHub. */
export const DEMO_REPO = 'acme/notebook';

/** The demo PRs: one clean, one with a planted bug (the Favourites link answers 404). */
export const DEMO_PULLS: DemoPullSpec[] = [
  {
    number: 1,
    variant: 'clean',
    title: 'Notes can be added to favourites',
    body: 'Adds a Favourites page, linked from the navigation, and an "Add to favourites" button on each note.',
  },
  {
    number: 2,
    variant: 'broken-link',
    title: 'Favourites page in the navigation',
    body: 'Adds a Favourites page, linked from the navigation, and an "Add to favourites" button on each note.',
  },
];

/** Where the server keeps its state. */
export type LoopStore =
  | { kind: 'memory' }
  /** A `redis-server` on a random port behind the Upstash REST emulator. */
  | { kind: 'local-redis' }
  /** A real Upstash database (UPSTASH_REDIS_REST_URL / _TOKEN). */
  | { kind: 'upstash'; url: string; token: string };

export interface LoopOptions {
  store?: LoopStore;
  /** Port of the server (0: a random one). */
  port?: number;
  /** PRs of the demo repo (default DEMO_PULLS). */
  pulls?: DemoPullSpec[];
  /** `with:` inputs every run of the action gets on top of the workflow's. */
  runnerWith?: Record<string, string>;
  /** Server env overrides (LOG_LEVEL, limits, …). */
  env?: Record<string, string>;
  /** Where server log lines go (default: kept in `logs`). */
  logSink?: { write: (line: string) => void };
  /** The fake GitHub's login the OAuth page approves at once (no login form). */
  autoLogin?: string | null;
  onRunEnd?: (run: RunnerRun) => void;
  /** Server's GitHub client retries (the server's default is 3). */
  githubRetries?: number;
  /** Poll interval of `get_simulation` waits (server default 2000 ms). */
  pollIntervalMs?: number;
}

/** Everything running. */
export interface Loop {
  github: FakeGitHub;
  runner: FakeRunner;
  demo: DemoRepo;
  /** Base URL of the server; the MCP endpoint is `${url}/mcp`. */
  url: string;
  config: Config;
  store: Store;
  logs: string[];
  redis: RedisServer | null;
  emulator: UpstashEmulator | null;
  /** The PR URL of a demo PR, as a user pastes it (github.com: the fake stands in for it). */
  prUrl: (number: number) => string;
  close: () => Promise<void>;
}

/** GitHub OAuth app of the fake (the server's GITHUB_CLIENT_ID / SECRET). */
const CLIENT_ID = 'Iv1.sandboxclient';

/** Starts the loop. Close it with `close()` (stops the runs, the server, Redis, the fake). */
export async function startLoop(options: LoopOptions = {}): Promise<Loop> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    const github = await createFakeGitHub();
    cleanups.push(() => github.close());
    const clientSecret = randomBytes(16).toString('hex');
    github.state.addOAuthApp(CLIENT_ID, clientSecret);
    github.state.oauthAutoLogin = options.autoLogin === undefined ? 'octocat' : options.autoLogin;

    const demo = await createDemoRepo(github.state, DEMO_REPO, options.pulls ?? DEMO_PULLS);
    cleanups.push(() => rm(demo.gitDir, { recursive: true, force: true }));
    const runner = new FakeRunner(github.state, {
      githubUrl: github.url,
      repos: new Map([[DEMO_REPO, demo.gitDir]]),
      with: { 'browser-path': '/usr/bin/chromium', ...options.runnerWith },
      ...(options.onRunEnd ? { onRunEnd: options.onRunEnd } : {}),
    }).attach();
    cleanups.push(() => runner.close());

    let redis: RedisServer | null = null;
    let emulator: UpstashEmulator | null = null;
    let store: Store;
    const storeOption = options.store ?? { kind: 'memory' };
    if (storeOption.kind === 'local-redis') {
      redis = await startRedisServer();
      const r = redis;
      cleanups.push(() => r.stop());
      emulator = await createUpstashEmulator(redis.url);
      const e = emulator;
      cleanups.push(() => e.close());
      store = new UpstashStore({ url: emulator.url, token: emulator.token });
    } else if (storeOption.kind === 'upstash') {
      store = new UpstashStore({ url: storeOption.url, token: storeOption.token });
    } else {
      store = new MemoryStore();
    }

    const logs: string[] = [];
    const sink = options.logSink ?? { write: (line: string) => void logs.push(line) };
    let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | null = null;
    const { server, port } = await new Promise<{
      server: ReturnType<typeof serve>;
      port: number;
    }>((resolve, reject) => {
      const server = serve(
        {
          fetch: (req: Request, env: unknown) =>
            handler ? handler(req, env) : new Response('starting', { status: 503 }),
          hostname: '127.0.0.1',
          port: options.port ?? 0,
        },
        (info) => resolve({ server, port: (info as AddressInfo).port }),
      );
      server.on('error', reject);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => resolve());
        }),
    );
    const url = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      PUBLIC_URL: url,
      GITHUB_CLIENT_ID: CLIENT_ID,
      GITHUB_CLIENT_SECRET: clientSecret,
      GITHUB_API_URL: github.url,
      GITHUB_WEB_URL: github.url,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SIGNING_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
      // Every request of this machine comes from 127.0.0.1.
      AUTH_RATE_LIMIT_PER_IP: '100000',
      API_RATE_LIMIT_PER_USER: '100000',
      ...options.env,
    });
    const logger = createLogger(config.logLevel, sink);
    const octokit = createOctokitFactory({
      apiUrl: config.github.apiUrl,
      timeoutMs: 15_000,
      logger,
      ...(options.githubRetries !== undefined ? { retries: options.githubRetries } : {}),
    });
    const app = createServerApp({
      config,
      store,
      github: octokit,
      logger,
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    });
    handler = (req, env) => app.fetch(req, env);

    return {
      github,
      runner,
      demo,
      url,
      config,
      store,
      logs,
      redis,
      emulator,
      prUrl: (n) => `https://github.com/${DEMO_REPO}/pull/${n}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Serves the server as production composes it (`createServerApp`: in-process caches, client
 * addresses from the configuration) on 127.0.0.1, with the test harness's configuration.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../server/config.js';
import { createOctokitFactory } from '../../server/github/octokit-client.js';
import { createServerApp } from '../../server/index.js';
import { createLogger } from '../../server/logger.js';
import type { Store } from '../../server/store/store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import {
  ENCRYPTION_KEY,
  GITHUB_CLIENT_ID,
  GITHUB_CLIENT_SECRET,
  LogSink,
  SIGNING_KEY,
  type RunningServer,
} from '../../loop/server-harness.js';

/** Serves `createServerApp` over `store` against `github`; `env` overrides the harness's. */
export async function serveComposed(options: {
  github: FakeGitHub;
  store: Store;
  env?: Record<string, string>;
}): Promise<RunningServer & { app: ReturnType<typeof createServerApp> }> {
  let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | null = null;
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const server = serve(
        {
          fetch: (req: Request, env: unknown) =>
            handler ? handler(req, env) : new Response('starting', { status: 503 }),
          hostname: '0.0.0.0',
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
    LOG_LEVEL: 'info',
    AUTH_RATE_LIMIT_PER_IP: '100000',
    API_RATE_LIMIT_PER_USER: '100000',
    ...options.env,
  });
  const logs = new LogSink();
  const logger = createLogger(config.logLevel, logs);
  const github = createOctokitFactory({
    apiUrl: config.github.apiUrl,
    timeoutMs: 10_000,
    logger,
    retries: 1,
  });
  const app = createServerApp({ config, store: options.store, github, logger });
  handler = (req, env) => app.fetch(req, env);
  return {
    url,
    config,
    logs,
    app,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

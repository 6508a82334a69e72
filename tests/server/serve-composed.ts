/**
 * Serves the server as production composes it (`createServerApp`: in-process caches, client
 * addresses from the configuration), with the test harness's configuration, on all interfaces
 * (client-address tests connect from other loopback source addresses).
 */
import { createServerApp } from '../../server/index.js';
import type { Store } from '../../server/store/store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { startServer, type RunningServer } from '../../harness/server-harness.js';

/** Serves `createServerApp` over `store` against `github`; `env` overrides the harness's. */
export async function serveComposed(options: {
  github: FakeGitHub;
  store: Store;
  env?: Record<string, string>;
}): Promise<RunningServer & { app: ReturnType<typeof createServerApp> }> {
  let app: ReturnType<typeof createServerApp> | null = null;
  const server = await startServer({
    ...options,
    env: { LOG_LEVEL: 'info', ...options.env },
    hostname: '0.0.0.0',
    compose: (deps) => (app = createServerApp(deps)),
  });
  if (!app) throw new Error('the server was not composed');
  return { ...server, app };
}

/**
 * The server as one fetch handler, with no side effects on import: Bun (`bun server/index.ts`)
 * and Deno (`deno serve server/index.ts`) serve its default export as it is. Node starts from
 * `server/node.ts`, Cloudflare Workers from `server/worker.ts`; both build the app here.
 */
import { createApp, type AppDeps } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createOctokitFactory } from './github/octokit-client.js';
import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from './logger.js';
import { CachingStore } from './store/caching-store.js';
import { MemoryStore } from './store/memory-store.js';
import type { Store } from './store/store.js';
import { UpstashStore } from './store/upstash-store.js';

type Env = Record<string, string | undefined>;

/**
 * The app over a store with the in-process caches in front of it (terminal jobs, reports,
 * users for `config.authCacheSeconds`).
 */
export function createServerApp(deps: AppDeps): ReturnType<typeof createApp> {
  const userTtlMs = deps.config.authCacheSeconds * 1000;
  return createApp({ ...deps, store: new CachingStore(deps.store, { userTtlMs }) });
}

/** Builds the app from an environment (process.env, or a serverless host's bindings). */
export function buildFromEnv(
  env: Env,
  options: { clientAddress?: AppDeps['clientAddress']; logDestination?: DestinationStream } = {},
): { app: ReturnType<typeof createApp>; config: Config; logger: Logger } {
  const { logDestination, ...rest } = options;
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel, logDestination);
  let store: Store;
  if (config.upstash) {
    store = new UpstashStore(config.upstash);
  } else {
    logger.warn(
      'UPSTASH_REDIS_REST_URL/TOKEN are not set: using the in-memory store. Jobs and logins are lost on restart and not shared between instances.',
    );
    store = new MemoryStore();
  }
  const github = createOctokitFactory({
    apiUrl: config.github.apiUrl,
    timeoutMs: config.github.timeoutMs,
    logger,
  });
  const app = createServerApp({ config, store, github, logger, ...rest });
  return { app, config, logger };
}

/** The host's environment variables, where the runtime has them (Workers may have none). */
export function processEnv(): Env {
  const proc = (globalThis as { process?: { env?: Env } }).process;
  return { ...(proc?.env ?? {}) };
}

/**
 * Builds on first use and keeps the result. A bad configuration answers 500, and each such
 * request logs every bad variable by name (the client is not told which), until it is fixed.
 */
export function lazyApp(
  build: () => ReturnType<typeof buildFromEnv>,
): () => ReturnType<typeof buildFromEnv> | Response {
  let built: ReturnType<typeof buildFromEnv> | null = null;
  return () => {
    try {
      built ??= build();
      return built;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(JSON.stringify({ level: 60, msg: error.message, problems: error.problems }));
      const message = 'The server is misconfigured: its log names every variable to fix.';
      return Response.json({ error: 'server_misconfigured', message }, { status: 500 });
    }
  };
}

const app = lazyApp(() => buildFromEnv(processEnv()));

/**
 * The fetch handler Bun and Deno serve, built on first request from the environment. Their
 * second argument (Bun's server, Deno's connection info) gives the client's address.
 */
export default {
  fetch(request: Request, info?: unknown): Response | Promise<Response> {
    const built = app();
    return built instanceof Response ? built : built.app.fetch(request, info);
  },
};

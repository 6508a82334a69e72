/**
 * Entry point: builds the app from the environment. `npm run server` serves it on Node; the
 * default export's `fetch` serves it on serverless hosts (Vercel, Cloudflare, Deno, Bun).
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createOctokitFactory } from './github/octokit-client.js';
import { createLogger, type Logger } from './logger.js';
import { MemoryStore } from './store/memory-store.js';
import type { Store } from './store/store.js';
import { UpstashStore } from './store/upstash-store.js';

/** Builds the app from an environment (also used by serverless adapters). */
export function buildFromEnv(env: Record<string, string | undefined> = process.env): {
  app: ReturnType<typeof createApp>;
  config: Config;
  logger: Logger;
} {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
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
  return { app: createApp({ config, store, github, logger }), config, logger };
}

let cached: ReturnType<typeof buildFromEnv> | null = null;

/** A fetch handler for serverless hosts (built on first use from process.env). */
export default {
  fetch(request: Request, env?: unknown, ctx?: unknown): Response | Promise<Response> {
    cached ??= buildFromEnv();
    return cached.app.fetch(request, env, ctx as never);
  },
};

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  try {
    const { app, config, logger } = buildFromEnv();
    const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
      logger.info(
        { port: info.port, public_url: config.publicUrl, mcp: `${config.publicUrl}/mcp` },
        'myfav-coworker server listening',
      );
    });
    const stop = () => server.close(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

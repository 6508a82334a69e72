/** The Node entry (`npm run server`, the container): serves the app with `@hono/node-server`. */
import { serve } from '@hono/node-server';
import { ConfigError } from './config.js';
import { buildFromEnv } from './index.js';
import { batchedDestination } from './log-destination.js';

try {
  const logs = batchedDestination();
  const { app, config, logger } = buildFromEnv(process.env, { logDestination: logs });
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    logger.info(
      { port: info.port, public_url: config.publicUrl, mcp: `${config.publicUrl}/mcp` },
      'myfav-coworker server listening',
    );
  });
  // Lines of the last requests are still on their way to stdout: exit once they are out.
  const stop = () => server.close(() => void logs.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

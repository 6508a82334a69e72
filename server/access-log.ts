/**
 * The access line, one per request once its answer is ready (refusals and errors included):
 * `{correlation_id, method, path, status, ms, msg: "request"}` through the request's logger.
 * The path only, never the query (OAuth callbacks carry codes there), with token-shaped parts
 * masked.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.js';
import { maskSecrets } from './logger.js';

/** Logs each request's access line; runs inside `correlationId()`. */
export function accessLog() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = Date.now();
    await next();
    c.var.log.info(
      {
        method: c.req.method,
        path: maskSecrets(c.req.path),
        status: c.res.status,
        ms: Date.now() - started,
      },
      'request',
    );
  });
}

/**
 * The first middleware: every request gets a correlation id (the caller's `X-Correlation-Id`
 * when well formed, else a new one), a logger bound to it, and the id echoed on its answer,
 * refusals and errors included.
 */
import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.js';
import type { Logger } from './logger.js';

const WELL_FORMED = /^[A-Za-z0-9._-]{8,64}$/;

/** Sets `correlationId` and `log` for the request, and the response's `X-Correlation-Id`. */
export function correlationId(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const given = c.req.header('x-correlation-id');
    const id = given && WELL_FORMED.test(given) ? given : randomUUID();
    c.set('correlationId', id);
    c.set('log', logger.child({ correlation_id: id }));
    // From the root, not from `log`: a child of a child turns its parent into a prototype, which
    // V8 then rebuilds; done for every request, that costs more than the child itself.
    c.set('logWith', (bindings) => logger.child({ correlation_id: id, ...bindings }));
    // Before the handler, so the answer Hono builds (`c.json`, refusals) carries it from the
    // start: set on a finished answer, Hono copies that answer into a new stream-backed Response.
    c.header('X-Correlation-Id', id);
    await next();
    // A Response the handler built itself (the MCP SDK's) does not carry prepared headers.
    if (!c.res.headers.has('X-Correlation-Id')) c.header('X-Correlation-Id', id);
  });
}

/**
 * What every request carries from its first byte to its access line: a correlation id (the
 * caller's `X-Correlation-Id` when well formed, else a new one), echoed on the response, and a
 * logger bound to it.
 *
 * It is attached around the app's `fetch` rather than as Hono middleware: any middleware on `*`
 * sends every request through Hono's `compose`, an async function and a promise per layer, and
 * takes away the path where a route with a single handler answers synchronously and the Node
 * adapter writes the response in the same turn.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Context, Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import type { AccessEntry } from './access-log.js';
import type { AppEnv } from './context.js';
import { createLogger, type Logger } from './logger.js';

/** One request's correlation id and loggers. */
interface RequestScope {
  correlationId: string;
  root: Logger;
  log?: Logger;
}

const scopes = new WeakMap<Request, RequestScope>();

const WELL_FORMED = /^[A-Za-z0-9._-]{8,64}$/;

let unscoped: Logger | undefined;

/**
 * The request's scope. Every request the app sees comes through the wrapped `fetch`; one that
 * did not (the app mounted inside another, whose `fetch` bypasses this one) still gets an id,
 * and its lines go to stdout through a logger of its own rather than being lost.
 */
function scopeOf(c: Context): RequestScope {
  let scope = scopes.get(c.req.raw);
  if (!scope) {
    scope = { correlationId: randomUUID(), root: (unscoped ??= createLogger('info')) };
    scopes.set(c.req.raw, scope);
  }
  return scope;
}

/** The request's correlation id. */
export function correlationIdOf(c: Context): string {
  return scopeOf(c).correlationId;
}

/**
 * The request's logger: every line it writes carries `correlation_id`. Made on first use, so
 * ask for it when there is something to log (a cached read has nothing but its access line).
 */
export function requestLog(c: Context): Logger {
  const scope = scopeOf(c);
  return (scope.log ??= scope.root.child({ correlation_id: scope.correlationId }));
}

/**
 * On Node the header goes on the ServerResponse, which merges it into the head the adapter
 * writes (through the Response it would take the adapter off its plain-object path); elsewhere
 * on the Response, or on a copy when its headers are immutable (a fetched Response's are).
 */
function echo(res: Response, env: unknown, correlationId: string): Response {
  if ((env as { outgoing?: ServerResponse } | undefined)?.outgoing) return res;
  try {
    res.headers.set('X-Correlation-Id', correlationId);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    copy.headers.set('X-Correlation-Id', correlationId);
    return copy;
  }
}

/**
 * Wraps `app.fetch` (which `app.request` and every host call): each request gets its scope and
 * `X-Correlation-Id`, and one access line once its response is ready.
 */
export function attachRequestScope(
  app: Hono<AppEnv>,
  logger: Logger,
  logAccess: (entry: AccessEntry) => void,
): Hono<AppEnv> {
  const inner = app.fetch;
  const finish = (
    request: Request,
    env: unknown,
    correlationId: string,
    started: number,
    res: Response,
  ): Response => {
    logAccess({
      correlationId,
      method: request.method,
      path: getPath(request),
      status: res.status,
      ms: Date.now() - started,
    });
    return echo(res, env, correlationId);
  };
  const fetch = (request: Request, env?: unknown, executionCtx?: unknown) => {
    const given = request.headers.get('x-correlation-id');
    const correlationId = given && WELL_FORMED.test(given) ? given : randomUUID();
    scopes.set(request, { correlationId, root: logger });
    (env as { outgoing?: ServerResponse } | undefined)?.outgoing?.setHeader(
      'X-Correlation-Id',
      correlationId,
    );
    const started = Date.now();
    const res = inner(request, env, executionCtx as never);
    if (!(res instanceof Promise)) return finish(request, env, correlationId, started, res);
    return res.then((ready) => finish(request, env, correlationId, started, ready));
  };
  app.fetch = fetch as typeof app.fetch;
  return app;
}

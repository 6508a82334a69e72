/**
 * Guards: the checks a request passes before its handler (who is calling, their rate limit,
 * their GitHub token), run as plain function calls inside one route handler.
 *
 * As Hono middleware each check would be a layer of `compose`, an async function and a promise
 * per layer even when it decides from memory, as the hot reads' checks do. Here a guard returns
 * at once when it can, and a route whose guards and handler all answer from memory answers
 * without a promise, which the Node adapter writes in the same turn.
 */
import type { Context, Handler, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';

/**
 * A check before a handler: nothing to let the request on, a Response to answer it instead
 * (a refusal), or a thrown error for the app's error handler; a promise only when it must wait.
 */
export type Guard = (c: Context<AppEnv>) => GuardResult | Promise<GuardResult>;

type GuardResult = Response | undefined;

/** What a handler behind guards answers. */
export type GuardedHandler = (c: Context<AppEnv>) => Response | Promise<Response>;

/** Runs `guards` from `from` on, then `handler`; synchronous until a step returns a promise. */
function runFrom(
  c: Context<AppEnv>,
  guards: readonly Guard[],
  handler: GuardedHandler,
  from: number,
): Response | Promise<Response> {
  for (let i = from; i < guards.length; i += 1) {
    const result = guards[i]!(c);
    if (result instanceof Promise) {
      return result.then((refusal) => refusal ?? runFrom(c, guards, handler, i + 1));
    }
    if (result) return result;
  }
  return handler(c);
}

/** One Hono handler: the guards in order, then `handler`. */
export function withGuards(guards: readonly Guard[], handler: GuardedHandler): Handler<AppEnv> {
  return (c) => runFrom(c, guards, handler, 0);
}

/** A guard as middleware, for checks that cover a whole group of routes. */
export function guardMiddleware(guard: Guard): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const refusal = await guard(c);
    if (refusal) return refusal;
    await next();
  };
}

/**
 * Fixed-window rate limits kept in the store (so they hold across instances), keyed per IP on
 * the auth endpoints and per user on the API — never one global bucket for everyone.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { RateLimitError } from '../errors.js';
import type { Store } from '../store/store.js';

export interface RateLimitOptions {
  store: Store;
  /** Requests allowed per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
  clock: () => number;
  /** The bucket of a request (an IP, a user id). */
  key: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string;
  name: string;
}

/** A middleware that answers 429 (with Retry-After) past `limit` requests per window. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (options.limit > 0) {
      const window = Math.floor(options.clock() / 1000 / options.windowSeconds);
      const bucket = `RL#${options.name}#${options.key(c)}#${window}`;
      const count = await options.store.increment(bucket, options.windowSeconds);
      if (count > options.limit) {
        const retryAfter =
          (window + 1) * options.windowSeconds - Math.floor(options.clock() / 1000);
        c.header('Retry-After', String(Math.max(1, retryAfter)));
        throw new RateLimitError(
          `Too many requests; try again in ${Math.max(1, retryAfter)} s.`,
          Math.max(1, retryAfter),
        );
      }
    }
    await next();
  };
}

/** The peer address of a request (Node server), or a fixed bucket when unknown. */
export function clientIp(c: { env: unknown }): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

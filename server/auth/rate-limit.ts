/**
 * Fixed-window rate limits that hold across instances without a store round trip per request,
 * keyed per client address on the auth endpoints and per user on the API (never one bucket for
 * everyone).
 *
 * Each instance counts locally and adds its count to the shared counter in the store, reading
 * back the total of all instances, once `syncMs` has passed or once its unshared count reaches a
 * tenth of what is left of the limit, whichever comes first. So a busy bucket far from its limit
 * costs one round trip per second, while close to the limit every request syncs and the limit is
 * exact across instances; together, instances can overshoot by at most a tenth of what was left
 * at their last sync. A bucket found over the limit is refused locally until its window ends, so
 * refused traffic costs no round trip either.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from '../context.js';
import { refusal } from '../errors.js';
import type { Store } from '../store/store.js';

/** How often an instance adds its local counts to the shared counter, by default. */
export const DEFAULT_SYNC_MS = 1000;

export interface RateLimitOptions {
  store: Store;
  /** Requests allowed per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
  clock: () => number;
  /** The bucket of a request (a client address, a user id). */
  key: (c: Context<AppEnv>) => string;
  name: string;
  /** Longest time local counts stay unshared (default 1 s). */
  syncMs?: number;
}

interface Bucket {
  /** The shared total at the last sync (this instance's synced counts included). */
  known: number;
  /** Counted here since the last sync. */
  pending: number;
  syncedAt: number;
  /** Over the limit by the shared count: refused here until the window ends. */
  blocked: boolean;
  inflight: Promise<void> | null;
}

/** The best known total of a bucket's window. */
function totalOf(bucket: Bucket): number {
  return bucket.blocked ? bucket.known : bucket.known + bucket.pending;
}

/** Counts a request in its bucket; throws a 429 refusal (with Retry-After) past the limit. */
export type Limiter = (c: Context<AppEnv>) => Promise<void>;

/** The limiter of `options`: a request past `limit` in its window is refused with 429. */
export function limiter(options: RateLimitOptions): Limiter {
  const syncMs = options.syncMs ?? DEFAULT_SYNC_MS;
  const buckets = new LRUCache<string, Bucket>({ max: 100_000 });

  const sync = (key: string, bucket: Bucket): Promise<void> => {
    bucket.inflight ??= (async () => {
      const by = bucket.pending;
      bucket.pending = 0;
      try {
        bucket.known = await options.store.increment(key, options.windowSeconds, by);
        bucket.syncedAt = options.clock();
        if (bucket.known > options.limit) bucket.blocked = true;
      } catch (error) {
        bucket.pending += by;
        throw error;
      } finally {
        bucket.inflight = null;
      }
    })();
    return bucket.inflight;
  };

  /** Counts one request; the best known total of the window, this request included. */
  const count = async (key: string): Promise<number> => {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { known: 0, pending: 0, syncedAt: -Infinity, blocked: false, inflight: null };
      buckets.set(key, bucket);
    }
    if (bucket.blocked) return bucket.known + 1;
    bucket.pending += 1;
    const due = options.clock() - bucket.syncedAt >= syncMs;
    const share = Math.max(1, Math.floor((options.limit - bucket.known) / 10));
    if (due || bucket.pending >= share) await sync(key, bucket);
    return totalOf(bucket);
  };

  return async (c) => {
    if (options.limit <= 0) return;
    const nowSeconds = Math.floor(options.clock() / 1000);
    const window = Math.floor(nowSeconds / options.windowSeconds);
    const total = await count(`RL#${options.name}#${options.key(c)}#${window}`);
    if (total <= options.limit) return;
    const retryAfter = Math.max(1, (window + 1) * options.windowSeconds - nowSeconds);
    throw refusal(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s.`, {
      'Retry-After': String(retryAfter),
    });
  };
}

/** The limiter of `options` as middleware. */
export function rateLimit(options: RateLimitOptions) {
  const check = limiter(options);
  return createMiddleware<AppEnv>(async (c, next) => {
    await check(c);
    await next();
  });
}

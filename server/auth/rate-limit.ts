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
import ipaddr from 'ipaddr.js';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from '../context.js';
import { AppError, RateLimitError } from '../errors.js';
import type { Guard } from '../guards.js';
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

/** A guard that answers 429 (with Retry-After) past `limit` requests per window. */
export function rateLimit(options: RateLimitOptions): Guard {
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

  /**
   * Counts one request; returns the best known total of the window, this request included:
   * at once, or once the store answered when a sync with it is due.
   */
  const count = (key: string): number | Promise<number> => {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { known: 0, pending: 0, syncedAt: -Infinity, blocked: false, inflight: null };
      buckets.set(key, bucket);
    }
    if (bucket.blocked) return bucket.known + 1;
    bucket.pending += 1;
    const due = options.clock() - bucket.syncedAt >= syncMs;
    const share = Math.max(1, Math.floor((options.limit - bucket.known) / 10));
    if (due || bucket.pending >= share) return sync(key, bucket).then(() => totalOf(bucket));
    return totalOf(bucket);
  };

  return (c) => {
    if (options.limit <= 0) return undefined;
    const nowSeconds = Math.floor(options.clock() / 1000);
    const window = Math.floor(nowSeconds / options.windowSeconds);
    const key = `RL#${options.name}#${options.key(c)}#${window}`;
    // Most requests are counted in memory and pass on without a promise.
    const total = count(key);
    if (typeof total === 'number' && total <= options.limit) return undefined;
    const decide = (known: number): undefined => {
      if (known <= options.limit) return undefined;
      const retryAfter = Math.max(1, (window + 1) * options.windowSeconds - nowSeconds);
      c.header('Retry-After', String(retryAfter));
      throw new RateLimitError(`Too many requests; try again in ${retryAfter} s.`, retryAfter);
    };
    return typeof total === 'number' ? decide(total) : total.then(decide);
  };
}

/** Where client addresses come from, besides the connection itself. */
export interface ClientAddressOptions {
  /**
   * The header a trusted proxy or the host's edge sets to the client's address
   * (`X-Forwarded-For`, `X-Real-IP`, `Fly-Client-IP`, `CF-Connecting-IP`, …); null: none.
   */
  header: string | null;
  /** Addresses or CIDR ranges of the trusted hops (proxies in front of this server). */
  trustedProxies: string[];
}

/** Thrown when a request's client address cannot be known: limits would become one bucket. */
export class ClientAddressError extends AppError {
  constructor() {
    super(
      'client_address_unknown',
      'The server cannot tell client addresses apart, so it refuses rather than rate limit every client as one. Set TRUSTED_PROXY_HEADER to the header your host or proxy sets to the client address.',
      500,
    );
  }
}

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;

function parse(text: string): Parsed | null {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(trimmed)) return null;
  return ipaddr.process(trimmed); // IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes 1.2.3.4
}

/** The bucket of an address: IPv4 as is, IPv6 by /64 (one host's addresses share a /64). */
function bucketOf(address: Parsed): string {
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

/** The connection's peer on Node (`@hono/node-server`), Bun (`server`) or Deno (`info`). */
function peerOf(c: Context<AppEnv>): string | null {
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        requestIP?: (request: Request) => { address?: string } | null;
        remoteAddr?: { hostname?: string };
      }
    | undefined;
  if (!env || typeof env !== 'object') return null;
  const node = env.incoming?.socket?.remoteAddress;
  if (node) return node;
  if (typeof env.requestIP === 'function') return env.requestIP(c.req.raw)?.address ?? null;
  return env.remoteAddr?.hostname ?? null;
}

/**
 * Resolves a request's client address: the connection's peer, unless a trusted hop sent it, in
 * which case the configured header (for a list such as X-Forwarded-For, the right-most entry
 * that is not a trusted hop). Where there is no connection (serverless hosts) the header is
 * the host's own. Null when nothing tells.
 */
export function clientAddress(
  options: ClientAddressOptions,
): (c: Context<AppEnv>) => string | null {
  const ranges = options.trustedProxies.map((entry) =>
    entry.includes('/') ? ipaddr.parseCIDR(entry) : ([parse(entry)!, 128] as [Parsed, number]),
  );
  const trusted = (address: Parsed) =>
    ranges.some(([range, bits]) => {
      if (range.kind() !== address.kind()) return false;
      const prefix = range.kind() === 'ipv4' ? Math.min(bits, 32) : bits;
      return address.match(range, prefix);
    });
  return (c) => {
    const peerText = peerOf(c);
    const peer = peerText ? parse(peerText) : null;
    const value = options.header ? c.req.header(options.header) : undefined;
    if (value && (!peerText || (peer && trusted(peer)))) {
      const hops = value.split(',').map(parse);
      for (let i = hops.length - 1; i >= 0; i -= 1) {
        const hop = hops[i];
        if (hop && (i === 0 || !trusted(hop))) return bucketOf(hop);
      }
    }
    if (peer) return bucketOf(peer);
    return peerText;
  };
}

/** The connection's peer address (the default when nothing is configured). */
export function clientIp(c: Context<AppEnv>): string {
  const address = clientAddress({ header: null, trustedProxies: [] })(c);
  if (!address) throw new ClientAddressError();
  return address;
}

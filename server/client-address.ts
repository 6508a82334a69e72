/**
 * Who is calling, by address, for the per-address rate limits: the connection's peer, or the
 * address a trusted hop (a proxy, the host's edge) put in a configured header. One resolver,
 * made once from the configuration; a request whose address cannot be told is refused rather
 * than counted in one bucket with everyone else's.
 */
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
import { AppError } from './errors.js';

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

/** A request's client address (its rate-limit bucket); throws `ClientAddressError`. */
export type ClientAddressResolver = (c: Context) => string;

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
function peerOf(c: Context): string | null {
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

/** Whether an address is one of the trusted hops. */
function trustedBy(entries: string[]): (address: Parsed) => boolean {
  const ranges = entries.map((entry) =>
    entry.includes('/') ? ipaddr.parseCIDR(entry) : ([parse(entry)!, 128] as [Parsed, number]),
  );
  return (address) =>
    ranges.some(([range, bits]) => {
      if (range.kind() !== address.kind()) return false;
      const prefix = range.kind() === 'ipv4' ? Math.min(bits, 32) : bits;
      return address.match(range, prefix);
    });
}

/**
 * The resolver of a configuration: the connection's peer, unless a trusted hop sent the request,
 * in which case the configured header (for a list such as X-Forwarded-For, the right-most entry
 * that is not a trusted hop). Where there is no connection (serverless hosts) the header is the
 * host's own.
 */
export function clientAddressResolver(options: ClientAddressOptions): ClientAddressResolver {
  const trusted = trustedBy(options.trustedProxies);
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
    if (peerText) return peerText;
    throw new ClientAddressError();
  };
}

/**
 * An outbound GET for URLs a stranger chose (client metadata documents): the host is resolved
 * and every address checked before connecting, to the address that was checked (no DNS
 * rebinding), with a size cap, a time budget and no redirects. Only global unicast addresses
 * are reached, as the address library classifies them, unless `allowLocal` (local development
 * only). Whatever goes wrong, the caller learns that we refused or could not read a document,
 * never what the target answered: a status or a timeout would make the server a port scanner.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** IANA's global unicast allocation for IPv6; what lies outside it is not the internet. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * True for an address outside the public internet: anything the address library does not
 * classify as unicast (private, loopback, link-local, NAT64, 6to4, Teredo, documentation,
 * site-local, ...), and IPv6 outside 2000::/3 (IPv4-compatible `::a.b.c.d` among it). An
 * IPv4-mapped IPv6 address is judged as the IPv4 address it reaches.
 */
export function isSpecialAddress(address: string): boolean {
  if (!ipaddr.isValid(address) || isIP(address) === 0) return true;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return true;
  return parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6);
}

/** Why the server refused an address: the same words whatever the address. */
export const REFUSED_ADDRESS =
  'its address is not a public one (the server reads metadata documents only from global unicast addresses)';
/** Why a document could not be read: the same words whatever the target answered. */
export const UNREADABLE = 'no metadata document could be read from it';

/** Resolves a host name to every address it has (the system resolver unless a test's stub). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Local development: allow special addresses, and skip certificate checks on loopback. */
  allowLocal: boolean;
  /** The resolver (tests answer with the addresses they check). */
  resolve?: Resolver;
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Why a fetch was refused or failed, in words a person can act on. */
export class SafeFetchError extends Error {}

function guardedLookup(allowLocal: boolean, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const bad = addresses.some((a) => isSpecialAddress(a.address));
        if (!addresses.length || (bad && !allowLocal)) {
          const why = new SafeFetchError(REFUSED_ADDRESS);
          return callback(why as NodeJS.ErrnoException, '', 4);
        }
        const first = addresses[0] as LookupAddress;
        if ((options as { all?: boolean }).all) return callback(null, addresses as never, 0);
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

/**
 * GETs `url` (http or https) under the limits of `options`. It fails with a `SafeFetchError`
 * saying `REFUSED_ADDRESS`, `UNREADABLE` or that the document is too large, nothing else.
 */
export async function safeGet(url: URL, options: SafeFetchOptions): Promise<SafeResponse> {
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !options.allowLocal && isSpecialAddress(literal)) {
    throw new SafeFetchError(REFUSED_ADDRESS);
  }
  try {
    return await get(url, options);
  } catch (error) {
    if (error instanceof SafeFetchError) throw error;
    throw new SafeFetchError(UNREADABLE, { cause: error });
  }
}

function get(url: URL, options: SafeFetchOptions): Promise<SafeResponse> {
  const client = url.protocol === 'https:' ? https : http;
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(error);
    };
    const req = client.get(
      url,
      {
        lookup: guardedLookup(options.allowLocal, options.resolve ?? systemResolver),
        headers: { accept: 'application/json' },
        // A local development server has no publicly trusted certificate.
        ...(options.allowLocal && loopback ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes)
            fail(new SafeFetchError(`the document is larger than ${options.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', fail);
      },
    );
    const timer = setTimeout(() => fail(new SafeFetchError(UNREADABLE)), options.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', fail);
  });
}

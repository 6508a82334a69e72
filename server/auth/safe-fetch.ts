/**
 * An outbound GET for URLs a stranger chose (client metadata documents): the host is resolved
 * and every address checked before connecting, to the address that was checked (no DNS
 * rebinding), with a size cap, a time budget and no redirects. Private, loopback, link-local
 * and other special addresses are refused unless `allowLocal` (local development only).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// Separate lists: one list holding ::ffff:0:0/96 would match every IPv4 address.
const SPECIAL_V4 = new BlockList();
const SPECIAL_V6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  SPECIAL_V4.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  SPECIAL_V6.addSubnet(net, bits, 'ipv6');
}

/** True for an address outside the public internet (private, loopback, link-local, …). */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return true;
  return family === 4 ? SPECIAL_V4.check(address, 'ipv4') : SPECIAL_V6.check(address, 'ipv6');
}

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Local development: allow special addresses, and skip certificate checks on loopback. */
  allowLocal: boolean;
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Why a fetch was refused or failed, in words a person can act on. */
export class SafeFetchError extends Error {}

function guardedLookup(allowLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const bad = addresses.find((a) => isSpecialAddress(a.address));
      if (!addresses.length || (bad && !allowLocal)) {
        const why = new SafeFetchError(
          `${hostname} resolves to ${bad?.address ?? 'nothing'}, a private or local address`,
        );
        return callback(why as NodeJS.ErrnoException, '', 4);
      }
      const first = addresses[0] as LookupAddress;
      if ((options as { all?: boolean }).all) return callback(null, addresses as never, 0);
      callback(null, first.address, first.family);
    });
  };
}

/** GETs `url` (http or https) under the limits of `options`. */
export function safeGet(url: URL, options: SafeFetchOptions): Promise<SafeResponse> {
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) && !options.allowLocal) {
    if (isSpecialAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
      return Promise.reject(new SafeFetchError(`${url.hostname} is a private or local address`));
    }
  }
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
        lookup: guardedLookup(options.allowLocal),
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
    const timer = setTimeout(
      () => fail(new SafeFetchError(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('error', fail);
  });
}

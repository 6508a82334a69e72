/**
 * Client ID metadata documents are fetched from URLs a stranger picks: no private or loopback
 * address (unless the development setting allows it), https only, bounded in size and time,
 * and the document must name itself.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SafeFetchError,
  isSpecialAddress,
  safeGet,
  type Resolver,
} from '../../../server/auth/safe-fetch.js';
import { MemoryStore } from '../../../server/store/memory-store.js';
import type { FakeGitHub } from '../../../fakes/github/server.js';
import { startGitHub, startServer, type RunningServer } from '../../../harness/server-harness.js';
import { startMetadataServer, type LocalServer } from '../login-helpers.js';

/** Our refusal of an address, as the person reads it (HTML escapes the parentheses' text). */
const REFUSAL = 'its address is not a public one';
const REFUSAL_DETAIL =
  'its address is not a public one (the server reads metadata documents only from global unicast addresses)';

/** Addresses that are not global unicast, from the IANA special-purpose registries. */
const NOT_GLOBAL = [
  '::7f00:1', // IPv4-compatible ::127.0.0.1
  '::a9fe:a9fe', // IPv4-compatible ::169.254.169.254
  '64:ff9b::a9fe:a9fe', // NAT64 well-known prefix → 169.254.169.254
  '64:ff9b:1::a9fe:a9fe', // NAT64 local-use prefix
  'fec0::1', // site-local (deprecated)
  '2002:7f00:1::1', // 6to4 of 127.0.0.1
  '2001::1', // Teredo
  '2001:db8::1', // documentation
  '3fff::1', // documentation (RFC 9637)
  '100::1', // discard-only
  '::ffff:169.254.169.254', // IPv4-mapped link-local
  '::ffff:10.0.0.1', // IPv4-mapped private
  '192.0.2.1', // TEST-NET-1
  '198.51.100.1', // TEST-NET-2
  '203.0.113.1', // TEST-NET-3
  '255.255.255.255',
  '192.88.99.1', // 6to4 relay anycast
];
const GLOBAL = ['8.8.8.8', '140.82.112.3', '2606:4700:4700::1111', '::ffff:8.8.8.8'];

let github: FakeGitHub;
let strict: RunningServer;
let local: RunningServer;
let docs: LocalServer & { fetches: number };
/** What the metadata server answers for the next fetch (by test). */
let answer: (clientId: string) => Record<string, unknown> = (clientId) => ({
  client_id: clientId,
  client_name: 'Doc',
  redirect_uris: ['http://127.0.0.1/callback'],
});

beforeAll(async () => {
  github = await startGitHub();
  [strict, local, docs] = await Promise.all([
    startServer({ github, store: new MemoryStore() }),
    startServer({ github, store: new MemoryStore(), env: { CLIENT_METADATA_ALLOW_LOCAL: 'true' } }),
    startMetadataServer((id) => answer(id)),
  ]);
});
afterAll(async () => {
  await Promise.all([strict?.close(), local?.close(), docs?.close()]);
  await github?.close();
});

async function authorize(server: RunningServer, clientId: string) {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: 'http://127.0.0.1:5000/callback',
    code_challenge: 'c'.repeat(43),
    code_challenge_method: 'S256',
  });
  const res = await fetch(`${server.url}/oauth/authorize?${q}`, { redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

describe('where documents may come from', () => {
  it('refuses loopback, by address or by a name that resolves there, without fetching', async () => {
    const before = docs.fetches;
    const port = new URL(docs.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await authorize(strict, `https://${host}/client.json`);
      expect(res.status, host).toBe(400);
      expect(res.text).toContain(REFUSAL);
    }
    expect(docs.fetches).toBe(before);
  });

  it('refuses http, a bare origin and a fragment', async () => {
    const cases: [string, string][] = [
      ['http://client.example/meta.json', 'must be an https URL'],
      ['https://client.example/', 'must have a path'],
      ['https://client.example/meta.json#x', 'no fragment'],
    ];
    for (const [id, why] of cases) {
      const res = await authorize(strict, id);
      expect(res.status, id).toBe(400);
      expect(res.text).toContain(why);
    }
  });

  it('knows which addresses are not the public internet', () => {
    for (const a of [
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      'fd12::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      ...NOT_GLOBAL,
    ])
      expect(isSpecialAddress(a), a).toBe(true);
    for (const a of GLOBAL) expect(isSpecialAddress(a), a).toBe(false);
  });

  it('refuses, after resolution, every address that is not global unicast, in the same words', async () => {
    const messages = new Set<string>();
    for (const address of NOT_GLOBAL) {
      const resolve: Resolver = async () => [{ address, family: address.includes(':') ? 6 : 4 }];
      const error = await safeGet(new URL('https://client.example/meta.json'), {
        maxBytes: 100,
        timeoutMs: 2000,
        allowLocal: false,
        resolve,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, address).toBeInstanceOf(SafeFetchError);
      messages.add((error as Error).message);
    }
    expect([...messages]).toEqual([REFUSAL_DETAIL]);
  });

  it('refuses the same addresses written into the client id, in the same words', async () => {
    const texts = new Set<string>();
    for (const address of NOT_GLOBAL) {
      // The client id is a normalized URL (`new URL` writes IPv6 in its shortest form).
      const id = new URL(`https://${address.includes(':') ? `[${address}]` : address}/c.json`);
      const res = await authorize(strict, id.href);
      expect(res.status, address).toBe(400);
      texts.add(res.text.replaceAll(id.href, 'ID'));
    }
    expect(texts.size).toBe(1);
    expect([...texts][0]).toContain(REFUSAL);
  });

  it('never relays what the target answered: a 404, a 500 and a closed port read alike', async () => {
    const statuses = http.createServer((req, res) => {
      res.writeHead(req.url?.includes('404') ? 404 : 500, { 'content-type': 'text/plain' });
      res.end('internal details of the target');
    });
    await new Promise<void>((resolve) => statuses.listen(0, '127.0.0.1', resolve));
    const port = (statuses.address() as AddressInfo).port;
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    try {
      const texts = new Set<string>();
      for (const id of [
        `http://127.0.0.1:${port}/404.json`,
        `http://127.0.0.1:${port}/500.json`,
        `http://127.0.0.1:${closedPort}/none.json`,
      ]) {
        const res = await authorize(local, id);
        expect(res.status, id).toBe(400);
        const text = res.text.replaceAll(id, 'ID');
        expect(text).not.toContain('internal details');
        expect(text).not.toMatch(/\b(404|500)\b|ECONNREFUSED/);
        texts.add(text);
      }
      expect(texts.size).toBe(1);
      expect([...texts][0]).toContain('no metadata document could be read from it');
    } finally {
      statuses.closeAllConnections();
      await new Promise((resolve) => statuses.close(resolve));
    }
  });
});

describe('what a document must be (development setting on, so 127.0.0.1 is allowed)', () => {
  const id = (path: string) => `${docs.url}${path}`;

  it('accepts a valid one and shows its host on the consent page', async () => {
    answer = (clientId) => ({
      client_id: clientId,
      client_name: 'Doc',
      redirect_uris: ['http://127.0.0.1/callback'],
    });
    const res = await authorize(local, id('/ok.json'));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`from <code>${new URL(docs.url).host}</code>`);
  });

  it('accepts a document served over plain http on 127.0.0.1 (development setting only)', async () => {
    const plain = http.createServer((req, res) => {
      const port = (plain.address() as AddressInfo).port;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          client_id: `http://127.0.0.1:${port}${req.url}`,
          client_name: 'Plain',
          redirect_uris: ['http://127.0.0.1/callback'],
        }),
      );
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const clientId = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/client.json`;
    try {
      const allowed = await authorize(local, clientId);
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('Allow Plain?');
      const refused = await authorize(strict, clientId);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('must be an https URL');
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('refuses one that names another client_id, holds a secret, or is too large', async () => {
    const cases: [string, (clientId: string) => Record<string, unknown>, string][] = [
      [
        '/other.json',
        () => ({
          client_id: 'https://evil.example/x.json',
          redirect_uris: ['https://a.example/cb'],
        }),
        'is not its own URL',
      ],
      [
        '/secret.json',
        (c) => ({ client_id: c, client_secret: 's', redirect_uris: ['https://a.example/cb'] }),
        'client_secret',
      ],
      [
        '/big.json',
        (c) => ({
          client_id: c,
          client_name: 'x',
          redirect_uris: ['https://a.example/cb'],
          pad: 'p'.repeat(6000),
        }),
        'larger than 5120 bytes',
      ],
      ['/noredirect.json', (c) => ({ client_id: c, redirect_uris: [] }), 'redirect_uris'],
    ];
    for (const [path, doc, why] of cases) {
      answer = doc;
      const res = await authorize(local, id(path));
      expect(res.status, path).toBe(400);
      expect(res.text).toContain(why);
    }
  });
});

describe('safeGet', () => {
  it('gives up on a server that does not answer in time', async () => {
    const hang = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(hang.address() as AddressInfo).port}/x.json`);
    const started = Date.now();
    await expect(safeGet(url, { maxBytes: 100, timeoutMs: 200, allowLocal: true })).rejects.toThrow(
      SafeFetchError,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    hang.closeAllConnections();
    await new Promise((resolve) => hang.close(resolve));
  });
});

import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForUrl } from '../../../src/simulation/launcher/index.js';
import { freePort } from './helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

/** Serves the given statuses in turn (the last one repeats). */
async function serve(statuses: number[], port = 0): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    const status = statuses[Math.min(hits, statuses.length - 1)]!;
    hits += 1;
    res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:9/login' } : {});
    res.end(`status ${status}`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${actual}/`, hits: () => hits };
}

describe('waitForUrl', () => {
  it('counts any answer below 500 as ready, a redirect or a 404 included', async () => {
    for (const status of [200, 302, 404]) {
      const { url } = await serve([status]);
      const result = await waitForUrl(url, { timeoutMs: 20_000 });
      expect(result).toMatchObject({ ready: true, status, attempts: 1 });
    }
  });

  it('keeps polling through 5xx answers (a dev server still compiling)', async () => {
    const { url, hits } = await serve([503, 502, 200]);
    const result = await waitForUrl(url, { timeoutMs: 20_000, intervalMs: 20 });
    expect(result).toMatchObject({ ready: true, status: 200, attempts: 3 });
    expect(hits()).toBe(3);
  });

  it('waits for a server that starts listening later', async () => {
    const port = await freePort();
    const waiting = waitForUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000, intervalMs: 50 });
    setTimeout(() => void serve([200], port), 300);
    const result = await waiting;
    expect(result.ready).toBe(true);
    expect(result.attempts).toBeGreaterThan(1);
  });

  it('gives up after the timeout and says what the last attempt saw', async () => {
    const port = await freePort();
    const refused = await waitForUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 400 });
    expect(refused).toMatchObject({
      ready: false,
      reason: 'timeout',
      lastProblem: 'connection refused',
    });

    const { url } = await serve([500]);
    const failing = await waitForUrl(url, { timeoutMs: 1_000, intervalMs: 50 });
    expect(failing).toMatchObject({ ready: false, reason: 'timeout', lastProblem: 'HTTP 500' });
  });

  it('names the last answer, not the attempt the deadline cut short', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      if (hits === 1) res.writeHead(500).end('status 500');
      // later requests hang, as a server stuck in a restart does
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const result = await waitForUrl(`http://127.0.0.1:${port}/`, {
      timeoutMs: 800,
      intervalMs: 50,
    });
    expect(result).toMatchObject({ ready: false, reason: 'timeout', lastProblem: 'HTTP 500' });
    expect(result.attempts).toBe(2);
    server.closeAllConnections();
  });

  it('gives up on a server that accepts but never answers', async () => {
    const server = createServer(() => {
      // never answers
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const result = await waitForUrl(`http://127.0.0.1:${port}/`, {
      timeoutMs: 600,
      attemptTimeoutMs: 200,
    });
    expect(result).toMatchObject({
      ready: false,
      reason: 'timeout',
      lastProblem: 'no answer (attempt timed out)',
    });
    server.closeAllConnections();
  });

  it('stops when aborted', async () => {
    const port = await freePort();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await waitForUrl(`http://127.0.0.1:${port}/`, {
      timeoutMs: 600_000,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ ready: false, reason: 'aborted' });
  });

  it('rejects URLs that are not http(s)', async () => {
    await expect(waitForUrl('file:///etc/passwd', { timeoutMs: 10 })).rejects.toThrow(TypeError);
  });
});

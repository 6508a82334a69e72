/**
 * A tiny HTTP server for test pages: serve a fixed table of routes on 127.0.0.1 (random port).
 * Any test may reuse it. Unknown paths answer 404.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A route's answer: HTML text (200), or an explicit status, body and content type. */
export type RouteAnswer =
  | string
  | {
      status?: number;
      body?: string | Buffer;
      contentType?: string;
      headers?: Record<string, string>;
      /** Answer this long after the request (a slow API). */
      delayMs?: number;
    };

export interface StaticServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  port: number;
  /** Paths requested so far (path + search), in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `routes` (keyed by path, e.g. `/` or `/api/items`; search ignored) until closed. */
export async function startStaticServer(
  routes: Record<string, RouteAnswer>,
  host = '127.0.0.1',
): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const answer = routes[url.pathname];
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const full = typeof answer === 'string' ? { body: answer } : answer;
    const send = () => {
      res.writeHead(full.status ?? 200, {
        'content-type': full.contentType ?? 'text/html; charset=utf-8',
        ...full.headers,
      });
      res.end(req.method === 'HEAD' ? undefined : (full.body ?? ''));
    };
    if (full.delayMs) setTimeout(send, full.delayMs);
    else send();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

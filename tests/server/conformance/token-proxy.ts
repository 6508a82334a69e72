/**
 * The public face of the server for a client that cannot log in: a reverse proxy on 127.0.0.1
 * that forwards every request as it came (Host and Origin untouched) and adds the bearer token
 * of a real login to requests that carry none. The MCP conformance suite's client connects
 * without authorization; behind this proxy it reaches the real server as a logged-in user.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenProxy {
  url: string;
  /** Where requests go, and the token added; set once the server behind is up. */
  target: { url: string; token: string } | null;
  close: () => Promise<void>;
}

/** Starts the proxy; set `target` before sending requests through it. */
export async function startTokenProxy(): Promise<TokenProxy> {
  const proxy: TokenProxy = { url: '', target: null, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const target = proxy.target;
    if (!target) {
      res.writeHead(503).end('no target yet');
      return;
    }
    const to = new URL(target.url);
    const headers = { ...req.headers };
    headers.authorization ??= `Bearer ${target.token}`;
    const upstream = http.request(
      { hostname: to.hostname, port: to.port, path: req.url, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.headersSent || res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

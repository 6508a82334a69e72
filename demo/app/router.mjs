// Matches a request to a route (`/notes/:id` style patterns) or a static file under /static/.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendHtml } from './http.mjs';
import { routes } from './routes/index.mjs';
import { notFoundPage } from './routes/not-found.mjs';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const TYPES = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

function match(pattern, pathname) {
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

async function serveStatic(pathname, res) {
  const file = normalize(join(PUBLIC_DIR, pathname.slice('/static/'.length)));
  // A path that climbs out of public/ is answered like any missing file.
  if (!file.startsWith(PUBLIC_DIR) || file.endsWith(sep)) return false;
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

/** Handles one request. */
export async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  if (pathname === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  // HEAD is answered like GET (Node drops the body), as link checkers and proxies expect.
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (pathname.startsWith('/static/') && method === 'GET') {
    if (await serveStatic(pathname, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = match(route.path, pathname);
    if (!params) continue;
    const handled = await route.handler({ req, res, params, url });
    // A handler answers false when the params do not name anything (e.g. an unknown note).
    if (handled !== false) return;
    break;
  }
  if (pathname.startsWith('/api/')) {
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: 'Not found' }));
    return;
  }
  sendHtml(res, notFoundPage(), 404);
}

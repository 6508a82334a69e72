/**
 * Third-party single-page apps, served from the npm packages that ship them, each with a clean
 * variant and (for some) a variant with a planted bug. The exploration's tests and
 * `npm run bench:explore` both run on them: apps no one on this project wrote, in different
 * frameworks, with hash routes, dialogs and Enter-only inputs.
 *
 * The apps' own files are served untouched. A planted bug lives in what this server adds: an
 * API the app calls (answering 500), a page script (`/__planted.js`) injected before `</body>`,
 * or a document of a route that fails.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const MODULES = join(ROOT, 'node_modules');
const CONTENT = join(import.meta.dirname, 'content');

/** The apps, by name. */
export type AppName = 'todomvc-backbone' | 'todomvc-vue' | 'docsify' | 'swagger-ui' | 'reveal';

/** What a tester would call "reached the app's main interaction", checked on a finished run. */
export interface RunFacts {
  /** Step descriptions, in order. */
  steps: string[];
  /** Step URLs, in order. */
  urls: string[];
  /** Requests the app's server saw (method and path). */
  requests: string[];
}

export interface AppSpec {
  name: AppName;
  /** npm package (and version pinned in package-lock.json) the app ships in. */
  packageName: string;
  framework: string;
  /** Where the walk starts, relative to the origin. */
  startPath: string;
  /** The interaction a person would try first, in words. */
  mainInteraction: string;
  /** Whether a run reached it. */
  reached(facts: RunFacts): boolean;
  /** Planted bug variants: name → what it is, in words. */
  bugs: Record<string, string>;
  /** Variants that are no bug, only a server real apps have: name → what it does, in words. */
  quirks?: Record<string, string>;
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.map': 'application/json',
};

/** The apps and what counts as reaching each one's main interaction. */
export const APPS: Record<AppName, AppSpec> = {
  'todomvc-backbone': {
    name: 'todomvc-backbone',
    packageName: 'todomvc',
    framework: 'Backbone.js',
    startPath: '/examples/backbone/',
    mainInteraction: 'add a todo (Enter in "What needs to be done?") and sync it',
    reached: (facts) => facts.requests.includes('POST /api/todos'),
    bugs: { 'enter-500': 'the request that saves a todo (sent on Enter) answers 500' },
  },
  'todomvc-vue': {
    name: 'todomvc-vue',
    packageName: 'todomvc',
    framework: 'Vue',
    startPath: '/examples/vue/',
    mainInteraction: "add a todo, then toggle the new item's checkbox",
    reached: (facts) =>
      facts.steps.some((s) => /Press Enter/.test(s)) &&
      facts.steps.some((s) => /^(Check|Uncheck) checkbox/.test(s)),
    bugs: {
      'toggle-error': "toggling a todo's checkbox throws an uncaught TypeError",
      'late-faults':
        'adding a todo shows a photo that does not load and a link to a missing page, then half a second later logs a console error',
    },
  },
  docsify: {
    name: 'docsify',
    packageName: 'docsify',
    framework: 'docsify (hash-routed)',
    startPath: '/',
    mainInteraction: 'open the docs pages behind hash routes (#/guide, #/setup)',
    reached: (facts) => facts.urls.some((u) => u.includes('#/guide')),
    bugs: {
      'broken-route': 'the #/setup route fails: its document answers 500',
      'broken-link': 'a footer link "Old guide" leads to /old-guide.html, which answers 404',
    },
    quirks: {
      'head-404':
        'the server answers every HEAD with 404 (GET works); a footer links to /about.html',
    },
  },
  'swagger-ui': {
    name: 'swagger-ui',
    packageName: 'swagger-ui-dist',
    framework: 'Swagger UI (React)',
    startPath: '/',
    mainInteraction: 'expand an operation, "Try it out", "Execute" (a call to the API)',
    reached: (facts) => facts.requests.some((r) => r.startsWith('GET /api/pets')),
    bugs: {},
  },
  reveal: {
    name: 'reveal',
    packageName: 'reveal.js',
    framework: 'reveal.js (hash-routed slides)',
    startPath: '/demo.html',
    mainInteraction: 'move to another slide (its own hash route)',
    reached: (facts) => facts.urls.some((u) => /#\/\d|#\/[a-z]/.test(u)),
    bugs: {},
  },
};

/** A served app. */
export interface ServedApp {
  spec: AppSpec;
  variant: string;
  /** Where the walk starts (absolute). */
  url: string;
  origin: string;
  /** Requests seen, as `METHOD /path` (query dropped), in order. */
  requests: string[];
  stop(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

/** Serves `name` (clean, or the named planted-bug variant) on 127.0.0.1 at a free port. */
export async function serveApp(name: AppName, variant = 'clean'): Promise<ServedApp> {
  const spec = APPS[name];
  if (!spec) throw new Error(`Unknown app "${name}"; known: ${Object.keys(APPS).join(', ')}`);
  const variants = { ...spec.bugs, ...spec.quirks };
  if (variant !== 'clean' && !(variant in variants)) {
    throw new Error(
      `App "${name}" has no variant "${variant}"; it has: clean, ${Object.keys(variants).join(', ') || '(none)'}`,
    );
  }
  const requests: string[] = [];
  const handle = handlerFor(name, variant);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(`${req.method ?? 'GET'} ${path}`);
    handle(req, res, path)
      .then((done) => done || send(res, 404, 'not found', 'text/plain'))
      .catch((error: unknown) => send(res, 500, String(error), 'text/plain'));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    spec,
    variant,
    url: origin + spec.startPath,
    origin,
    requests,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** Serves a file under `dir` (no escaping it); false when there is none. */
async function serveFile(res: ServerResponse, dir: string, path: string): Promise<boolean> {
  const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(dir)) return false;
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    // `/examples/vue` → `/examples/vue/`, as static servers do, so relative URLs resolve.
    res.writeHead(301, { location: `${path}/` }).end();
    return true;
  }
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
  });
  createReadStream(file).pipe(res);
  return true;
}

/** Serves an HTML file with the planted-bug script tag added before `</body>`. */
async function serveWithPlanted(res: ServerResponse, file: string): Promise<void> {
  const html = await readFile(file, 'utf8');
  const tag = '<script src="/__planted.js"></script>';
  send(res, 200, html.replace(/<\/body>/i, `${tag}</body>`), STATIC_TYPES['.html'] as string);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => done(body));
  });
}

function handlerFor(name: AppName, variant: string): Handler {
  switch (name) {
    case 'todomvc-backbone':
    case 'todomvc-vue':
      return todoHandler(name === 'todomvc-backbone' ? 'backbone' : 'vue', variant);
    case 'docsify':
      return docsifyHandler(variant);
    case 'swagger-ui':
      return swaggerHandler();
    case 'reveal':
      return (_req, res, path) =>
        serveFile(res, join(MODULES, 'reveal.js'), path === '/' ? '/demo.html' : path);
  }
}

/**
 * TodoMVC keeps todos in localStorage; the added script saves each new todo to the server as
 * well (on Enter in the new-todo field), like an app with a backend would.
 */
const TODO_SYNC = `document.addEventListener('keydown', function (event) {
  var field = event.target;
  if (event.key !== 'Enter' || field.id !== 'new-todo') return;
  if (!field.value.trim()) return;
  fetch('/api/todos', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: field.value.trim() }) });
}, true);
`;

/** The planted bug: completing a todo updates a counter that is not there. */
const TOGGLE_ERROR = `document.addEventListener('change', function (event) {
  if (!event.target.classList || !event.target.classList.contains('toggle')) return;
  setTimeout(function () { var stats = window.__todoStats; stats.completed += 1; });
});
`;

/**
 * The planted faults: adding a todo shows a photo that 404s (with no alt text) and a link to a
 * page that does not exist; half a second later the sync it pretends to run logs an error.
 */
const LATE_FAULTS = `document.addEventListener('keydown', function (event) {
  var field = event.target;
  if (event.key !== 'Enter' || field.id !== 'new-todo' || !field.value.trim()) return;
  var note = document.createElement('p');
  note.innerHTML = '<img src="/photos/missing.png" width="16" height="16"> <a href="/archive/">Archive</a>';
  (document.getElementById('info') || document.body).appendChild(note);
  setTimeout(function () { console.error('Sync failed: the archive is unavailable'); }, 500);
}, true);
`;

function todoHandler(example: 'backbone' | 'vue', variant: string): Handler {
  const dir = join(MODULES, 'todomvc');
  return async (req, res, path) => {
    if (path === '/api/todos' && req.method === 'POST') {
      await readBody(req);
      if (variant === 'enter-500')
        send(res, 500, '{"error":"database is locked"}', 'application/json');
      else send(res, 201, '{"ok":true}', 'application/json');
      return true;
    }
    if (path === '/__planted.js') {
      send(
        res,
        200,
        TODO_SYNC +
          (variant === 'toggle-error' ? TOGGLE_ERROR : '') +
          (variant === 'late-faults' ? LATE_FAULTS : ''),
        'text/javascript',
      );
      return true;
    }
    if (path === `/examples/${example}/` || path === `/examples/${example}/index.html`) {
      await serveWithPlanted(res, join(dir, 'examples', example, 'index.html'));
      return true;
    }
    if (path === '/') {
      res.writeHead(302, { location: `/examples/${example}/` }).end();
      return true;
    }
    // The todomvc.com info bar (learn.json) links every other framework's demo: the app is
    // served standalone, without the site around it, as its own deployment would be.
    if (path === '/learn.json') return false;
    return serveFile(res, dir, path);
  };
}

/** A footer with one link to another document, added to the docs page by the server. */
const footerLink = (href: string, text: string): string =>
  `document.body.insertAdjacentHTML('beforeend', '<footer><a href="${href}">${text}</a></footer>');\n`;

const ABOUT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>About Stackyard</title></head>
<body><main><h1>About Stackyard</h1><p>Stackyard stacks yards.</p><a href="/">Back to the docs</a></main></body></html>
`;

function docsifyHandler(variant: string): Handler {
  const content = join(CONTENT, 'docsify');
  const footer = variant === 'head-404' || variant === 'broken-link';
  return async (req, res, path) => {
    // Real servers do this: HEAD answered 404 for pages GET serves.
    if (variant === 'head-404' && req.method === 'HEAD') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end();
      return true;
    }
    if (footer && (path === '/' || path === '/index.html')) {
      await serveWithPlanted(res, join(content, 'index.html'));
      return true;
    }
    if (footer && path === '/__planted.js') {
      const link =
        variant === 'broken-link'
          ? footerLink('/old-guide.html', 'Old guide')
          : footerLink('/about.html', 'About Stackyard');
      send(res, 200, link, 'text/javascript');
      return true;
    }
    if (path === '/about.html') {
      send(res, 200, ABOUT_PAGE, STATIC_TYPES['.html'] as string);
      return true;
    }
    if (path.startsWith('/vendor/docsify/')) {
      return serveFile(res, join(MODULES, 'docsify'), path.slice('/vendor/docsify'.length));
    }
    if (path === '/setup.md' && variant === 'broken-route') {
      send(res, 500, 'Internal Server Error', 'text/plain');
      return true;
    }
    return serveFile(res, content, path);
  };
}

const PETS = [
  { id: 1, name: 'Rex' },
  { id: 2, name: 'Tom' },
];

function swaggerHandler(): Handler {
  const content = join(CONTENT, 'swagger');
  return async (_req, res, path) => {
    if (path === '/api/pets') {
      send(res, 200, JSON.stringify(PETS), 'application/json');
      return true;
    }
    const pet = /^\/api\/pets\/(\d+)$/.exec(path);
    if (pet) {
      const found = PETS.find((p) => p.id === Number(pet[1]));
      if (found) send(res, 200, JSON.stringify(found), 'application/json');
      else send(res, 404, '{"error":"no such pet"}', 'application/json');
      return true;
    }
    if (path === '/openapi.json' || path === '/swagger-initializer.js') {
      return serveFile(res, content, path);
    }
    return serveFile(res, join(MODULES, 'swagger-ui-dist'), path);
  };
}

/**
 * Nothing tested is not a pass, through the CLI on git repositories: a PR that edits only the
 * README and a docs page of an app that never serves them is inconclusive (exit 2) with a
 * one-line reason, while a docs site built on docsify (from its npm package), which serves its
 * Markdown, is tested and passes when a page of it changes. Expected outcomes written by hand.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/contract/index.js';
import { freePort } from '../../fixtures/fixture-repo.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * The app's server, as such repositories have one: files of the repository, and docsify's
 * library under /vendor/docsify/ from the installed package.
 */
const SERVER = `import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.md': 'text/markdown' };
const DOCSIFY = ${JSON.stringify(join(ROOT, 'node_modules', 'docsify'))};
createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = path.startsWith('/vendor/docsify/')
    ? join(DOCSIFY, normalize(path.slice('/vendor/docsify'.length)))
    : join(process.cwd(), normalize(path === '/' ? '/index.html' : path));
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(Number(process.argv[2]), '127.0.0.1');
`;

/** A shop page of its own (no docs served), with a README and a docs folder beside it. */
const SHOP: Record<string, string> = {
  'index.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><main><h1>Shop</h1><p id="count">0 items</p><button id="add">Add to cart</button></main>
<script src="/app.js"></script></body></html>
`,
  'app.js': `var n = 0;
document.getElementById('add').addEventListener('click', function () {
  n += 1;
  document.getElementById('count').textContent = n + ' items';
});
`,
  'README.md': '# Shop\n\nRun `node server.mjs 3000`.\n',
  'docs/guide.md': '# Guide\n\nAdd items to the cart.\n',
};

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
}

/** A repository whose `main` holds `files`, checked out on a `pr` branch that applies `edit`. */
async function repo(files: Record<string, string>, edit: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-untested-'));
  cleanup.push(dir);
  for (const [path, text] of Object.entries({ ...files, 'server.mjs': SERVER })) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-qm', 'base');
  git(dir, 'checkout', '-qb', 'pr');
  for (const [path, text] of Object.entries(edit)) await writeFile(join(dir, path), text);
  git(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-qam', 'docs');
  return dir;
}

function run(dir: string, port: number): Promise<{ code: number; stdout: string }> {
  const args = ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'run'];
  args.push('--start', `node server.mjs ${port}`, '--url', `http://127.0.0.1:${port}/`);
  args.push('--cwd', dir, '--base', 'main', '--out', join(dir, 'report'), '--max-steps', '12');
  args.push('--browser', '/usr/bin/chromium');
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 200_000 },
      (error, stdout) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

describe('a change the session never met', { timeout: 240_000 }, () => {
  it('calls a docs-only PR of an app that does not serve its docs inconclusive (exit 2)', async () => {
    const dir = await repo(SHOP, {
      'README.md': '# Shop\n\nRun `node server.mjs 3000`, then open the shop.\n',
      'docs/guide.md': '# Guide\n\nAdd items to the cart, then check out.\n',
    });
    const result = await run(dir, await freePort());
    expect(result.code).toBe(2);
    const line = result.stdout.split('\n')[0]!;
    expect(line).toMatch(
      /^\? Inconclusive: the change touches only documentation or repository files \(README\.md, docs\/guide\.md\), none of which the app served in this session, so nothing it changed was tested \(\d+ steps? across 1 page\)\.$/,
    );
    const report = parseReport(await readFile(join(dir, 'report', 'report.json'), 'utf8'));
    expect(report.result).toBe('inconclusive');
    // The app itself was exercised: the run says what it did, not that it did nothing.
    expect(report.steps.some((s) => s.description.includes('Add to cart'))).toBe(true);
  });

  it('tests a docsify site whose changed page it serves, and passes it', async () => {
    const files: Record<string, string> = {};
    for (const name of ['index.html', 'README.md', '_sidebar.md', 'guide.md', 'setup.md']) {
      files[name] = await readFile(join(ROOT, 'third-party', 'content', 'docsify', name), 'utf8');
    }
    const guide = `${files['guide.md']}\n## Upgrading\n\nRead the release notes first.\n`;
    const dir = await repo(files, { 'guide.md': guide });
    const result = await run(dir, await freePort());
    expect(result.stdout.split('\n')[0]).toMatch(/^✔ Pass: /);
    expect(result.code).toBe(0);
    const report = parseReport(await readFile(join(dir, 'report', 'report.json'), 'utf8'));
    expect(report.coverage.visited.some((url) => url.includes('#/guide'))).toBe(true);
  });
});

/**
 * A real library's console message, judged by who wrote it: a React 19 app (react and react-dom
 * from npm, development build) bundled by esbuild into one script with its source map, as
 * bundlers serve apps. React's own "unique key" warning is logged from that one script, so only
 * the message's stack, read through the source map, says it is react-dom's: a clean app with it
 * passes with a warning that says why, while the app's own `console.error` in the same bundle
 * fails the run. Expected findings written by hand.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/contract/index.js';
import { countedFindings, exploreStaticSite } from '../../helpers/explore-static.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Basket</title></head>
<body><div id="root"></div><script src="/app.js"></script></body></html>`;

/** The app's own code: a list rendered without keys (React warns), and a button. */
const app = (onAdd: string) => `import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Basket() {
  const [fruit, setFruit] = useState(['Apple', 'Pear']);
  function add() {
    ${onAdd}
    setFruit([...fruit, 'Plum']);
  }
  return h('main', null,
    h('h1', null, 'Basket'),
    h('ul', null, fruit.map((name) => h('li', null, name))),
    h('button', { onClick: add }, 'Add fruit'),
  );
}

createRoot(document.getElementById('root')).render(h(Basket));
`;

const OWN_ERROR = 'Could not save the basket: the storage quota is used up';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Bundles the app as a project would: its `src/`, the installed packages, a linked map. */
async function bundle(source: string): Promise<{ script: string; map: string }> {
  const project = await mkdtemp(join(tmpdir(), 'react-basket-'));
  dirs.push(project);
  await mkdir(join(project, 'src'));
  await writeFile(join(project, 'src', 'main.js'), source);
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  await build({
    entryPoints: [join(project, 'src', 'main.js')],
    outfile: join(project, 'dist', 'app.js'),
    bundle: true,
    sourcemap: 'linked',
    // node_modules stays where a project has it, so the map names `../node_modules/react-dom/…`.
    preserveSymlinks: true,
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
  });
  return {
    script: await readFile(join(project, 'dist', 'app.js'), 'utf8'),
    map: await readFile(join(project, 'dist', 'app.js.map'), 'utf8'),
  };
}

async function run(onAdd: string): Promise<Report> {
  const { script, map } = await bundle(app(onAdd));
  return exploreStaticSite(
    {
      '/': PAGE,
      '/app.js': { body: script, contentType: 'text/javascript' },
      '/app.js.map': { body: map, contentType: 'application/json' },
    },
    { changedFiles: ['src/main.js'], maxSteps: 6 },
  );
}

/** React's message, as Playwright gives it (format arguments apart), starts its title. */
const reactWarning = {
  check: 'console-error',
  severity: 'warning',
  title: expect.stringMatching(
    /^Console error: Each child in a list should have a unique "key" prop\./,
  ),
};

describe("a library's console message, by who wrote it", { timeout: 180_000 }, () => {
  it("passes a clean React app whose only console error is React's own warning", async () => {
    const report = await run('');
    expect(countedFindings(report)).toEqual([reactWarning]);
    const warning = report.findings.find((f) => f.check === 'console-error')!;
    expect(warning.evidence).toContain(
      'A warning, not an error: logged by /node_modules/react-dom/cjs/react-dom-client.development.js ' +
        "(in /app.js, through its source map), a dependency's or vendored file, not the app's own code, " +
        'and nothing failed visibly in this step.',
    );
    expect(report.result).toBe('pass');
  });

  it("fails on the app's own console.error in the same bundle, React's warning staying a warning", async () => {
    const report = await run(`console.error(${JSON.stringify(OWN_ERROR)});`);
    expect(countedFindings(report)).toEqual([
      { check: 'console-error', severity: 'error', title: `Console error: ${OWN_ERROR}` },
      reactWarning,
    ]);
    const own = report.findings.find((f) => f.title === `Console error: ${OWN_ERROR}`)!;
    expect(own.evidence).toMatch(/ \(at http:\/\/[^ ]+\/app\.js:\d+, from \/src\/main\.js\)$/);
    expect(report.result).toBe('fail');
  });
});

// Builds dist/: the action's entries (index.js, post.js) and the CLI (cli.js) in one build, as
// ESM with every dependency inside, so a folder holding only action.yml and dist/ runs anywhere.
// The entries share their code through dist/chunks/ (one copy of the engine), and what the code
// imports dynamically (Playwright and axe, the model SDKs, Octokit, the artifact client) is a
// chunk of its own, read only when a run needs it: an input error answers without parsing it.
//
// Why esbuild and not ncc: ncc's bundle of playwright-core crashes at run time, because
// playwright-core reads package.json, browsers.json and lib/webp_codec.wasm from a path derived
// from its own __dirname. Here that __dirname is pointed at a copy of those
// files inside dist/playwright-core/. The output is deterministic, so CI can rebuild and diff it.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const pwRoot = path.join(root, 'node_modules', 'playwright-core');
const pwLib = path.join(pwRoot, 'lib') + path.sep;

/**
 * Files playwright-core reads from its package folder at run time, and its licence and notices,
 * which the Apache License asks a redistribution to carry.
 */
const PLAYWRIGHT_FILES = [
  'package.json',
  'browsers.json',
  'lib/webp_codec.wasm',
  'lib/server/chromium/appIcon.png',
  'LICENSE',
  'NOTICE',
  'ThirdPartyNotices.txt',
];

// Names are prefixed so they cannot clash with anything bundled. `require` is the one name that
// must be plain: esbuild's CommonJS shim looks for it. No `__dirname` here: @azure/storage-common
// (inside @actions/artifact) declares its own, and playwright-core's are rewritten below.
const banner = [
  "import { createRequire as __myfavCreateRequire } from 'node:module';",
  "import { fileURLToPath as __myfavFileURLToPath } from 'node:url';",
  "import { basename as __myfavBasename, dirname as __myfavDirname, join as __myfavJoin } from 'node:path';",
  'const require = __myfavCreateRequire(import.meta.url);',
  // dist/ itself, from an entry (dist/*.js) or a chunk (dist/chunks/*.js).
  'const __myfavHere = __myfavDirname(__myfavFileURLToPath(import.meta.url));',
  "const __myfavDist = __myfavBasename(__myfavHere) === 'chunks' ? __myfavDirname(__myfavHere) : __myfavHere;",
  "const __myfavPlaywrightLib = __myfavJoin(__myfavDist, 'playwright-core', 'lib');",
].join('\n');

/** Points playwright-core's `__dirname` at dist/playwright-core/lib (files that declare their own keep it). */
const playwrightDirname = {
  name: 'playwright-dirname',
  setup(build) {
    build.onLoad({ filter: /[\\/]playwright-core[\\/]lib[\\/].*\.js$/ }, async (args) => {
      if (!args.path.startsWith(pwLib)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('__dirname') || /\b(?:var|let|const)\s+__dirname\b/.test(source)) {
        return { contents: source, loader: 'js' };
      }
      return { contents: source.replace(/\b__dirname\b/g, '__myfavPlaywrightLib'), loader: 'js' };
    });
  },
};

/**
 * Resolves `axe-core` to its minified build, the one the engine sends to pages: @axe-core/playwright
 * imports the full build for a default script the engine never uses, and dist/ keeps one copy.
 */
const axeMinified = {
  name: 'axe-minified',
  setup(build) {
    const file = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    build.onResolve({ filter: /^axe-core$/ }, () => ({ path: file }));
  },
};

const entries = [
  ['index', 'src/index.ts'],
  ['post', 'src/post.ts'],
  ['cli', 'src/cli.ts'],
].filter(([, file]) => existsSync(path.join(root, file)));

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const started = Date.now();
await esbuild.build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(entries.map(([name, file]) => [name, file])),
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Shared chunks: the action and the CLI ship one copy of the engine, and what is imported
  // dynamically (Playwright, axe, the model SDKs, the artifact client) is only parsed when used.
  splitting: true,
  // Content hashes: the same sources give the same names, so a rebuild diffs clean.
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: false,
  // Whitespace only: names and code stay as written (stack traces still read), and dist/ is a
  // third smaller, which every workflow run downloads.
  minifyWhitespace: true,
  // The notices the bundled packages mark as legal (`/*!`, `@license`: axe-core's asks to appear
  // in every copy) stay, gathered at the end of each file.
  legalComments: 'eof',
  charset: 'utf8',
  banner: { js: banner },
  // Optional native or dev-only packages some dependencies probe for; absent is fine.
  external: ['chromium-bidi/*', 'electron', 'bufferutil', 'utf-8-validate'],
  logLevel: 'warning',
  plugins: [playwrightDirname, axeMinified],
});

for (const file of PLAYWRIGHT_FILES) {
  const target = path.join(dist, 'playwright-core', file);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(path.join(pwRoot, file), target);
}
// Without a package.json saying so, Node would read dist/*.js as CommonJS.
await writeFile(
  path.join(dist, 'package.json'),
  `${JSON.stringify({ type: 'module' }, null, 2)}\n`,
);

console.log(
  `dist/ built in ${Date.now() - started} ms: ${entries.map(([name]) => `${name}.js`).join(', ')}`,
);

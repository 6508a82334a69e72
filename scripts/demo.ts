/**
 * `npm run demo`: the README's quick start. Builds the demo app's little git history (a `main`
 * branch and a PR that adds favourites), makes sure a browser is there, and runs the real CLI
 * against it with no API key. `npm run demo -- --variant save-500` runs a PR with a planted bug.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createFixtureRepo,
  FIXTURE_VARIANTS,
  type FixtureVariant,
} from '../fixtures/fixture-repo.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'clean' },
    out: { type: 'string', default: 'coworker-report' },
  },
});
const variant = values.variant as FixtureVariant;
if (!FIXTURE_VARIANTS.includes(variant)) {
  console.error(`demo: --variant must be one of ${FIXTURE_VARIANTS.join(', ')}`);
  process.exit(64);
}

// On a fresh Debian/Ubuntu machine (as root) install Chromium first; elsewhere the CLI itself
// names every place it looked for a browser and how to get one.
const KNOWN = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
];
if (
  !KNOWN.some((path) => existsSync(path)) &&
  process.getuid?.() === 0 &&
  existsSync('/usr/bin/apt-get')
) {
  console.error("demo: installing Debian's chromium with apt-get (about a minute)…");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const repo = await createFixtureRepo(variant);
const out = resolve(values.out);
console.error(
  `demo: the app's repository is ${repo.dir} (branch pr, ${repo.changedFiles.length} files changed since main)`,
);
const run = spawnSync(
  process.execPath,
  [
    join(ROOT, 'bin', 'myfav-coworker.js'),
    'run',
    '--start',
    repo.startCommand,
    '--url',
    repo.url,
    '--cwd',
    repo.dir,
    '--base',
    'main',
    '--out',
    out,
  ],
  { stdio: 'inherit', env: { ...process.env, ANTHROPIC_API_KEY: '' } },
);
await rm(repo.dir, { recursive: true, force: true });
console.error(
  `demo: open ${relative(process.cwd(), join(out, 'report.html')) || 'report.html'} in a browser to see every step with its screenshot.`,
);
process.exit(run.status ?? 1);

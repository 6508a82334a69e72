/**
 * dist/ is what a workflow downloads and runs: it carries the licence notices of the code it
 * bundles. The expected texts are the packages' own files.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { ensureDist } from './action-runner.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.join(ROOT, 'dist');
const require = createRequire(import.meta.url);

/** The text of every script of dist/. */
async function scripts(): Promise<string[]> {
  const found: string[] = [];
  for (const folder of [DIST, path.join(DIST, 'chunks')]) {
    for (const name of await readdir(folder)) {
      if (name.endsWith('.js')) found.push(await readFile(path.join(folder, name), 'utf8'));
    }
  }
  return found;
}

beforeAll(async () => {
  await ensureDist();
}, 120_000);

it("carries axe-core's copyright notice with the one copy of axe it bundles", async () => {
  const shipped = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const notice = shipped.slice(0, shipped.indexOf('*/'));
  expect(notice).toMatch(/This entire copyright notice must appear in every copy/);
  const holding = (await scripts()).filter((text) => text.includes('_thisWillBeDeletedDoNotUse'));
  expect(holding).toHaveLength(1);
  // esbuild gathers legal comments at the end of the file, each line of the comment kept.
  const lines = notice.split('\n').map((line) => line.replace(/^\s*\*\s?/, '').trim());
  for (const words of lines.slice(1).filter(Boolean)) {
    expect(holding[0]!.includes(words), `dist/ lacks axe-core's notice line "${words}"`).toBe(true);
  }
});

it("carries Playwright's licence and notices beside the files of it that dist/ reads", async () => {
  const pw = path.dirname(require.resolve('playwright-core/package.json'));
  for (const name of ['LICENSE', 'NOTICE', 'ThirdPartyNotices.txt']) {
    const copied = await readFile(path.join(DIST, 'playwright-core', name), 'utf8');
    expect(copied).toBe(await readFile(path.join(pw, name), 'utf8'));
  }
});

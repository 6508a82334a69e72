/**
 * Server-side coverage of a Node app the run starts: `NODE_V8_COVERAGE` makes every Node process
 * of the app write V8's precise coverage when it exits, and a preloaded handler makes a process
 * that has no SIGTERM/SIGINT handler of its own exit on them (Node's default is to die by the
 * signal, which writes nothing). An app with its own handler shuts down its own way; one killed
 * after the grace period, or not written in Node, leaves no file, and the report says so.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScriptCoverage } from '../browser/driver.js';
import type { SideInput } from './change-coverage.js';

const PRELOAD = `'use strict';
// Written by myfav-coworker: exit on SIGTERM/SIGINT so Node writes its V8 coverage, unless the
// app handles the signal itself (then its own shutdown decides).
for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]]) {
  process.on(signal, function exitForCoverage() {
    if (process.listenerCount(signal) === 1) process.exit(code);
  });
}
`;

/** What the app is started with, and how its coverage is read back once it has stopped. */
export interface NodeCoverage {
  /** Added to the app's environment. */
  env: Record<string, string>;
  /** Reads what the app's Node processes wrote (call after the app stopped), then cleans up. */
  read(repoRoot: string): Promise<SideInput>;
}

/** Prepares a coverage folder and the preload; `nodeOptions` is the app's NODE_OPTIONS, if any. */
export async function prepareNodeCoverage(nodeOptions = ''): Promise<NodeCoverage> {
  const dir = await mkdtemp(join(tmpdir(), 'myfav-node-coverage-'));
  const out = join(dir, 'out');
  await mkdir(out);
  const preload = join(dir, 'exit-on-signal.cjs');
  await writeFile(preload, PRELOAD);
  return {
    env: {
      NODE_V8_COVERAGE: out,
      NODE_OPTIONS: `${nodeOptions} --require ${JSON.stringify(preload)}`.trim(),
    },
    read: async (repoRoot) => {
      try {
        return await readCoverage(out, repoRoot);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

async function readCoverage(out: string, repoRoot: string): Promise<SideInput> {
  const names = (await readdir(out)).filter((n) => n.endsWith('.json'));
  if (names.length === 0) {
    return {
      notMeasured:
        'the app wrote no V8 coverage: it is not a Node app, or it did not exit within the grace period after SIGTERM and was killed',
    };
  }
  const root = repoRoot.endsWith(sep) ? repoRoot : `${repoRoot}${sep}`;
  const scripts: ScriptCoverage[] = [];
  for (const name of names) {
    const data = JSON.parse(await readFile(join(out, name), 'utf8')) as {
      result?: ScriptCoverage[];
    };
    for (const script of data.result ?? []) {
      if (!script.url.startsWith('file:')) continue;
      const path = fileURLToPath(script.url);
      if (!path.startsWith(root) || path.includes(`${sep}node_modules${sep}`)) continue;
      const source = await readFile(path, 'utf8').catch(() => null);
      if (source !== null) scripts.push({ ...script, source });
    }
  }
  return { scripts };
}

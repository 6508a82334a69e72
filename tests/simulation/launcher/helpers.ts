/** Shared helpers of the launcher tests: free ports, temp folders, and an independent look at process groups. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APPS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'apps');
export const SERVER_APP = join(APPS_DIR, 'server.mjs');

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'launcher-test-'));
}

/**
 * Pids in process group `pgid` that are still running, according to `ps` (zombies excepted: on
 * this machine PID 1 never reaps orphans, so killed grandchildren stay as zombies, which run
 * nothing and hold no port).
 */
export function runningInGroup(pgid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, group, stat]) => pid && Number(group) === pgid && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

/** True when `kill(-pgid, 0)` says the group does not exist at all. */
export function groupMissing(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Polls `check` until it is true or `timeoutMs` passes; returns its last value. */
export async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Shell-quotes a path for a start command. */
export function q(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

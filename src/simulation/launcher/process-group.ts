/**
 * Process-group helpers. The app's start command runs as the leader of its own group, so one
 * signal reaches the shell, `npm`, the dev server and whatever they spawned.
 *
 * "Gone" ignores zombies: a killed grandchild whose parent died is re-parented to PID 1, and in
 * containers whose PID 1 does not reap orphans (Docker without `--init`, some microVM inits) it
 * stays a zombie in the group forever, so `kill(-pgid, 0)` alone never says ESRCH.
 * A zombie runs no code and holds no port, so on Linux the group counts as gone when every
 * remaining member is a zombie.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Sends `signal` to every process in group `pgid`; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Pids of the group's members that are not zombies, read from /proc (Linux only). */
export function liveGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const group = Number(fields[2]);
    if (group === pgid && state !== 'Z' && state !== 'X') members.push(Number(entry));
  }
  return members;
}

/** True while any process of group `pgid` is still running (zombies excepted, see above). */
export function groupAlive(pgid: number): boolean {
  let exists: boolean;
  try {
    exists = signalGroup(pgid, 0);
  } catch (error) {
    // EPERM: members exist but belong to someone else; they are alive.
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return true;
    throw error;
  }
  if (!exists) return false;
  if (process.platform !== 'linux') return true;
  return liveGroupMembers(pgid).length > 0;
}

/** Resolves true once the group is gone, false if it is still alive after `timeoutMs`. */
export async function waitForGroupGone(
  pgid: number,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Stops the whole group: SIGTERM, then SIGKILL for what is left after `graceMs`. Resolves when
 * the group is gone (or, if even SIGKILL did not clear it within `killWaitMs`, gives up quietly:
 * that can only be a process stuck in the kernel, and waiting longer would not help).
 */
export async function terminateGroup(
  pgid: number,
  graceMs: number,
  killWaitMs = 5_000,
): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  if (await waitForGroupGone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitForGroupGone(pgid, killWaitMs);
}

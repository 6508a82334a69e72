import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPS_DIR, freePort, runningInGroup, tempDir, waitFor } from './helpers.js';

interface HostRun {
  pgid: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  host: ReturnType<typeof spawn>;
  logPath: string;
}

/** Starts crash-host.ts (which starts an app via startApp) and waits for the app's group id. */
async function runHost(mode: string): Promise<HostRun> {
  const port = await freePort();
  const logPath = join(tempDir(), 'app.log');
  const host = spawn(
    process.execPath,
    ['--import', 'tsx', join(APPS_DIR, 'crash-host.ts'), mode, String(port), logPath],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    host.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stdout = '';
  let stderr = '';
  host.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const pgid = await new Promise<number>((resolve, reject) => {
    host.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /\{"pgid":(\d+)\}/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void exit.then(({ code }) => {
      if (!/"pgid"/.test(stdout)) reject(new Error(`host exited (${code}) early: ${stderr}`));
    });
  });
  return { pgid, exit, host, logPath };
}

describe('cleanup when the process that started the app ends', () => {
  it.each([
    ['throw', 'an uncaught exception'],
    ['exit', 'process.exit(1)'],
    ['reject', 'an unhandled rejection'],
  ])('kills the app group after %s (%s)', async (mode) => {
    const { pgid, exit, host } = await runHost(mode);
    expect(runningInGroup(pgid).length).toBeGreaterThanOrEqual(2);
    host.stdin!.write('go\n');

    const { code } = await exit;
    expect(code).toBe(1);
    // SIGKILL was sent while the host exited; the kernel finishes the job a moment later.
    expect(await waitFor(() => runningInGroup(pgid).length === 0)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops the app gracefully on %s, then ends with that signal',
    async (signal) => {
      const { pgid, exit, host, logPath } = await runHost('wait');
      expect(runningInGroup(pgid).length).toBeGreaterThanOrEqual(2);

      host.kill(signal);
      const result = await exit;
      // The host re-raised the signal after stopping the app: a shell sees 143 / 130.
      expect(result.signal).toBe(signal);
      // The app was stopped before the host died, and asked nicely first.
      expect(runningInGroup(pgid)).toEqual([]);
      expect(readFileSync(logPath, 'utf8')).toContain('server: got SIGTERM');
    },
  );
});

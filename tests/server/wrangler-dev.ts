/**
 * Starts `wrangler dev` (workerd, local mode) on 127.0.0.1 for a test: the config file given,
 * variables passed with `--var`, state in a temporary folder, and everything it prints kept so a
 * test can read the Worker's log lines.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WranglerDev {
  url: string;
  /** Everything wrangler and the Worker printed so far (stdout and stderr). */
  output: () => string;
  /** The Worker's JSON log lines so far, parsed. */
  logLines: () => Record<string, unknown>[];
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts wrangler dev with `config` and waits until `GET /` answers (any status). */
export async function startWranglerDev(
  config: string,
  vars: (url: string) => Record<string, string>,
): Promise<WranglerDev> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const state = await mkdtemp(join(tmpdir(), 'wrangler-state-'));
  const args = ['dev', '-c', config, '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--persist-to', state, '--show-interactive-dev-session=false');
  for (const [name, value] of Object.entries(vars(url))) args.push('--var', `${name}:${value}`);
  const child = spawn('node_modules/.bin/wrangler', args, {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stopping it stops workerd too
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    await rm(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(`${url}/`);
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`wrangler dev did not start:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    output: () => out,
    logLines: () =>
      out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stop,
  };
}

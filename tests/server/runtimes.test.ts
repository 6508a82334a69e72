/**
 * One module per host: `server/index.ts` only exports a fetch handler (running it starts
 * nothing), `server/node.ts` serves it on Node, and Bun and Deno, installed from npm, serve that
 * export with the documented commands. Each answers health, OAuth discovery, a per-address
 * limited route (the client address comes from the runtime), and the 401 that starts an MCP
 * login.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ENCRYPTION_KEY,
  GITHUB_CLIENT_ID,
  GITHUB_CLIENT_SECRET,
  SIGNING_KEY,
} from '../../harness/server-harness.js';

const stops: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const stop of stops) await stop();
});

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

function env(port: number, logLevel = 'warn'): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    GITHUB_CLIENT_ID,
    GITHUB_CLIENT_SECRET,
    ENCRYPTION_KEY,
    SIGNING_KEY,
    LOG_LEVEL: logLevel,
  };
}

/** A served app: its base URL, its process, and what it wrote to stdout so far. */
interface Served {
  url: string;
  child: ChildProcess;
  stdout: () => string;
}

/** Starts `command` and waits until `${url}/health` answers. */
async function serveWith(
  command: string,
  args: string[],
  port: number,
  logLevel?: string,
): Promise<Served> {
  const child = spawn(command, args, {
    env: env(port, logLevel),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  stops.push(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, child, stdout: () => stdout };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`${command} did not serve the app:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function smoke(url: string): Promise<void> {
  const meta = await fetch(`${url}/.well-known/oauth-authorization-server`);
  expect(meta.status).toBe(200);
  expect(((await meta.json()) as { issuer: string }).issuer).toBe(url);
  const login = await fetch(`${url}/v1/auth/github`, { redirect: 'manual' });
  expect(login.status).toBe(302);
  expect(login.headers.get('location')).toContain('/login/oauth/authorize');
  const mcp = await fetch(`${url}/mcp`, { method: 'POST', body: '{}' });
  expect(mcp.status).toBe(401);
  expect(mcp.headers.get('www-authenticate')).toContain('resource_metadata=');
}

describe('hosts', () => {
  it('server/index.ts run as a program starts nothing; server/node.ts serves on Node', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: env(port),
      stdio: 'ignore',
    });
    // Nothing keeps the process alive: it exits by itself, and nothing listened on PORT.
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();

    const nodePort = await freePort();
    const args = ['--import', 'tsx', 'server/node.ts'];
    await smoke((await serveWith(process.execPath, args, nodePort)).url);
  }, 60_000);

  it('on Node, every request is logged on stdout, the last ones included when it stops', async () => {
    const port = await freePort();
    const served = await serveWith(
      process.execPath,
      ['--import', 'tsx', 'server/node.ts'],
      port,
      'info',
    );
    // stdout stops being read, as when a log collector falls behind: the lines of 1,000
    // requests (about 190 KB) are more than the pipe and this reader hold.
    served.child.stdout!.pause();
    const ids = Array.from({ length: 1000 }, (_, i) => `sigterm-check-${i}`);
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(
        ids
          .slice(i, i + 100)
          .map((id) => fetch(`${served.url}/health`, { headers: { 'x-correlation-id': id } })),
      );
    }
    // 'close', not 'exit': the process may exit before this side has read all it wrote.
    const exited = new Promise((resolve) => served.child.once('close', resolve));
    served.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    served.child.stdout!.resume();
    expect(await exited).toBe(0);

    const lines = served
      .stdout()
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'myfav-coworker server listening')).toBe(true);
    // The start-up health checks are logged too, under ids of the server's own.
    const logged = lines.filter(
      (l) => l.msg === 'request' && String(l.correlation_id).startsWith('sigterm-check-'),
    );
    expect(logged.map((l) => l.correlation_id).sort()).toEqual([...ids].sort());
    expect(logged.every((l) => l.status === 200 && l.path === '/health')).toBe(true);
  }, 60_000);

  it('Bun serves the default export', async () => {
    const port = await freePort();
    await smoke((await serveWith('node_modules/.bin/bun', ['server/index.ts'], port)).url);
  }, 90_000);

  it('a bad configuration answers 500 and the log names what to fix', async () => {
    const port = await freePort();
    const child = spawn('node_modules/.bin/bun', ['server/index.ts'], {
      env: { ...env(port), SIGNING_KEY: 'short' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    stops.push(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    });
    let res: Response | null = null;
    for (let i = 0; i < 100 && !res; i += 1) {
      res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
      if (!res) await new Promise((r) => setTimeout(r, 200));
    }
    expect(res?.status).toBe(500);
    expect(await res?.json()).toMatchObject({ error: 'server_misconfigured' });
    expect(out).toContain('SIGNING_KEY must be at least 32 characters');
  }, 60_000);

  it('Deno serves the default export', async () => {
    const port = await freePort();
    const args = ['serve', '--allow-net', '--allow-env', '--allow-read', '--allow-sys'];
    args.push('--unstable-sloppy-imports', '--host', '127.0.0.1', '--port', String(port));
    const deno = await serveWith('node_modules/.bin/deno', [...args, 'server/index.ts'], port);
    await smoke(deno.url);
  }, 90_000);
});

/**
 * An Upstash Redis REST emulator over a real `redis-server` (through ioredis): `POST /` with
 * `["CMD", …]` → `{result}` or a 400 `{error}`; `/pipeline` and `/multi-exec` with a list of
 * commands → `[{result}|{error}]`. Bearer token required. With `Upstash-Encoding: base64` (the
 * client's default) every string in a result is base64-encoded, except the status "OK", as
 * Upstash does: an emulator that answered plain strings would give silent garbage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Redis as IORedis } from 'ioredis';

/** A running emulator. `url` and `token` go to UPSTASH_REDIS_REST_URL / _TOKEN. */
export interface UpstashEmulator {
  url: string;
  token: string;
  /** Every command received, for assertions (e.g. "no more GitHub calls" has a Redis twin). */
  commands: string[][];
  /** HTTP requests received (round trips: a pipeline of many commands is one). */
  requests: () => number;
  close: () => Promise<void>;
}

type Command = (string | number)[];

function encode(value: unknown, base64: boolean): unknown {
  if (!base64) return value;
  if (typeof value === 'string')
    return value === 'OK' ? value : Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  return value;
}

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'string' || typeof v === 'number')
  );
}

/** Starts the emulator on 127.0.0.1 (random port) in front of the Redis at `redisUrl`. */
export async function createUpstashEmulator(
  redisUrl: string,
  token = 'test-upstash-token',
): Promise<UpstashEmulator> {
  const redis = new IORedis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const commands: string[][] = [];
  let requests = 0;
  const app = new Hono();

  const run = async (cmd: Command): Promise<{ result: unknown } | { error: string }> => {
    commands.push(cmd.map(String));
    const [name, ...args] = cmd.map(String);
    try {
      return { result: await redis.call(name as string, ...args) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return c.json({ error: 'Only POST is supported' }, 405);
    if (c.req.header('authorization') !== `Bearer ${token}`) {
      return c.json({ error: 'Unauthorized' }, 401);
    }
    if (c.req.path !== '/_emulator/stats') requests += 1;
    await next();
  });

  // Not Upstash's: what the emulator received, for a bench running it in another process.
  app.post('/_emulator/stats', (c) => c.json({ requests, commands: commands.length }));

  app.post('/', async (c) => {
    const base64 = c.req.header('upstash-encoding') === 'base64';
    const body: unknown = await c.req.json().catch(() => null);
    if (!isCommand(body)) return c.json({ error: 'ERR command must be a non-empty array' }, 400);
    const answer = await run(body);
    if ('error' in answer) return c.json(answer, 400);
    return c.json({ result: encode(answer.result, base64) });
  });

  app.post('/pipeline', async (c) => {
    const base64 = c.req.header('upstash-encoding') === 'base64';
    const body: unknown = await c.req.json().catch(() => null);
    if (!Array.isArray(body) || !body.every(isCommand)) {
      return c.json({ error: 'ERR pipeline must be an array of commands' }, 400);
    }
    const out = [];
    for (const cmd of body) {
      const answer = await run(cmd);
      out.push('error' in answer ? answer : { result: encode(answer.result, base64) });
    }
    return c.json(out);
  });

  app.post('/multi-exec', async (c) => {
    const base64 = c.req.header('upstash-encoding') === 'base64';
    const body: unknown = await c.req.json().catch(() => null);
    if (!Array.isArray(body) || !body.every(isCommand)) {
      return c.json({ error: 'ERR transaction must be an array of commands' }, 400);
    }
    for (const cmd of body) commands.push(cmd.map(String));
    const multi = redis.multi();
    for (const cmd of body) {
      const [name, ...args] = cmd.map(String);
      multi.call(name as string, ...args);
    }
    try {
      const results = (await multi.exec()) ?? [];
      return c.json(
        results.map(([err, result]) =>
          err ? { error: err.message } : { result: encode(result, base64) },
        ),
      );
    } catch (error) {
      return c.json({ error: (error as Error).message }, 400);
    }
  });

  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
        resolve({ server, port: (info as AddressInfo).port }),
      );
    },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    commands,
    requests: () => requests,
    close: async () => {
      await new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      redis.disconnect();
    },
  };
}

/** A `redis-server` child process on a random port, with persistence off. */
export interface RedisServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `redis-server` on 127.0.0.1 at a random port and waits until it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const probe = new IORedis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

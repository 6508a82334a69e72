/**
 * Rate limits counted locally and shared through Redis (redis-server behind the Upstash REST
 * emulator), two middlewares standing for two instances: far below the limit requests share
 * their count once per second or per tenth of what is left, not once each; at the limit the
 * instances together admit exactly `limit`.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTPException } from 'hono/http-exception';
import { rateLimit } from '../../server/auth/rate-limit.js';
import type { AppEnv } from '../../server/context.js';
import { UpstashStore } from '../../server/store/upstash-store.js';
import {
  createUpstashEmulator,
  startRedisServer,
  type RedisServer,
  type UpstashEmulator,
} from '../../fakes/upstash/server.js';

let redis: RedisServer;
let emulator: UpstashEmulator;
let now = Date.UTC(2026, 0, 1, 12, 0, 10);

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await createUpstashEmulator(redis.url);
});

afterAll(async () => {
  await emulator?.close();
  await redis?.stop();
});

/** Two instances' apps with one limit on one Redis; each answers 200 or 429. */
function instances(limit: number): Hono<AppEnv>[] {
  const prefix = `rl${randomBytes(3).toString('hex')}:`;
  return [0, 1].map(() => {
    const app = new Hono<AppEnv>();
    const store = new UpstashStore({ url: emulator.url, token: emulator.token, prefix });
    app.use(
      '*',
      rateLimit({ store, limit, windowSeconds: 60, clock: () => now, key: () => 'k', name: 't' }),
    );
    app.get('/', (c) => c.text('ok'));
    app.onError((error, c) =>
      error instanceof HTTPException ? error.getResponse() : c.text(error.message, 500),
    );
    return app;
  });
}

const statusOf = async (app: Hono<AppEnv>) => (await app.request('/')).status;

describe('rate limits', () => {
  it('cost no store round trip per request far below the limit', async () => {
    const [a] = instances(10_000);
    const before = emulator.requests();
    for (let i = 0; i < 500; i += 1) expect(await statusOf(a!)).toBe(200);
    // One sync for the first request; then none until a tenth of what is left (999) is counted.
    expect(emulator.requests() - before).toBe(1);
    now += 1000;
    expect(await statusOf(a!)).toBe(200);
    expect(emulator.requests() - before).toBe(2); // a second later the count is shared once
  });

  it('admit exactly the limit across instances', async () => {
    const [a, b] = instances(20);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) statuses.push(await statusOf(i % 2 === 0 ? a! : b!));
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Refused requests are refused locally: no more round trips once over the limit.
    const before = emulator.requests();
    for (let i = 0; i < 10; i += 1) expect(await statusOf(a!)).toBe(429);
    expect(emulator.requests() - before).toBe(0);
  });
});

/**
 * The caching store over the real Upstash path (redis-server behind the emulator), two caches
 * standing for two server instances on one Redis: what can still change is never served from
 * memory, what cannot is served with no round trip, and users are at most `userTtlMs` late.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationJob, User } from '../../../server/jobs/model.js';
import { CachingStore } from '../../../server/store/caching-store.js';
import { UpstashStore } from '../../../server/store/upstash-store.js';
import {
  createUpstashEmulator,
  startRedisServer,
  type RedisServer,
  type UpstashEmulator,
} from '../../../fakes/upstash/server.js';

let redis: RedisServer;
let emulator: UpstashEmulator;
let now = 1_000_000;
const clock = () => now;

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await createUpstashEmulator(redis.url);
});

afterAll(async () => {
  await emulator?.close();
  await redis?.stop();
});

/** Two instances' stores on one Redis. */
function instances(): [CachingStore, CachingStore] {
  const prefix = `c${randomBytes(3).toString('hex')}:`;
  const make = () =>
    new CachingStore(new UpstashStore({ url: emulator.url, token: emulator.token, prefix }), {
      userTtlMs: 30_000,
      clock,
    });
  return [make(), make()];
}

function job(overrides: Partial<SimulationJob> = {}): SimulationJob {
  return {
    job_id: `job_${randomBytes(6).toString('hex')}`,
    user_id: '1001',
    pr_url: 'https://github.com/acme/shop/pull/42',
    owner: 'acme',
    repo: 'shop',
    pr_number: 42,
    instructions: null,
    status: 'running',
    report: null,
    error: null,
    run_id: 7,
    run_url: null,
    artifact_url: null,
    run_etag: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    completed_at: null,
    version: 1,
    ...overrides,
  };
}

const completed = (j: SimulationJob): SimulationJob => ({
  ...j,
  status: 'completed',
  report: { result: 'pass', summary: 'ok', findings: 0, criteria: { pass: 1, fail: 0, other: 0 } },
  completed_at: '2026-01-01T00:05:00.000Z',
  version: j.version + 1,
});

/** Commands the emulator received while `fn` ran. */
async function commandsDuring(fn: () => unknown): Promise<number> {
  const before = emulator.commands.length;
  await fn();
  return emulator.commands.length - before;
}

describe('CachingStore', () => {
  it('never serves a running job from memory: its completion elsewhere is seen at once', async () => {
    const [a, b] = instances();
    const running = job();
    await b.putJob(running);
    expect((await a.getJob(running.job_id))?.status).toBe('running');
    expect((await a.getJob(running.job_id))?.status).toBe('running');
    await b.putJob(completed(running));
    expect((await a.getJob(running.job_id))?.status).toBe('completed');
  });

  it('serves a terminal job and its report with no round trip, and both instances agree', async () => {
    const [a, b] = instances();
    const done = completed(job());
    await a.putJob(done);
    await a.putReport(done.job_id, '{"result":"pass"}');
    // Written by a: a serves them from memory at once.
    expect(await commandsDuring(() => a.getJob(done.job_id))).toBe(0);
    expect(await commandsDuring(() => a.getReport(done.job_id))).toBe(0);
    // b reads them once from Redis, then from memory: the same values.
    expect(await b.getJob(done.job_id)).toEqual(done);
    expect(await b.getReport(done.job_id)).toBe('{"result":"pass"}');
    expect(await commandsDuring(() => b.getJob(done.job_id))).toBe(0);
    expect(await b.getJob(done.job_id)).toEqual(await a.getJob(done.job_id));
    // A stale write is still refused by Redis and does not replace the terminal state.
    expect(await b.putJob({ ...done, status: 'running', version: 1 })).toBe(false);
    expect((await b.getJob(done.job_id))?.status).toBe('completed');
  });

  it('hands out frozen records: a caller cannot change what the cache holds', async () => {
    const [a] = instances();
    const done = completed(job());
    await a.putJob(done);
    done.status = 'running'; // the caller's own object, after the write
    const first = await a.getJob(done.job_id);
    expect(() => {
      first!.status = 'running';
    }).toThrow(TypeError);
    expect(() => {
      first!.report!.criteria.fail = 3;
    }).toThrow(TypeError);
    expect((await a.getJob(done.job_id))?.status).toBe('completed');
    expect((await a.getJob(done.job_id))?.report?.criteria.fail).toBe(0);
  });

  it('sees a user updated elsewhere within userTtlMs, and at once where it was written', async () => {
    const [a, b] = instances();
    const user: User = {
      user_id: '1001',
      github_id: 1001,
      github_username: 'alice',
      encrypted_github_token: 'v1:old',
      scopes: ['repo'],
      created_at: '2026-01-01T00:00:00.000Z',
      last_login_at: '2026-01-01T00:00:00.000Z',
    };
    await a.putUser(user);
    expect((await b.getUser(1001))?.encrypted_github_token).toBe('v1:old');
    expect(await commandsDuring(() => b.getUser(1001))).toBe(0);

    await a.putUser({ ...user, encrypted_github_token: 'v1:new' });
    expect((await a.getUser(1001))?.encrypted_github_token).toBe('v1:new');
    now += 30_001;
    expect((await b.getUser(1001))?.encrypted_github_token).toBe('v1:new');
  });
});

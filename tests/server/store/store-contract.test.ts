/**
 * The Store contract, run against both adapters: the in-memory store and the Upstash store over
 * a real redis-server behind the Upstash REST emulator.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationJob, User } from '../../../server/jobs/model.js';
import { MemoryStore } from '../../../server/store/memory-store.js';
import type { Store } from '../../../server/store/store.js';
import { UpstashStore } from '../../../server/store/upstash-store.js';
import {
  createUpstashEmulator,
  startRedisServer,
  type RedisServer,
  type UpstashEmulator,
} from '../../../fakes/upstash/server.js';

let redis: RedisServer;
let emulator: UpstashEmulator;

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await createUpstashEmulator(redis.url);
});

afterAll(async () => {
  await emulator?.close();
  await redis?.stop();
});

function job(overrides: Partial<SimulationJob> = {}): SimulationJob {
  const now = new Date().toISOString();
  return {
    job_id: `job_${randomBytes(6).toString('hex')}`,
    user_id: '1001',
    pr_url: 'https://github.com/acme/shop/pull/42',
    owner: 'acme',
    repo: 'shop',
    pr_number: 42,
    instructions: null,
    status: 'pending',
    report: null,
    error: null,
    run_id: null,
    run_url: null,
    artifact_url: null,
    run_etag: null,
    created_at: now,
    updated_at: now,
    completed_at: null,
    version: 1,
    ...overrides,
  };
}

const adapters: [string, () => Store][] = [
  ['memory', () => new MemoryStore()],
  [
    'upstash',
    () =>
      new UpstashStore({
        url: emulator.url,
        token: emulator.token,
        prefix: `t${randomBytes(4).toString('hex')}:`,
      }),
  ],
];

describe.each(adapters)('Store contract: %s', (_name, make) => {
  it('keeps users by GitHub id', async () => {
    const store = make();
    expect(await store.getUser(1001)).toBeNull();
    const user: User = {
      user_id: '1001',
      github_id: 1001,
      github_username: 'alice',
      encrypted_github_token: 'v1.a.b.c',
      scopes: ['repo'],
      created_at: '2026-01-01T00:00:00.000Z',
      last_login_at: '2026-01-02T00:00:00.000Z',
    };
    await store.putUser(user);
    expect(await store.getUser(1001)).toEqual(user);
    expect(await store.getUser('1001')).toEqual(user);
  });

  it('saves jobs and refuses a stale version', async () => {
    const store = make();
    const j = job();
    expect(await store.putJob(j)).toBe(true);
    expect(await store.getJob(j.job_id)).toEqual(j);
    expect(await store.putJob({ ...j, status: 'running', version: 2 })).toBe(true);
    expect(await store.putJob({ ...j, status: 'pending', version: 2 })).toBe(false);
    expect(await store.putJob({ ...j, status: 'pending', version: 1 })).toBe(false);
    expect((await store.getJob(j.job_id))?.status).toBe('running');
    expect(await store.getJob('job_missing')).toBeNull();
  });

  it("lists a user's jobs newest first, in pages, and only theirs", async () => {
    const store = make();
    const base = Date.parse('2026-03-01T00:00:00.000Z');
    const mine = [0, 1, 2, 3, 4].map((i) =>
      job({ user_id: 'u1', created_at: new Date(base + i * 1000).toISOString() }),
    );
    for (const j of mine) await store.putJob(j);
    await store.putJob(job({ user_id: 'u2' }));
    const p1 = await store.listJobs('u1', { limit: 2 });
    expect(p1.jobs.map((j) => j.job_id)).toEqual([mine[4]?.job_id, mine[3]?.job_id]);
    const p2 = await store.listJobs('u1', { limit: 2, cursor: p1.next_cursor });
    expect(p2.jobs.map((j) => j.job_id)).toEqual([mine[2]?.job_id, mine[1]?.job_id]);
    const p3 = await store.listJobs('u1', { limit: 2, cursor: p2.next_cursor });
    expect(p3.jobs.map((j) => j.job_id)).toEqual([mine[0]?.job_id]);
    expect(p3.next_cursor).toBeNull();
    expect((await store.listJobs('nobody', { limit: 10 })).jobs).toEqual([]);
    // Updating a job does not duplicate it in the index.
    await store.putJob({ ...(mine[0] as SimulationJob), version: 2, status: 'failed' });
    const all = await store.listJobs('u1', { limit: 100 });
    expect(all.jobs).toHaveLength(5);
  });

  it('keeps reports as given', async () => {
    const store = make();
    const text = JSON.stringify({ schemaVersion: 1, summary: 'ünïcode ✓ "quoted"', n: 123 });
    await store.putReport('job_report1', text);
    expect(await store.getReport('job_report1')).toBe(text);
    expect(await store.getReport('job_report2')).toBeNull();
  });

  it('records: set, get, take once, delete, and numeric-looking strings stay strings', async () => {
    const store = make();
    await store.setRecord('CODE#a', '12345', 60);
    expect(await store.getRecord('CODE#a')).toBe('12345');
    expect(await store.takeRecord('CODE#a')).toBe('12345');
    expect(await store.takeRecord('CODE#a')).toBeNull();
    await store.setRecord('X#b', '{"a":1}');
    await store.deleteRecord('X#b');
    expect(await store.getRecord('X#b')).toBeNull();
  });

  it('a single-use record is taken by exactly one of many concurrent callers', async () => {
    const store = make();
    await store.setRecord('CODE#race', 'once', 60);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.takeRecord('CODE#race')),
    );
    expect(results.filter((r) => r === 'once')).toHaveLength(1);
  });

  it('counts within a window', async () => {
    const store = make();
    expect(await store.increment('RL#x', 60)).toBe(1);
    expect(await store.increment('RL#x', 60)).toBe(2);
    expect(await store.increment('RL#y', 60)).toBe(1);
  });
});

describe('Upstash emulator', () => {
  it('requires the bearer token and answers Upstash-shaped errors', async () => {
    const res = await fetch(emulator.url, { method: 'POST', body: JSON.stringify(['PING']) });
    expect(res.status).toBe(401);
    const bad = await fetch(emulator.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}` },
      body: JSON.stringify(['NOSUCHCOMMAND']),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/unknown command/i);
    const multi = await fetch(`${emulator.url}/multi-exec`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'upstash-encoding': 'base64' },
      body: JSON.stringify([
        ['SET', 'emu:k', 'hello'],
        ['GET', 'emu:k'],
      ]),
    });
    expect(await multi.json()).toEqual([
      { result: 'OK' },
      { result: Buffer.from('hello').toString('base64') },
    ]);
  });
});

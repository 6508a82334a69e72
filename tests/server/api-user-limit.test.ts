/**
 * The per-user API limit counts each `/v1/simulations` request once: a user with a limit of 4
 * lists their jobs 4 times, and the 5th is refused with 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import {
  api,
  restLogin,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({
    github,
    store: new MemoryStore(),
    // Windows are aligned to the clock: with the default minute, five requests that straddle a
    // minute's end (a loaded machine) land in two windows and none is refused. A day's window
    // keeps them in one.
    env: { API_RATE_LIMIT_PER_USER: '4', RATE_LIMIT_WINDOW_SECONDS: '86400' },
  });
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

describe('the per-user API limit', () => {
  it('counts one GET /v1/simulations once', async () => {
    const token = await restLogin(server, github, 'carol');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await api(server, 'GET', '/v1/simulations', { token })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('counts one GET /v1/simulations/{id} once', async () => {
    const token = await restLogin(server, github, 'dave');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await api(server, 'GET', '/v1/simulations/job_missing', { token })).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 429]);
  });
});

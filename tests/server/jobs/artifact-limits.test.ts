/**
 * The report artifact is read within limits: anyone can make their own repo's workflow upload a
 * zip bomb. Through the running server: a 0.5 MB artifact whose report.json inflates to 512 MiB
 * fails its job with the reason while /health keeps answering; an artifact GitHub lists as
 * larger than the server reads fails before any download; a zip with too many entries fails.
 */
import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactName } from '../../../src/contract/index.js';
import { seal } from '../../../server/auth/crypto.js';
import {
  DEFAULT_ARTIFACT_LIMITS,
  type ArtifactLimits,
} from '../../../server/github/artifact-reader.js';
import { createOctokitFactory } from '../../../server/github/octokit-client.js';
import type { User } from '../../../server/jobs/model.js';
import { JobService } from '../../../server/jobs/service.js';
import { createLogger } from '../../../server/logger.js';
import { MemoryStore } from '../../../server/store/memory-store.js';
import type { FakeGitHub } from '../../../fakes/github/server.js';
import {
  api,
  restLogin,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../../harness/server-harness.js';
import { zipBomb } from './zip-bomb.js';

let github: FakeGitHub;
let server: RunningServer;
let token: string;
const PR = 'https://github.com/acme/shop/pull/42';

beforeAll(async () => {
  github = await startGitHub();
  // /health's latency is measured here: keep GitHub's 13 MB description out of this process.
  github.state.openApi = false;
  server = await startServer({ github, store: new MemoryStore() });
  token = await restLogin(server, github, 'alice');
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

/** Starts a job and ends its run with `zip` as the report artifact. */
async function jobWithArtifact(zip: Uint8Array): Promise<string> {
  // A keep-alive socket the server closed while idle (on a loaded machine a test can idle past
  // its keep-alive timeout) resets the request before the server reads it: send it again.
  const created = await api(server, 'POST', '/v1/simulations', {
    token,
    body: { pr_url: PR },
  }).catch((error: unknown) => {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    return api(server, 'POST', '/v1/simulations', { token, body: { pr_url: PR } });
  });
  const jobId = created.body.job_id as string;
  github.state.completeRun(runOf(github, jobId).id, {
    conclusion: 'success',
    artifactZip: zip,
    artifactName: artifactName(jobId),
  });
  return jobId;
}

/** Times GET /health every 20 ms until `done` settles; returns the slowest answer, in ms. */
async function slowestHealth(done: Promise<unknown>): Promise<number> {
  let settled = false;
  void done.finally(() => (settled = true));
  let slowest = 0;
  let answers = 0;
  while (!settled || answers === 0) {
    const started = performance.now();
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    slowest = Math.max(slowest, performance.now() - started);
    answers += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return slowest;
}

describe('artifact limits', () => {
  it('a zip bomb fails its job with the reason while /health keeps answering', async () => {
    const bomb = zipBomb('report.json', 512);
    expect(bomb.length).toBeLessThan(600_000);
    const jobId = await jobWithArtifact(bomb);
    // /health's slowest answer on this machine as loaded as it is now, without the bomb. Reading
    // the bomb in one go stalls the server for seconds; read in slices it must never hold the
    // event loop for a second (a liveness bound, loose enough for a loaded machine, not a speed
    // target: those are measured by the benchmarks).
    const baseline = await slowestHealth(new Promise((resolve) => setTimeout(resolve, 1000)));
    const read = api(server, 'GET', `/v1/simulations/${jobId}`, { token });
    const slowest = await slowestHealth(read);
    const res = await read;
    expect(res.body.status).toBe('failed');
    expect(res.body.error).toContain(
      'report.json in the report artifact inflates to more than 8.0 MiB',
    );
    expect(slowest - baseline, `slowest ${slowest} ms, baseline ${baseline} ms`).toBeLessThan(1000);
  });

  it('an artifact GitHub lists as larger than the server reads fails before any download', async () => {
    const jobId = await jobWithArtifact(zipSync({ 'report.json': strToU8('{}') }));
    const artifact = github.state.finalizedArtifacts(artifactName(jobId))[0];
    if (!artifact) throw new Error('no artifact');
    artifact.size = 200 * 1024 * 1024;
    const downloadsBefore = github.state.requestsTo('GET', /\/artifacts\/\d+\/zip$/).length;
    const res = await api(server, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(res.body.status).toBe('failed');
    expect(res.body.error).toContain('is larger than the 64.0 MiB the server reads');
    expect(res.body.error).toContain('209715200 bytes');
    expect(github.state.requestsTo('GET', /\/artifacts\/\d+\/zip$/)).toHaveLength(downloadsBefore);
  });

  it('a zip with more entries than the server reads fails with the reason', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10_001; i += 1) files[`shot-${i}.png`] = new Uint8Array(0);
    files['report.json'] = strToU8('{}');
    const jobId = await jobWithArtifact(zipSync(files));
    const res = await api(server, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(res.body.status).toBe('failed');
    expect(res.body.error).toContain('holds more than 10000 files');
  });
});

describe('artifact limits, with a server configured low', () => {
  /** A job service of this server's config with `limits`, as alice (who has write access). */
  async function lowLimits(limits: Partial<ArtifactLimits>) {
    const logger = createLogger('silent');
    github.state.addToken('gho_limits', 'alice');
    const jobs = new JobService({
      store: new MemoryStore(),
      github: createOctokitFactory({ apiUrl: github.url, timeoutMs: 10_000, logger, retries: 0 }),
      config: server.config,
      clock: Date.now,
      logger,
      pollIntervalMs: 50,
      artifactLimits: { ...DEFAULT_ARTIFACT_LIMITS, ...limits },
    });
    const now = new Date().toISOString();
    const user: User = {
      user_id: 'u-limits',
      github_id: 1,
      github_username: 'alice',
      encrypted_github_token: seal(server.config.encryptionKey, 'gho_limits'),
      scopes: ['repo'],
      created_at: now,
      last_login_at: now,
    };
    return { jobs, user, logger };
  }

  async function finished(jobs: JobService, user: User, zip: Uint8Array, listedSize?: number) {
    const logger = createLogger('silent');
    const job = await jobs.create(user, { pr_url: PR }, logger);
    github.state.completeRun(runOf(github, job.job_id).id, {
      conclusion: 'success',
      artifactZip: zip,
      artifactName: artifactName(job.job_id),
    });
    const artifact = github.state.finalizedArtifacts(artifactName(job.job_id))[0];
    if (artifact && listedSize !== undefined) artifact.size = listedSize;
    return jobs.get(user, job.job_id, () => logger);
  }

  it('a download that goes past the limit is cut off, even when GitHub listed a small size', async () => {
    const { jobs, user } = await lowLimits({ maxZipBytes: 4096 });
    const zip = zipSync({ 'report.json': randomBytes(20_000) }, { level: 0 });
    const job = await finished(jobs, user, zip, 100);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('is larger than the 4.0 KiB the server reads');
  });

  it('a read that outlasts the time budget fails with the reason', async () => {
    const { jobs, user } = await lowLimits({
      timeBudgetMs: 1,
      maxReportBytes: 1024 * 1024 * 1024,
    });
    const job = await finished(jobs, user, zipBomb('report.json', 64));
    expect(job.status).toBe('failed');
    expect(job.error).toContain('Reading the report artifact took more than 0.001 s');
  });
});

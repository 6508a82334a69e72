/**
 * A Store decorator that answers the hot reads from this process's memory, so an authenticated
 * read of a finished job costs no round trip to Redis:
 * - terminal jobs (completed/failed never change again) and their reports are kept until
 *   evicted (least recently used first, bounded by count and by report size);
 * - users are kept for `userTtlMs`: a new login elsewhere (a new GitHub token) is seen here at
 *   most that late, and at once on the instance that handled it.
 * Running jobs, job lists, auth records and counters always go to the store, so two instances
 * on one Redis never disagree about anything that can still change.
 *
 * Cached records are handed out frozen rather than copied on every read: a caller that wants a
 * changed record builds a new one, as the job service and the token refresh do; one that writes
 * into a record it read fails loudly.
 */
import { LRUCache } from 'lru-cache';
import { isTerminal, type SimulationJob, type User } from '../jobs/model.js';
import { deepFreeze } from './frozen.js';
import { SingleFlight } from './single-flight.js';
import type { JobPage, RecordListener, Store } from './store.js';

export interface CachingStoreOptions {
  /** How long a user record is served from memory; 0 turns user caching off. */
  userTtlMs: number;
  /** Most entries per kind (jobs, users, reports). */
  maxEntries?: number;
  /** Most characters of report JSON held in memory. */
  maxReportChars?: number;
  /** Time source (tests move it). */
  clock?: () => number;
}

/** Wraps a Store with in-process caches of what is safe to cache. */
export class CachingStore implements Store {
  private readonly jobs: LRUCache<string, SimulationJob>;
  private readonly reports: LRUCache<string, string>;
  private readonly users: LRUCache<string, User> | null;
  private readonly userLoads = new SingleFlight<User | null>();
  private readonly jobLoads = new SingleFlight<SimulationJob | null>();
  private readonly reportLoads = new SingleFlight<string | null>();

  constructor(
    private readonly inner: Store,
    options: CachingStoreOptions,
  ) {
    const max = options.maxEntries ?? 10_000;
    const clock = options.clock ?? Date.now;
    this.jobs = new LRUCache({ max });
    this.reports = new LRUCache({
      max,
      maxSize: options.maxReportChars ?? 32 * 1024 * 1024,
      sizeCalculation: (text) => Math.max(1, text.length),
    });
    this.users =
      options.userTtlMs > 0
        ? new LRUCache({ max, ttl: options.userTtlMs, perf: { now: clock } })
        : null;
  }

  async getUser(githubId: number | string): Promise<User | null> {
    const key = String(githubId);
    const hit = this.users?.get(key);
    if (hit) return hit;
    return this.userLoads.run(key, async () => {
      const loaded = await this.inner.getUser(githubId);
      if (!loaded) return null;
      const frozen = deepFreeze(loaded);
      this.users?.set(key, frozen);
      return frozen;
    });
  }

  async putUser(user: User): Promise<void> {
    await this.inner.putUser(user);
    this.users?.set(String(user.github_id), deepFreeze(structuredClone(user)));
  }

  async getJob(jobId: string): Promise<SimulationJob | null> {
    const hit = this.jobs.get(jobId);
    if (hit) return hit;
    return this.jobLoads.run(jobId, async () => {
      const loaded = await this.inner.getJob(jobId);
      if (!loaded) return null;
      const frozen = deepFreeze(loaded);
      if (isTerminal(loaded.status)) this.jobs.set(jobId, frozen);
      return frozen;
    });
  }

  async putJob(job: SimulationJob): Promise<boolean> {
    const saved = await this.inner.putJob(job);
    if (saved && isTerminal(job.status))
      this.jobs.set(job.job_id, deepFreeze(structuredClone(job)));
    return saved;
  }

  listJobs(userId: string, options: { limit: number; cursor?: string | null }): Promise<JobPage> {
    return this.inner.listJobs(userId, options);
  }

  async putReport(jobId: string, reportJson: string): Promise<void> {
    await this.inner.putReport(jobId, reportJson);
    this.reports.set(jobId, reportJson);
  }

  async getReport(jobId: string): Promise<string | null> {
    const hit = this.reports.get(jobId);
    if (hit !== undefined) return hit;
    return this.reportLoads.run(jobId, async () => {
      const text = await this.inner.getReport(jobId);
      if (text !== null) this.reports.set(jobId, text);
      return text;
    });
  }

  setRecord(key: string, value: string, ttlSeconds?: number): Promise<void> {
    return this.inner.setRecord(key, value, ttlSeconds);
  }

  getRecord(key: string): Promise<string | null> {
    return this.inner.getRecord(key);
  }

  takeRecord(key: string): Promise<string | null> {
    return this.inner.takeRecord(key);
  }

  deleteRecord(key: string): Promise<void> {
    return this.inner.deleteRecord(key);
  }

  increment(key: string, windowSeconds: number, by?: number): Promise<number> {
    return this.inner.increment(key, windowSeconds, by);
  }

  onRecordChange(listener: RecordListener): void {
    this.inner.onRecordChange?.(listener);
  }
}

/**
 * In-memory Store for local runs and tests. State lives in this process only: fine for one
 * instance, and the server warns at start-up when it runs with this store.
 */
import type { SimulationJob, User } from '../jobs/model.js';
import {
  RecordListeners,
  keys,
  parseCursor,
  type JobPage,
  type RecordListener,
  type Store,
} from './store.js';

interface Entry {
  value: string;
  expiresAt: number | null;
}

/** A Store backed by maps; `now` is injectable so tests can move time. */
export class MemoryStore implements Store {
  private readonly data = new Map<string, Entry>();
  private readonly indexes = new Map<string, Map<string, number>>();
  private readonly listeners = new RecordListeners();

  constructor(private readonly now: () => number = Date.now) {}

  private read(key: string): string | null {
    const entry = this.data.get(key);
    if (!entry) return null;
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.data.delete(key);
      return null;
    }
    return entry.value;
  }

  private write(key: string, value: string, ttlSeconds?: number): void {
    this.data.set(key, {
      value,
      expiresAt: ttlSeconds ? this.now() + ttlSeconds * 1000 : null,
    });
  }

  async getUser(githubId: number | string): Promise<User | null> {
    const raw = this.read(keys.user(githubId));
    return raw ? (JSON.parse(raw) as User) : null;
  }

  async putUser(user: User): Promise<void> {
    this.write(keys.user(user.github_id), JSON.stringify(user));
  }

  async getJob(jobId: string): Promise<SimulationJob | null> {
    const raw = this.read(keys.job(jobId));
    return raw ? (JSON.parse(raw) as SimulationJob) : null;
  }

  async putJob(job: SimulationJob): Promise<boolean> {
    const current = await this.getJob(job.job_id);
    if (current && current.version >= job.version) return false;
    this.write(keys.job(job.job_id), JSON.stringify(job));
    const indexKey = keys.userJobs(job.user_id);
    const index = this.indexes.get(indexKey) ?? new Map<string, number>();
    index.set(job.job_id, Date.parse(job.created_at));
    this.indexes.set(indexKey, index);
    return true;
  }

  async listJobs(
    userId: string,
    options: { limit: number; cursor?: string | null },
  ): Promise<JobPage> {
    const index = this.indexes.get(keys.userJobs(userId)) ?? new Map<string, number>();
    // Newest first; ties broken by id descending, as Redis orders equal scores in ZRANGE REV.
    const ids = [...index.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0))
      .map(([id]) => id);
    const start = parseCursor(options.cursor);
    const slice = ids.slice(start, start + options.limit);
    const jobs: SimulationJob[] = [];
    for (const id of slice) {
      const job = await this.getJob(id);
      if (job) jobs.push(job);
    }
    const next = start + options.limit < ids.length ? String(start + options.limit) : null;
    return { jobs, next_cursor: next };
  }

  async putReport(jobId: string, reportJson: string): Promise<void> {
    this.write(keys.report(jobId), reportJson);
  }

  async getReport(jobId: string): Promise<string | null> {
    return this.read(keys.report(jobId));
  }

  async setRecord(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.write(keys.record(key), value, ttlSeconds);
    this.listeners.notify('set', key);
  }

  async getRecord(key: string): Promise<string | null> {
    return this.read(keys.record(key));
  }

  async takeRecord(key: string): Promise<string | null> {
    const value = this.read(keys.record(key));
    this.data.delete(keys.record(key));
    return value;
  }

  async deleteRecord(key: string): Promise<void> {
    this.data.delete(keys.record(key));
    this.listeners.notify('delete', key);
  }

  onRecordChange(listener: RecordListener): void {
    this.listeners.add(listener);
  }

  async increment(key: string, windowSeconds: number, by = 1): Promise<number> {
    const k = keys.record(key);
    const current = this.read(k);
    const entry = this.data.get(k);
    const next = (current ? Number(current) : 0) + by;
    this.data.set(k, {
      value: String(next),
      expiresAt: current && entry ? entry.expiresAt : this.now() + windowSeconds * 1000,
    });
    return next;
  }
}

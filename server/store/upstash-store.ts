/**
 * Store on Upstash Redis (REST). The only file that imports `@upstash/redis`. Jobs are written
 * with a small Lua script so a stale write (lower version) never overwrites a newer state, even
 * with several server instances refreshing the same job.
 */
import { Redis } from '@upstash/redis';
import type { SimulationJob, User } from '../jobs/model.js';
import {
  RecordListeners,
  keys,
  parseCursor,
  type JobPage,
  type RecordListener,
  type Store,
} from './store.js';

const PUT_JOB = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and decoded.version and tonumber(decoded.version) >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
`;

const INCREMENT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[2])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
`;

/** Connection settings for Upstash. */
export interface UpstashOptions {
  url: string;
  token: string;
  /** Key prefix, so one database can hold several deployments (and tests stay apart). */
  prefix?: string;
}

/** A Store on Upstash Redis. */
export class UpstashStore implements Store {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly listeners = new RecordListeners();

  constructor(options: UpstashOptions) {
    // Values are JSON we encode ourselves: turn off the client's own (de)serialization so a
    // string like "123" stays a string.
    this.redis = new Redis({
      url: options.url,
      token: options.token,
      automaticDeserialization: false,
      enableTelemetry: false,
    });
    this.prefix = options.prefix ?? '';
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  private async getString(key: string): Promise<string | null> {
    const value = await this.redis.get<string>(this.k(key));
    return value ?? null;
  }

  async getUser(githubId: number | string): Promise<User | null> {
    const raw = await this.getString(keys.user(githubId));
    return raw ? (JSON.parse(raw) as User) : null;
  }

  async putUser(user: User): Promise<void> {
    await this.redis.set(this.k(keys.user(user.github_id)), JSON.stringify(user));
  }

  async getJob(jobId: string): Promise<SimulationJob | null> {
    const raw = await this.getString(keys.job(jobId));
    return raw ? (JSON.parse(raw) as SimulationJob) : null;
  }

  async putJob(job: SimulationJob): Promise<boolean> {
    const result = await this.redis.eval(
      PUT_JOB,
      [this.k(keys.job(job.job_id)), this.k(keys.userJobs(job.user_id))],
      [JSON.stringify(job), String(job.version), String(Date.parse(job.created_at)), job.job_id],
    );
    return Number(result) === 1;
  }

  async listJobs(
    userId: string,
    options: { limit: number; cursor?: string | null },
  ): Promise<JobPage> {
    const start = parseCursor(options.cursor);
    const ids = await this.redis.zrange<string[]>(
      this.k(keys.userJobs(userId)),
      start,
      start + options.limit, // one more than a page, to know whether another page exists
      { rev: true },
    );
    const pageIds = ids.slice(0, options.limit);
    const jobs: SimulationJob[] = [];
    if (pageIds.length > 0) {
      const raws = await this.redis.mget<(string | null)[]>(
        ...pageIds.map((id) => this.k(keys.job(id))),
      );
      for (const raw of raws) if (raw) jobs.push(JSON.parse(raw) as SimulationJob);
    }
    return {
      jobs,
      next_cursor: ids.length > options.limit ? String(start + options.limit) : null,
    };
  }

  async putReport(jobId: string, reportJson: string): Promise<void> {
    await this.redis.set(this.k(keys.report(jobId)), reportJson);
  }

  async getReport(jobId: string): Promise<string | null> {
    return this.getString(keys.report(jobId));
  }

  async setRecord(key: string, value: string, ttlSeconds?: number): Promise<void> {
    if (ttlSeconds) await this.redis.set(this.k(keys.record(key)), value, { ex: ttlSeconds });
    else await this.redis.set(this.k(keys.record(key)), value);
    this.listeners.notify('set', key);
  }

  async getRecord(key: string): Promise<string | null> {
    return this.getString(keys.record(key));
  }

  async takeRecord(key: string): Promise<string | null> {
    const value = await this.redis.getdel<string>(this.k(keys.record(key)));
    return value ?? null;
  }

  async deleteRecord(key: string): Promise<void> {
    await this.redis.del(this.k(keys.record(key)));
    this.listeners.notify('delete', key);
  }

  onRecordChange(listener: RecordListener): void {
    this.listeners.add(listener);
  }

  async increment(key: string, windowSeconds: number, by = 1): Promise<number> {
    const n = await this.redis.eval(
      INCREMENT,
      [this.k(keys.record(key))],
      [String(windowSeconds), String(by)],
    );
    return Number(n);
  }
}

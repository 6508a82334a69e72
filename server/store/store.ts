/**
 * The Store port: everything the server keeps, behind one narrow interface so the server holds
 * no state in process (any number of instances can share one store). Keys follow the seed's
 * scheme: `USER#<github_id>`, `JOB#<job_id>`, and a per-user index of job ids by creation time.
 */
import type { SimulationJob, User } from '../jobs/model.js';

/** One page of a user's jobs, newest first; `next_cursor` is null on the last page. */
export interface JobPage {
  jobs: SimulationJob[];
  next_cursor: string | null;
}

/**
 * Told after this process writes or deletes a record (key without the store's prefix), so an
 * in-process cache can drop at once what a revocation made here has made stale.
 */
export type RecordListener = (op: 'set' | 'delete', key: string) => void;

export interface Store {
  getUser(githubId: number | string): Promise<User | null>;
  putUser(user: User): Promise<void>;
  getJob(jobId: string): Promise<SimulationJob | null>;
  /**
   * Saves a job and indexes it under its user. Refused (returns false) when the stored job has
   * the same or a higher `version`, so two instances refreshing one job cannot move it back.
   */
  putJob(job: SimulationJob): Promise<boolean>;
  listJobs(userId: string, options: { limit: number; cursor?: string | null }): Promise<JobPage>;
  /** The full `report.json` text of a completed job. */
  putReport(jobId: string, reportJson: string): Promise<void>;
  getReport(jobId: string): Promise<string | null>;
  /** Short-lived records of the auth flows (codes, tokens, requests), by key. */
  setRecord(key: string, value: string, ttlSeconds?: number): Promise<void>;
  getRecord(key: string): Promise<string | null>;
  /** Atomically reads and deletes a record: single-use codes cannot be redeemed twice. */
  takeRecord(key: string): Promise<string | null>;
  deleteRecord(key: string): Promise<void>;
  /**
   * Adds `by` (default 1) to a counter that expires `windowSeconds` after its first increment;
   * returns the new total.
   */
  increment(key: string, windowSeconds: number, by?: number): Promise<number>;
  /** Registers a listener of this process's record writes and deletes. */
  onRecordChange?(listener: RecordListener): void;
}

/** The listeners of one store, told after each record write or delete. */
export class RecordListeners {
  private readonly listeners = new Set<RecordListener>();

  add(listener: RecordListener): void {
    this.listeners.add(listener);
  }

  notify(op: 'set' | 'delete', key: string): void {
    for (const listener of this.listeners) listener(op, key);
  }
}

/** Key helpers, shared by the adapters so both write the same layout. */
export const keys = {
  user: (githubId: number | string) => `USER#${githubId}`,
  job: (jobId: string) => `JOB#${jobId}`,
  userJobs: (userId: string) => `USERJOBS#${userId}`,
  report: (jobId: string) => `REPORT#${jobId}`,
  record: (key: string) => `REC#${key}`,
};

/** Decodes a page cursor (an offset); bad cursors start from the top instead of failing. */
export function parseCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const n = Number(cursor);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/**
 * The seed's data models, `SimulationJob` and `User`, with its attribute names, plus the fields
 * this design needs to track a GitHub Actions run (run id, ETag, failure reason).
 */
import { z } from 'zod';
import { JobIdSchema, ResultSchema } from '../../src/contract/index.js';

export const JobStatusSchema = z.enum(['pending', 'running', 'completed', 'failed']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** True for states a job never leaves (no more GitHub calls are made for them). */
export function isTerminal(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed';
}

/** The part of the report kept on the job (the seed's `report.result` / `report.summary`). */
export const JobReportSchema = z.object({
  result: ResultSchema,
  summary: z.string(),
  findings: z.number().int().nonnegative(),
  criteria: z.object({
    pass: z.number().int().nonnegative(),
    fail: z.number().int().nonnegative(),
    other: z.number().int().nonnegative(),
  }),
});
export type JobReport = z.infer<typeof JobReportSchema>;

export const SimulationJobSchema = z.object({
  job_id: JobIdSchema,
  user_id: z.string(),
  pr_url: z.string(),
  owner: z.string(),
  repo: z.string(),
  pr_number: z.number().int().positive(),
  instructions: z.string().nullable(),
  status: JobStatusSchema,
  report: JobReportSchema.nullable(),
  /** Why a job failed, in a sentence a person reads. */
  error: z.string().nullable(),
  run_id: z.number().int().nullable(),
  run_url: z.string().nullable(),
  artifact_url: z.string().nullable(),
  /** The report page: `report.html` uploaded alone, which the browser opens with one click. */
  report_page_url: z.string().nullable().optional(),
  /** The ETag of the last run read, for conditional requests (304s do not count against limits). */
  run_etag: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
  /** Optimistic concurrency: a write with a version not above the stored one is refused. */
  version: z.number().int().nonnegative(),
});
export type SimulationJob = z.infer<typeof SimulationJobSchema>;

export const UserSchema = z.object({
  user_id: z.string(),
  github_id: z.number().int().positive(),
  github_username: z.string(),
  /** AES-256-GCM ciphertext of the user's GitHub token; never returned to any client. */
  encrypted_github_token: z.string(),
  /** OAuth scopes GitHub granted (e.g. `repo`, `workflow`). */
  scopes: z.array(z.string()).default([]),
  /**
   * When the GitHub token expires (ms since the epoch): null for a token that never expires,
   * absent on records written before it was kept (those are checked in the store).
   */
  github_token_expires_at: z.number().nullable().optional(),
  created_at: z.string(),
  last_login_at: z.string(),
});
export type User = z.infer<typeof UserSchema>;

/** The job as REST clients and MCP tools see it: the seed's fields, no internals. */
export function publicJob(job: SimulationJob) {
  return {
    job_id: job.job_id,
    user_id: job.user_id,
    pr_url: job.pr_url,
    status: job.status,
    report: job.report,
    error: job.error,
    instructions: job.instructions,
    run_url: job.run_url,
    artifact_url: job.artifact_url,
    report_page_url: job.report_page_url ?? null,
    created_at: job.created_at,
    updated_at: job.updated_at,
    completed_at: job.completed_at,
  };
}
export type PublicJob = ReturnType<typeof publicJob>;

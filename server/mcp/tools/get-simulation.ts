/** `get_simulation`: a job's status and verdict, optionally waiting for the run to end. */
import { z } from 'zod';
import { publicJob, type SimulationJob } from '../../jobs/model.js';
import { deepFreeze, memoFrozen } from '../../store/frozen.js';
import { describeJob } from '../describe-job.js';
import { ok } from '../context.js';
import { progressReporter } from '../job-progress.js';
import { defineTool } from '../tool.js';
import { UNTRUSTED_NOTE, fenceJob } from '../untrusted.js';

/** Longest wait a call may ask for (clients time out long calls). */
export const MAX_WAIT_SECONDS = 50;

// Built once per process: the schemas are the same for every request's server.
const CONFIG = {
  title: 'Get a simulation',
  description: `Status of a simulation job and, when it has ended, its verdict, summary, counts and links to the run, the report artifact and the report page. wait_seconds (0–${MAX_WAIT_SECONDS}) waits for the run to end before answering, with progress notifications (queued, running, finished) when the call carries a progress token. ${UNTRUSTED_NOTE}`,
  inputSchema: {
    job_id: z.string().min(1).max(64).describe('The job id simulate_pr returned.'),
    wait_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .optional()
      .describe('Wait up to this long for the end.'),
  },
  annotations: { readOnlyHint: true },
};

/**
 * The tool's answer about a job. A finished job's record is frozen and never changes, so its
 * answer is built once and handed out frozen; callers that answer from frozen results (the fast
 * call path) can reuse what they derive from it too.
 */
const answer = memoFrozen((record: SimulationJob) => {
  const job = publicJob(record);
  const result = ok(describeJob(job), { job: fenceJob(job) });
  return Object.isFrozen(record) ? deepFreeze(result) : result;
});

/** `get_simulation`, as the SDK server and the fast call path run it. */
export const getSimulation = defineTool(
  'get_simulation',
  CONFIG,
  async ({ job_id, wait_seconds }, ctx, extras) => {
    if (!wait_seconds) return answer(await ctx.jobs.get(ctx.user, job_id, () => ctx.log));
    const log = () => ctx.log;
    const onRead =
      extras?.progress &&
      progressReporter(extras.progress, { waitSeconds: wait_seconds, clock: Date.now, log });
    return answer(await ctx.jobs.wait(ctx.user, job_id, wait_seconds, log, onRead));
  },
);

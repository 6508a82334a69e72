/**
 * Progress of a waiting `get_simulation` call, for a client that sent a progress token: one
 * notification per read of the job (queued → running → finished), with how long the run has
 * been going. `progress` counts the seconds waited, so it only grows, as MCP requires, and
 * `total` is the wait asked for.
 */
import type { SimulationJob } from '../jobs/model.js';
import type { Logger } from '../logger.js';
import type { Progress } from './tool.js';

const PHASE: Record<SimulationJob['status'], string> = {
  pending: 'queued',
  running: 'running',
  completed: 'finished (completed)',
  failed: 'finished (failed)',
};

/** `90` → `1m 30s`. */
function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

/** A reader for `JobService.wait` that sends each job state read as a progress notification. */
export function progressReporter(
  send: (update: Progress) => Promise<void>,
  options: { waitSeconds: number; clock: () => number; log: () => Logger },
): (job: SimulationJob) => Promise<void> {
  const started = options.clock();
  let last = -1;
  return async (job) => {
    const now = options.clock();
    // Strictly increasing, in tenths of a second waited.
    const progress = Math.max(last + 0.1, Math.round((now - started) / 100) / 10);
    last = progress;
    const elapsed = duration(now - Date.parse(job.created_at));
    const message = `Job ${job.job_id}: ${PHASE[job.status]}, ${elapsed} since it was started.`;
    try {
      await send({ progress, total: options.waitSeconds, message });
    } catch (error) {
      // A client that went away mid-wait: the answer will not reach it either.
      options.log().debug({ err: error }, 'progress notification not sent');
    }
  };
}

/**
 * The seed's REST API under `/v1`: submit a simulation (202 `{job_id}`), read one (seed field
 * names, 404 when missing or someone else's), list mine (paginated). Errors are `{error, message}`.
 */
import { Hono, type Context } from 'hono';
import { after } from '../awaitable.js';
import type { AppEnv } from '../context.js';
import { ValidationError } from '../errors.js';
import { withGuards, type Guard, type GuardedHandler } from '../guards.js';
import { publicJob, type SimulationJob } from '../jobs/model.js';
import type { JobService } from '../jobs/service.js';
import { requestLog } from '../request-scope.js';
import { memoFrozen } from '../store/frozen.js';

export interface ApiRoutesDeps {
  jobs: JobService;
  /** Run in order before every route: who is calling, then anything that needs the caller. */
  guards: Guard[];
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** A job's answer, serialized once per finished job (frozen records never change). */
const jobBody = memoFrozen((job: SimulationJob) => JSON.stringify(publicJob(job)));

function answer(c: Context<AppEnv>, job: SimulationJob): Response {
  return c.body(jobBody(job), 200, JSON_TYPE);
}

/** Builds the `/v1/simulations` routes. */
export function createApiRoutes(deps: ApiRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Each route is one handler behind the guards (no middleware on the group): a read of a
  // finished job then answers in the turn its request arrived in.
  const guarded = (handler: GuardedHandler) => withGuards(deps.guards, handler);

  app.post(
    '/simulations',
    guarded(async (c) => {
      const text = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ValidationError(
          'The body must be JSON: {"pr_url": "https://github.com/owner/repo/pull/1"}',
          'invalid_json',
        );
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new ValidationError('The body must be a JSON object with pr_url.', 'invalid_request');
      }
      const job = await deps.jobs.create(c.get('user'), body, requestLog(c));
      c.header('Location', `/v1/simulations/${job.job_id}`);
      return c.json({ job_id: job.job_id, status: job.status }, 202);
    }),
  );

  app.get(
    '/simulations',
    guarded(async (c) => {
      const limitText = c.req.query('limit');
      const limit = limitText === undefined ? 20 : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new ValidationError('limit must be an integer from 1 to 100');
      }
      const cursor = c.req.query('cursor') ?? null;
      if (cursor !== null && !/^[0-9]{1,9}$/.test(cursor))
        throw new ValidationError('cursor is not valid');
      const page = await deps.jobs.list(c.get('user'), { limit, cursor });
      return c.json({ jobs: page.jobs.map(publicJob), next_cursor: page.next_cursor });
    }),
  );

  app.get(
    '/simulations/:jobId',
    guarded((c) => {
      const job = deps.jobs.get(c.get('user'), c.req.param('jobId') ?? '', () => requestLog(c));
      return after(job, answer, c);
    }),
  );

  return app;
}

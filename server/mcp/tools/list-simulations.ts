/** `list_simulations`: my jobs, newest first. */
import { z } from 'zod';
import { publicJob } from '../../jobs/model.js';
import { ok } from '../context.js';
import { defineTool } from '../tool.js';
import { LIST_FIELD_CAP, UNTRUSTED_NOTE, fenceJob } from '../untrusted.js';

// Built once per process: the schemas are the same for every request's server.
const CONFIG = {
  title: 'List my simulations',
  description: `Your simulation jobs, newest first (status as last seen; call get_simulation to refresh one). ${UNTRUSTED_NOTE}`,
  inputSchema: {
    limit: z.number().int().min(1).max(100).optional().describe('Page size (default 20).'),
    cursor: z
      .string()
      .regex(/^\d{1,9}$/, 'cursor must be the next_cursor of the previous page')
      .optional()
      .describe('next_cursor of the previous page.'),
  },
  annotations: { readOnlyHint: true },
};

/** `list_simulations`, as the SDK server and the fast call path run it. */
export const listSimulations = defineTool(
  'list_simulations',
  CONFIG,
  async ({ limit, cursor }, ctx) => {
    const page = await ctx.jobs.list(ctx.user, { limit: limit ?? 20, cursor: cursor ?? null });
    const jobs = page.jobs.map(publicJob);
    const lines = jobs.map(
      (j) =>
        `- ${j.job_id} ${j.status}${j.report ? ` (${j.report.result})` : ''} ${j.pr_url} ${j.created_at}`,
    );
    const text = jobs.length ? lines.join('\n') : 'You have no simulations yet.';
    return ok(page.next_cursor ? `${text}\nMore: cursor ${page.next_cursor}` : text, {
      jobs: jobs.map((job) => fenceJob(job, LIST_FIELD_CAP)),
      next_cursor: page.next_cursor,
    });
  },
);

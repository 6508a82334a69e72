/** `simulate_pr`: start a QA run of a pull request in the repo's own GitHub Actions. */
import { z } from 'zod';
import { publicJob } from '../../jobs/model.js';
import { describeJob } from '../describe-job.js';
import { ok } from '../context.js';
import { defineTool } from '../tool.js';
import { fenceJob } from '../untrusted.js';

// Built once per process: the schemas are the same for every request's server.
const CONFIG = {
  title: 'Test a pull request',
  description:
    "Starts a QA run of a GitHub pull request: the repository's myfav-coworker workflow starts the app from the PR's code, tests the change in a real browser and reports pass / fail / inconclusive with evidence. Returns a job id; then call get_simulation (with wait_seconds) for the verdict. You need write access to the repository.",
  inputSchema: {
    pr_url: z.string().describe('The PR URL, e.g. https://github.com/acme/shop/pull/42'),
    instructions: z.string().max(4000).optional().describe('What to focus on (optional).'),
  },
  annotations: { openWorldHint: true, destructiveHint: false },
};

/** `simulate_pr`, as the SDK server and the fast call path run it. */
export const simulatePr = defineTool('simulate_pr', CONFIG, async (args, ctx) => {
  const job = publicJob(await ctx.jobs.create(ctx.user, args, ctx.log));
  return ok(`Started. ${describeJob(job)}`, { job: fenceJob(job) });
});

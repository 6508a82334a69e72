/** `setup_repo`: checks a repo has the workflow the server dispatches; says what to add or opens a PR. */
import { z } from 'zod';
import { ok } from '../context.js';
import { defineTool } from '../tool.js';
import { UNTRUSTED_NOTE, fenceUntrusted } from '../untrusted.js';

// Built once per process: the schemas are the same for every request's server.
const CONFIG = {
  title: 'Set up a repository',
  description:
    'Checks that a repository has the myfav-coworker workflow simulate_pr dispatches, as GitHub will judge it (trigger, each input, run-name, permissions), and says exactly what is missing. If the file is absent, shows it, or (open_pr: true) opens a PR adding it. Writing a workflow file needs the extra GitHub `workflow` permission: without it the answer gives the URL where the user grants it. ' +
    UNTRUSTED_NOTE,
  inputSchema: {
    repo: z.string().min(3).max(300).describe('owner/name, or a repository or PR URL'),
    open_pr: z.boolean().optional().describe('Open a PR adding the workflow when it is missing.'),
  },
  annotations: { openWorldHint: true },
};

/** `setup_repo`, as the SDK server and the fast call path run it. */
export const setupRepo = defineTool('setup_repo', CONFIG, async ({ repo, open_pr }, ctx) => {
  const found = await ctx.jobs.setupRepo(ctx.user, repo, open_pr ?? false, ctx.log);
  // What the check found quotes the repository's file (input names, YAML errors): fenced.
  const result = found.problems
    ? {
        ...found,
        message: `What the check found in the repository's workflow:\n${fenceUntrusted(found.message)}`,
        problems: found.problems.map(fenceUntrusted),
      }
    : found;
  const text = result.workflowYaml
    ? `${result.message}\n\n${result.workflowPath}:\n\`\`\`yaml\n${result.workflowYaml}\`\`\``
    : result.message;
  return ok(text, { ...result });
});

/**
 * `change_coverage`: which of the PR's changed lines have run so far in the browser, and the
 * changed functions that have not, so the agent can go and exercise them. The harness holds a
 * "pass" to the same measure at the end.
 */
import { z } from 'zod';
import { wrapUntrusted } from '../perception.js';
import { defineTool } from './tool.js';

export const changeCoverageTool = defineTool({
  name: 'change_coverage',
  description:
    "Which of the PR's changed executable lines have run so far in the browser, and the changed functions that have not. A pass needs the changed code to have run: use it to find what is left to exercise.",
  kind: 'read',
  schema: z.object({}),
  target: (_input, ctx) => `change_coverage ${ctx.recorder.steps.length}`,
  async run(_input, ctx) {
    if (!ctx.changeCoverage) {
      return { content: 'Change coverage is not available in this run (no diff).' };
    }
    try {
      // File paths and function names come from the PR: data, fenced.
      return { content: ctx.redact(wrapUntrusted(await ctx.changeCoverage())) };
    } catch (error) {
      return {
        content: `Change coverage could not be read: ${(error as Error).message}`,
        isError: true,
      };
    }
  },
});

/** `wait_for`: wait until a text appears or disappears (async updates). */
import { z } from 'zod';
import { defineTool, performAction } from './tool.js';

export const waitForTool = defineTool({
  name: 'wait_for',
  description:
    'Wait until a text appears (text) or disappears (textGone) on the page, up to timeoutMs (default 5000). Use after actions whose effect is asynchronous.',
  kind: 'action',
  schema: z
    .object({
      text: z.string().min(1).optional(),
      textGone: z.string().min(1).optional(),
      timeoutMs: z.number().int().min(100).max(30_000).optional(),
    })
    .refine((v) => v.text !== undefined || v.textGone !== undefined, {
      message: 'Give text or textGone.',
    }),
  target: (input) => `wait ${input.text ?? ''}|${input.textGone ?? ''}`,
  async run(input, ctx) {
    const description =
      input.text !== undefined
        ? `Wait for ${JSON.stringify(input.text)}`
        : `Wait for ${JSON.stringify(input.textGone)} to disappear`;
    return performAction(ctx, { kind: 'wait_for', ...input }, description);
  },
});

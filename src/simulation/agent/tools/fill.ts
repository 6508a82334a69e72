/** `fill`: type a value into a text field (replacing what is there). */
import { z } from 'zod';
import { defineTool, labelOf, performAction, refSchema, withRef } from './tool.js';

export const fillTool = defineTool({
  name: 'fill',
  description:
    'Type a value into a text field by ref, replacing its content. Never type credentials: login is done before you start.',
  kind: 'action',
  schema: z.object({
    ref: refSchema,
    value: z.string().describe('The text to enter.'),
  }),
  target: (input, ctx) => `fill ${labelOf(ctx, input.ref)} ${JSON.stringify(input.value)}`,
  async run(input, ctx) {
    return withRef(ctx, input.ref, (ref) =>
      performAction(
        ctx,
        { kind: 'fill', ref, value: input.value },
        `Fill ${labelOf(ctx, input.ref)} with ${JSON.stringify(input.value)}`,
      ),
    );
  },
});

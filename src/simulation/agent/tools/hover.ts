/** `hover`: move the pointer over an element (menus, tooltips). */
import { z } from 'zod';
import { defineTool, labelOf, performAction, refSchema, withRef } from './tool.js';

export const hoverTool = defineTool({
  name: 'hover',
  description: 'Hover over an element by ref (opens menus and tooltips).',
  kind: 'action',
  schema: z.object({ ref: refSchema }),
  target: (input, ctx) => `hover ${labelOf(ctx, input.ref)}`,
  async run(input, ctx) {
    return withRef(ctx, input.ref, (ref) =>
      performAction(ctx, { kind: 'hover', ref }, `Hover ${labelOf(ctx, input.ref)}`),
    );
  },
});

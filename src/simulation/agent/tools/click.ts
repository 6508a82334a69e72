/** `click`: click an element by ref. */
import { z } from 'zod';
import { defineTool, labelOf, performAction, refSchema, withRef } from './tool.js';

export const clickTool = defineTool({
  name: 'click',
  description: 'Click an element (button, link, checkbox, …) by its ref from the latest page view.',
  kind: 'action',
  schema: z.object({ ref: refSchema }),
  target: (input, ctx) => `click ${labelOf(ctx, input.ref)}`,
  async run(input, ctx) {
    return withRef(ctx, input.ref, (ref) =>
      performAction(ctx, { kind: 'click', ref }, `Click ${labelOf(ctx, input.ref)}`),
    );
  },
});

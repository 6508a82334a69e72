/** `select`: choose options of a select / combobox. */
import { z } from 'zod';
import { defineTool, labelOf, performAction, refSchema, withRef } from './tool.js';

export const selectTool = defineTool({
  name: 'select',
  description: 'Choose one or more options (by label or value) in a select element, by its ref.',
  kind: 'action',
  schema: z.object({
    ref: refSchema,
    values: z.array(z.string()).min(1).describe('Option labels or values to select.'),
  }),
  target: (input, ctx) => `select ${labelOf(ctx, input.ref)} ${input.values.join(',')}`,
  async run(input, ctx) {
    return withRef(ctx, input.ref, (ref) =>
      performAction(
        ctx,
        { kind: 'select', ref, values: input.values },
        `Select ${input.values.map((v) => JSON.stringify(v)).join(', ')} in ${labelOf(ctx, input.ref)}`,
      ),
    );
  },
});

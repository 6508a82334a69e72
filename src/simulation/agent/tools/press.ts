/** `press`: press a key, optionally on an element. */
import { z } from 'zod';
import { defineTool, labelOf, performAction, withRef } from './tool.js';

export const pressTool = defineTool({
  name: 'press',
  description:
    'Press a key ("Enter", "Escape", "Tab", "ArrowDown", "Control+A"), on the element with the given ref or on the focused element.',
  kind: 'action',
  schema: z.object({
    key: z.string().min(1).describe('A Playwright key name, e.g. "Enter".'),
    ref: z.string().optional().describe('Element to press the key on; default: the focused one.'),
  }),
  target: (input, ctx) => `press ${input.key} ${input.ref ? labelOf(ctx, input.ref) : ''}`,
  async run(input, ctx) {
    const description = `Press ${input.key}${input.ref ? ` on ${labelOf(ctx, input.ref)}` : ''}`;
    if (!input.ref) return performAction(ctx, { kind: 'press', key: input.key }, description);
    return withRef(ctx, input.ref, (ref) =>
      performAction(ctx, { kind: 'press', key: input.key, ref }, description),
    );
  },
});

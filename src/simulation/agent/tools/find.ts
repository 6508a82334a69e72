/** `find`: search the current page by text and/or role instead of re-reading it. */
import { z } from 'zod';
import { findNodes, mapStrings } from '../../page/index.js';
import { wrapUntrusted } from '../perception.js';
import { defineTool } from './tool.js';

export const findTool = defineTool({
  name: 'find',
  description:
    'Search the current page for elements whose name or text holds a text (case, quotes and dashes ignored) and/or that have a role (button, link, textbox, heading, alert, status, …). Returns matching lines with their refs (of any element, also those the page view shows without one), their parents and their whole text (the page view cuts long text). Much cheaper than snapshot.',
  kind: 'read',
  schema: z
    .object({
      text: z.string().min(1).optional().describe('Text to look for (name, label or content).'),
      role: z.string().min(1).optional().describe('ARIA role to filter by, e.g. "button".'),
    })
    .refine((v) => v.text !== undefined || v.role !== undefined, { message: 'Give text or role.' }),
  target: (input, ctx) =>
    `find ${input.role ?? ''} ${input.text ?? ''} on ${ctx.session.currentUrl()}`,
  async run(input, ctx) {
    const tree = mapStrings(await ctx.session.pageTree(), ctx.redact);
    ctx.perception.remember(tree);
    const result = findNodes(tree, input);
    if (result.matches === 0)
      return {
        content: `No element matches ${JSON.stringify(input)} on ${ctx.session.currentUrl()}.`,
      };
    return { content: `${result.matches} match(es):\n${wrapUntrusted(result.text)}` };
  },
});

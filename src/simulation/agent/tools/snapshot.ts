/** `snapshot`: the whole current page as a compact accessibility tree. */
import { z } from 'zod';
import { mapStrings } from '../../page/index.js';
import { wrapUntrusted } from '../perception.js';
import { defineTool } from './tool.js';

export const snapshotTool = defineTool({
  name: 'snapshot',
  description:
    'The whole current page as a compact accessibility tree with [eN] refs. Actions already return what changed; call this only when you lost track of the page. Prefer find to locate one element.',
  kind: 'read',
  schema: z.object({}),
  target: (_input, ctx) => `snapshot ${ctx.session.currentUrl()}`,
  async run(_input, ctx) {
    const tree = mapStrings(await ctx.session.pageTree(), ctx.redact);
    const view = ctx.perception.view(tree, { forceFull: true });
    return {
      content: `URL: ${ctx.session.currentUrl()}\n${wrapUntrusted(view.text)}`,
      view: 'full',
    };
  },
});

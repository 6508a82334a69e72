/** `go_back`: the browser's back button. */
import { z } from 'zod';
import { defineTool, performAction } from './tool.js';

export const goBackTool = defineTool({
  name: 'go_back',
  description: 'Go back to the previous page in the browser history.',
  kind: 'action',
  schema: z.object({}),
  target: (_input, ctx) => `back from ${ctx.session.currentUrl()}`,
  async run(_input, ctx) {
    return performAction(ctx, { kind: 'go_back' }, 'Go back');
  },
});

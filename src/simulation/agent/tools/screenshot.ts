/** `screenshot`: screenshots are evidence for people, taken after every step automatically. */
import { z } from 'zod';
import { defineTool } from './tool.js';

export const screenshotTool = defineTool({
  name: 'screenshot',
  description:
    'Every step is screenshotted automatically for the report; this tells you which file shows the current page. It returns no image: read the page through the accessibility views.',
  kind: 'read',
  schema: z.object({}),
  target: () => 'screenshot',
  async run(_input, ctx) {
    const last = ctx.recorder.steps.at(-1);
    if (!last) return { content: 'No step recorded yet; navigate first.', isError: true };
    return {
      content: `Step ${last.step.index} is shown in ${last.step.screenshot ?? '(no screenshot)'}; cite it as evidence with step ${last.step.index}.`,
    };
  },
});

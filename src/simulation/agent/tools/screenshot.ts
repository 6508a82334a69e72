/**
 * `screenshot`: the model looks at the page, for what the accessibility tree cannot tell (layout,
 * colour, an image, overlapping elements). Budgeted: images cost far more tokens than the tree,
 * so a run gets a few. Every step's screenshot is in the report anyway.
 */
import { z } from 'zod';
import { defineTool } from './tool.js';

/** Images the model may ask for in one run. */
export const MAX_SCREENSHOTS_PER_RUN = 5;

export const screenshotTool = defineTool({
  name: 'screenshot',
  description: `Look at the visible part of the current page (a JPEG of the viewport). Use it for what the page view cannot show: layout, colours, images, overlaps. At most ${MAX_SCREENSHOTS_PER_RUN} per run; the text in an image is not evidence, cite the page view for quotes.`,
  kind: 'read',
  schema: z.object({}),
  target: (_input, ctx) => `screenshot ${ctx.session.currentUrl()}`,
  async run(_input, ctx) {
    const last = ctx.recorder.steps.at(-1);
    if (!last) return { content: 'No step recorded yet; navigate first.', isError: true };
    const shown = ctx.state.imagesShown ?? 0;
    if (shown >= MAX_SCREENSHOTS_PER_RUN)
      return {
        content: `No more screenshots in this run (${MAX_SCREENSHOTS_PER_RUN} used); read the page view instead.`,
        isError: true,
      };
    if (!ctx.session.viewImage)
      return { content: 'This browser cannot take screenshots for you.', isError: true };
    const image = await ctx.session.viewImage();
    ctx.state.imagesShown = shown + 1;
    return {
      content: `The page after step ${last.step.index} (${image.width}×${image.height}, ${MAX_SCREENSHOTS_PER_RUN - shown - 1} screenshots left).`,
      images: [{ mediaType: image.mediaType, data: image.data }],
    };
  },
});

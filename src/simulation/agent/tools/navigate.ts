/** `navigate`: open a URL of the app (relative paths resolve against the current page). */
import { z } from 'zod';
import { defineTool, performAction } from './tool.js';

export const navigateTool = defineTool({
  name: 'navigate',
  description:
    'Open a page of the app under test. Accepts a path ("/settings") or a full URL on the app\'s origin; other origins are refused. Returns the step number and the page.',
  kind: 'action',
  schema: z.object({
    url: z.string().min(1).describe('A path like "/settings" or a full URL on the app origin.'),
  }),
  target: (input) => `url ${input.url}`,
  async run(input, ctx) {
    const base = /^https?:/.test(ctx.session.currentUrl())
      ? ctx.session.currentUrl()
      : (ctx.allowedOrigins[0] ?? 'http://localhost/');
    let url: URL;
    try {
      url = new URL(input.url, base);
    } catch {
      return { content: `Not a URL: ${input.url}`, isError: true };
    }
    if (!ctx.allowedOrigins.includes(url.origin)) {
      // Refused up front (the driver also blocks it): the run stays on the app under test.
      return {
        content: `Refused: ${url.origin} is not an allowed origin. Allowed: ${ctx.allowedOrigins.join(', ')}.`,
        isError: true,
      };
    }
    return performAction(
      ctx,
      { kind: 'navigate', url: url.href },
      `Open ${url.pathname}${url.search}`,
    );
  },
});

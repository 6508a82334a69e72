/** `console_messages`: console errors, warnings and uncaught page errors so far, by step. */
import { z } from 'zod';
import { wrapUntrusted } from '../perception.js';
import { defineTool } from './tool.js';

export const consoleMessagesTool = defineTool({
  name: 'console_messages',
  description:
    'Console errors and warnings, and uncaught page errors, recorded so far (with the step they happened at).',
  kind: 'read',
  schema: z.object({
    onlyErrors: z.boolean().optional().describe('Only errors (default: errors and warnings).'),
  }),
  target: (input, ctx) => `console ${ctx.recorder.steps.length} ${input.onlyErrors ?? false}`,
  async run(input, ctx) {
    const lines: string[] = [];
    for (const { step, observation } of ctx.recorder.steps) {
      for (const e of observation.events.pageErrors)
        lines.push(`step ${step.index} [page error] ${e.message}`);
      for (const c of observation.events.console) {
        if (input.onlyErrors && c.type !== 'error') continue;
        lines.push(
          `step ${step.index} [${c.type}] ${c.text}${c.location ? ` (${c.location})` : ''}`,
        );
      }
    }
    if (lines.length === 0)
      return { content: 'No console errors, warnings or page errors so far.' };
    const shown = lines.slice(-40);
    const more =
      lines.length > shown.length ? `(${lines.length - shown.length} earlier omitted)\n` : '';
    return { content: ctx.redact(`${more}${wrapUntrusted(shown.join('\n'))}`) };
  },
});

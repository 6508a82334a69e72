/** `plan`: the acceptance criteria the run will check, derived from the change. */
import { z } from 'zod';
import { defineTool } from './tool.js';

export const planTool = defineTool({
  name: 'plan',
  description:
    'Write the test plan first: the acceptance criteria a careful tester would check for this change, each observable in the browser (1 to 8, most important first). Calling it again replaces the plan.',
  kind: 'control',
  schema: z.object({
    criteria: z
      .array(
        z.object({
          description: z
            .string()
            .min(3)
            .describe(
              'One observable behaviour, e.g. "Saving the profile shows \'Profile saved\'".',
            ),
        }),
      )
      .min(1)
      .max(8),
  }),
  target: () => 'plan',
  async run(input, ctx) {
    ctx.state.plan = input.criteria.map((c, i) => ({
      id: `C${i + 1}`,
      description: c.description,
    }));
    return {
      content: `Plan recorded:\n${ctx.state.plan.map((c) => `${c.id}: ${c.description}`).join('\n')}\nNow exercise each criterion, then call finish with evidence (step numbers and exact quotes from those steps' pages).`,
    };
  },
});

/** `finish`: the verdict per criterion with evidence; the harness checks it before believing it. */
import { z } from 'zod';
import { checkEvidence } from '../verify.js';
import { defineTool, type ClaimedEvidence, type ToolContext } from './tool.js';

const EvidenceInputSchema = z
  .object({
    step: z.number().int().min(1).describe('The step number whose page shows it.'),
    quote: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Text the page showed at that step (a label, a message, a sentence; at least 4 characters), copied from that step's view. Not a role word or a ref.",
      ),
    role: z.string().optional().describe("Or: the role of an element in that step's page…"),
    name: z.string().optional().describe('…and its accessible name (required with a role).'),
  })
  .refine((e) => e.quote !== undefined || e.role !== undefined, {
    message: 'Give a quote, or a role (and name).',
  });

export const finishTool = defineTool({
  name: 'finish',
  description:
    "End the run with a verdict for every planned criterion: pass (the behaviour works), fail (it does not: say what you saw) or blocked (you could not exercise it). Each pass needs evidence: the step number and a quote copied exactly from that step's page (or an element role and name). The harness checks every quote against its recorded page; an unverifiable pass is not accepted, and recorded page errors or failed requests override a pass.",
  kind: 'control',
  schema: z.object({
    criteria: z
      .array(
        z.object({
          id: z.string().min(1).describe('The criterion id from the plan, e.g. "C1".'),
          status: z.enum(['pass', 'fail', 'blocked']),
          reason: z.string().optional().describe('One sentence: what you saw.'),
          evidence: z.array(EvidenceInputSchema).default([]),
        }),
      )
      .min(1),
    summary: z.string().optional().describe('One or two sentences for the PR author.'),
  }),
  target: () => 'finish',
  async run(input, ctx) {
    ctx.state.finish = {
      verdicts: input.criteria.map((c) => ({
        id: c.id,
        status: c.status,
        ...(c.reason ? { reason: c.reason } : {}),
        evidence: c.evidence.map((e) => ({
          step: e.step,
          ...(e.quote !== undefined ? { quote: e.quote } : {}),
          ...(e.role !== undefined ? { role: e.role } : {}),
          ...(e.name !== undefined ? { name: e.name } : {}),
        })),
      })),
      ...(input.summary ? { summary: input.summary } : {}),
    };
    // Evidence the harness will refuse is sent back once with the reasons, so the model can cite
    // what the page really showed. The verdict stands provisionally: if the model does not call
    // finish again, it is judged as it is (refused evidence counts as unverified).
    const problems = evidenceProblems(input.criteria, ctx);
    if (problems.length > 0 && !ctx.state.evidenceReturned) {
      ctx.state.evidenceReturned = true;
      ctx.state.finishPending = true;
      return {
        content: `Recorded provisionally: the harness cannot accept this evidence.\n${problems.join('\n')}\nCall finish again with evidence the page showed (or another status); that call is final.`,
        isError: true,
      };
    }
    ctx.state.finishPending = false;
    return { content: 'Verdict recorded. The run ends now.' };
  },
});

function evidenceProblems(
  criteria: Array<{ id: string; status: string; evidence: ClaimedEvidence[] }>,
  ctx: ToolContext,
): string[] {
  return criteria.flatMap((c) =>
    c.status !== 'pass'
      ? []
      : c.evidence.flatMap((e) => {
          const check = checkEvidence(e, ctx.recorder.steps);
          return check.ok ? [] : [`${c.id}, step ${e.step}: ${check.reason}`];
        }),
  );
}

/**
 * Tool dispatch for one model turn: each call is parsed by its tool's schema, checked against the
 * step budget, the clock, ref safety and the loop guard, then run. Whatever goes wrong goes back
 * to the model as a tool error; nothing here throws.
 *
 * Ref safety: refs name elements of the page the model last saw. Once a call of the turn has
 * navigated or changed the page wholesale, the turn's remaining calls that use a ref were written
 * for the old page (`e11` there is another element here), so they are refused without touching
 * the page, and the model is told to read the new view.
 */
import type { BudgetGuard, BudgetStop } from './budgets.js';
import type { LoopGuard } from './loop-guard.js';
import type { ToolResultBlock, ToolUseBlock } from './model.js';
import type { AgentTool, ToolContext, ToolOutput } from './tools/index.js';
import type { ViewSlot } from './views.js';

export interface TurnDeps {
  tools: ReadonlyMap<string, AgentTool>;
  ctx: ToolContext;
  budget: BudgetGuard;
  loop: LoopGuard;
  views: ViewSlot[];
}

export interface TurnOutcome {
  results: ToolResultBlock[];
  /** A budget or the loop guard ended the run during the turn. */
  stop: BudgetStop | null;
  /** An action was refused because the step budget is spent. */
  stepsSpent: boolean;
}

/** What one call would act on, when that is a ref. */
function refOf(input: unknown): string | null {
  const ref = (input as { ref?: unknown } | null)?.ref;
  return typeof ref === 'string' ? ref : null;
}

function withoutHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

/** Runs the turn's tool calls in order; `ended` says whether the run already ended before. */
export async function dispatchTurn(
  uses: ToolUseBlock[],
  deps: TurnDeps,
  ended: () => boolean,
): Promise<TurnOutcome> {
  const { ctx } = deps;
  const outcome: TurnOutcome = { results: [], stop: null, stepsSpent: false };
  let changedTo: string | null = null;
  const answer = (use: ToolUseBlock, content: string, isError = true): void => {
    outcome.results.push(toolResult(use.id, content, isError, ctx.redact));
  };
  for (const use of uses) {
    if (outcome.stop || ended() || (ctx.state.finish && !ctx.state.finishPending)) {
      answer(use, 'Not run: the run has ended.');
      continue;
    }
    const tool = deps.tools.get(use.name);
    if (!tool) {
      answer(use, `Unknown tool "${use.name}".`);
      continue;
    }
    const parsed = tool.schema.safeParse(use.input ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (i) => `${i.path.join('.') || 'input'}: ${i.message}`,
      );
      answer(use, `Invalid input: ${problems.join('; ')}`);
      continue;
    }
    const input: unknown = parsed.data;
    if (tool.kind === 'action' && deps.budget.stepsSpent(ctx.recorder.steps.length)) {
      outcome.stepsSpent = true;
      answer(
        use,
        `Step budget (${deps.budget.budgets.maxSteps}) spent: call finish now with what you have.`,
      );
      continue;
    }
    if (deps.budget.timeUp()) {
      outcome.stop = { reason: 'time', note: 'the wall-clock budget ran out' };
      answer(use, 'Not run: time is up.');
      continue;
    }
    if (changedTo !== null && refOf(input) !== null) {
      answer(
        use,
        `Not run: an earlier call in this turn changed the page (now ${changedTo}), so ref "${refOf(input)}" was meant for the old page. Read the new view above and use its refs.`,
      );
      continue;
    }
    let note = '';
    if (tool.kind !== 'control') {
      deps.loop.seePage(ctx.perception.current);
      const verdict = deps.loop.judge(`${tool.name}:${safeTarget(tool, input, ctx)}`);
      if (verdict.kind === 'stop') {
        outcome.stop = { reason: 'loop', note: verdict.note };
        answer(use, 'Not run: the run was stopped for repeating itself.');
        continue;
      }
      if (verdict.kind === 'warn') note = `\n${verdict.note}`;
    }
    const before = withoutHash(ctx.session.currentUrl());
    const output = await runTool(tool, input, ctx);
    const block = toolResult(use.id, output.content + note, output.isError ?? false, ctx.redact);
    if (output.images?.length) block.images = output.images;
    outcome.results.push(block);
    if (output.view)
      deps.views.push({ block, kind: output.view, step: output.step?.step.index ?? null });
    if (output.step) {
      const after = withoutHash(output.step.observation.url);
      if (after !== before || output.view === 'full') changedTo = after;
    }
  }
  return outcome;
}

async function runTool(tool: AgentTool, input: unknown, ctx: ToolContext): Promise<ToolOutput> {
  try {
    return await tool.run(input, ctx);
  } catch (error) {
    // A tool error goes back to the model; it never crashes the run.
    return { content: `The tool failed: ${(error as Error).message}`, isError: true };
  }
}

/** A tool_result block, redacted. */
export function toolResult(
  toolUseId: string,
  content: string,
  isError: boolean,
  redact: (text: string) => string,
): ToolResultBlock {
  return {
    type: 'tool_result',
    toolUseId,
    content: redact(content),
    ...(isError ? { isError } : {}),
  };
}

function safeTarget(tool: AgentTool, input: unknown, ctx: ToolContext): string {
  try {
    return tool.target(input, ctx);
  } catch {
    return JSON.stringify(input);
  }
}

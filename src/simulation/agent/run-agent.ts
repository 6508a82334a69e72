/**
 * The bounded tool-use loop, one turn at a time. The model proposes, the harness disposes:
 * budgets (steps, wall clock, tokens, cost) are enforced here, outside the model, and fail
 * closed; loops are detected and stopped. Whatever ends the run, outcome.ts verifies the verdict
 * against the recordings, so a stop is `inconclusive`, never a pass.
 */
import type { Finding } from '../../contract/index.js';
import type { BrowserSession } from '../browser/driver.js';
import { runChecks } from '../checks/index.js';
import type { RecordedStep, StepRecorder } from '../recording.js';
import { BudgetGuard, type AgentBudgets, type BudgetStop } from './budgets.js';
import { dispatchTurn } from './dispatch.js';
import { LoopGuard } from './loop-guard.js';
import { callModel } from './model-call.js';
import type { Model, ModelMessage, ModelRequest, TextBlock, TokenUsage } from './model.js';
import { addUsage, ZERO_USAGE } from './model.js';
import { agentOutcome, type AgentOutcome, type AgentRunEnd } from './outcome.js';
import { Perception } from './perception.js';
import { DEFAULT_PRICE_TABLE, type PriceTable } from './pricing.js';
import { changeContext, type ChangeContext, systemPrompt } from './prompt.js';
import { navigateTool } from './tools/navigate.js';
import {
  TOOLS,
  toToolSpec,
  type AgentTool,
  type ToolContext,
  type ToolOutput,
} from './tools/index.js';
import { CacheMarks, elideOldViews, type ViewSlot } from './views.js';

export type { AgentBudgets } from './budgets.js';

export interface RunAgentOptions {
  model: Model;
  context: ChangeContext;
  budgets: AgentBudgets;
  /** Removes known secret values; applied to everything sent to the model. */
  redact: (text: string) => string;
  allowedOrigins: string[];
  /** Where the run starts; default `context.baseUrl`, then the first allowed origin. */
  startUrl?: string;
  priceTable?: PriceTable;
  /** Deterministic checks over the recordings; default `runChecks` with `allowedOrigins`. */
  checks?: (steps: RecordedStep[]) => Finding[];
  maxOutputTokens?: number;
  log?: (line: string) => void;
  /** The PR's change coverage so far, in words, for the `change_coverage` tool. */
  changeCoverage?: () => Promise<string>;
  /** One line after each action: the changed functions that have not run yet (see ToolContext). */
  changedNotRun?: ToolContext['changedNotRun'];
}

export type { AgentOutcome } from './outcome.js';

/** The loop between turns: the conversation, what it spent, and what stopped it. */
interface LoopState extends AgentRunEnd {
  readonly model: Model;
  readonly request: Omit<ModelRequest, 'signal' | 'messages'>;
  readonly ctx: ToolContext;
  readonly tools: Map<string, AgentTool>;
  readonly budget: BudgetGuard;
  readonly loop: LoopGuard;
  readonly views: ViewSlot[];
  readonly marks: CacheMarks;
  readonly log: (line: string) => void;
  messages: ModelMessage[];
  idleTurns: number;
}

/**
 * Runs the agent until it finishes or a budget stops it, then checks the recordings once and
 * builds the outcome from them; never throws for model or tool errors (a bug in the checks
 * throws).
 */
export async function runAgent(
  session: BrowserSession,
  recorder: StepRecorder,
  options: RunAgentOptions,
): Promise<AgentOutcome> {
  const priceTable = options.priceTable ?? DEFAULT_PRICE_TABLE;
  const run = startLoop(session, recorder, options, priceTable);
  run.messages = await openingMessages(run.startUrl, run.ctx, options, run.views);
  while (!run.stopped) await agentTurn(run);

  await session.flush?.().catch(() => undefined);
  const checks =
    options.checks ??
    ((steps) =>
      runChecks(steps, {
        allowedOrigins: options.allowedOrigins,
        changedFiles: options.context.changedFiles,
      }));
  // Not caught: checks that broke must end the run as an error, never read as "no findings".
  return agentOutcome(run, {
    steps: recorder.steps,
    findings: checks(recorder.steps),
    modelId: options.model.id,
    priceTable,
    title: options.context.title,
    redact: options.redact,
  });
}

/** The loop's state before the first turn. */
function startLoop(
  session: BrowserSession,
  recorder: StepRecorder,
  options: RunAgentOptions,
  priceTable: PriceTable,
): LoopState {
  const { model, budgets } = options;
  const ctx: ToolContext = {
    session,
    recorder,
    perception: new Perception(),
    redact: options.redact,
    allowedOrigins: options.allowedOrigins,
    state: { plan: null, finish: null },
    ...(options.changeCoverage ? { changeCoverage: options.changeCoverage } : {}),
    ...(options.changedNotRun ? { changedNotRun: options.changedNotRun } : {}),
  };
  // Screenshots, link probes and axe run while the model thinks; the checks wait for them.
  recorder.deferExtras = true;
  return {
    model,
    request: {
      system: [{ type: 'text', text: systemPrompt(budgets.maxSteps), cache: true }],
      tools: TOOLS.map(toToolSpec),
      maxOutputTokens: options.maxOutputTokens ?? 4096,
    },
    ctx,
    tools: new Map(TOOLS.map((t) => [t.name, t])),
    budget: new BudgetGuard(budgets, priceTable, model.id),
    loop: new LoopGuard(),
    views: [],
    marks: new CacheMarks(),
    log: options.log ?? (() => {}),
    state: ctx.state,
    startUrl: options.startUrl ?? options.context.baseUrl ?? `${options.allowedOrigins[0] ?? ''}/`,
    messages: [],
    usage: ZERO_USAGE,
    turns: 0,
    idleTurns: 0,
    stopped: null,
  };
}

/** Ends the run with `s`, unless it already ended. */
function stop(run: LoopState, s: BudgetStop): void {
  if (run.stopped) return;
  run.stopped = s;
  run.log(`Agent stopped (${s.reason}): ${s.note}`);
}

/** One step of the loop: a model call and the tools it asked for; sets `stopped` when done. */
async function agentTurn(run: LoopState): Promise<void> {
  const { budget, state } = run;
  const before = budget.beforeTurn(run.turns);
  if (before) return stop(run, before);
  elideOldViews(run.views);
  run.turns++;
  const cacheAfter = run.marks.next(run.messages, run.views);
  const request = { ...run.request, messages: run.messages, cacheAfter };
  const called = await callModel(run.model, request, budget.msLeft());
  if ('stop' in called) {
    return stop(run, budget.timeUp() ? { reason: 'time', note: called.stop.note } : called.stop);
  }
  const response = called.response;
  run.usage = addUsage(run.usage, response.usage);
  run.messages.push({ role: 'assistant', content: response.content });
  const uses = response.content.filter((b) => b.type === 'tool_use');
  if (uses.length === 0) return idleTurn(run);
  run.idleTurns = 0;
  const { tools, ctx, loop, views } = run;
  const turn = await dispatchTurn(uses, { tools, ctx, budget, loop, views }, () => !!run.stopped);
  if (turn.stop) stop(run, turn.stop);
  if (!run.stopped && !state.finish) {
    const after = budget.afterTurn(run.usage);
    if (after) stop(run, after);
  }
  run.messages.push({ role: 'user', content: turn.results });
  if (state.finish && !state.finishPending) {
    return stop(run, {
      reason: turn.stepsSpent ? 'steps' : 'finished',
      note: 'the model called finish',
    });
  }
  if (turn.stepsSpent && !run.stopped) await stepsSpent(run);
}

/** A turn without tool calls: a kept verdict ends the run; talk alone is reminded once. */
function idleTurn(run: LoopState): void {
  if (run.state.finish) {
    // It was asked to fix its evidence and did not: the provisional verdict stands.
    return stop(run, { reason: 'finished', note: 'the model kept its verdict' });
  }
  // A model that only talks makes no progress; remind it once, then end the run.
  if (++run.idleTurns >= 2) {
    return stop(run, {
      reason: 'loop',
      note: 'the model stopped using tools without calling finish',
    });
  }
  run.messages.push({
    role: 'user',
    content: [{ type: 'text', text: 'Use the tools to test the change, and end with finish.' }],
  });
}

/**
 * Grace: once the step budget is spent the model gets exactly one turn, forced to finish, so the
 * report still says what was covered. The stop stays `steps` (inconclusive).
 */
async function stepsSpent(run: LoopState): Promise<void> {
  if (!run.budget.timeUp()) {
    run.turns++;
    const request = {
      ...run.request,
      messages: run.messages,
      cacheAfter: run.marks.next(run.messages, run.views),
    };
    run.usage = addUsage(
      run.usage,
      await graceFinish(run.model, request, run.ctx, run.budget, run.log),
    );
  }
  stop(run, {
    reason: 'steps',
    note: `the step budget (${run.budget.budgets.maxSteps}) was spent`,
  });
}

/** Step 1 opens the app, so the model's first message already shows the page. */
async function openingMessages(
  startUrl: string,
  ctx: ToolContext,
  options: RunAgentOptions,
  views: ViewSlot[],
): Promise<ModelMessage[]> {
  let first: ToolOutput;
  try {
    first = await navigateTool.run({ url: startUrl }, ctx);
  } catch (error) {
    first = { content: `Opening ${startUrl} failed: ${(error as Error).message}`, isError: true };
  }
  const firstView: TextBlock = {
    type: 'text',
    text: options.redact(`The app is open.\n${first.content}`),
  };
  if (first.view)
    views.push({ block: firstView, kind: first.view, step: first.step?.step.index ?? null });
  return [
    {
      role: 'user',
      content: [
        // Not flagged for the cache: the first cache mark falls here (just before the first view).
        { type: 'text', text: options.redact(changeContext(options.context)) },
        firstView,
      ],
    },
  ];
}

/** One forced `finish` call, still bounded by the clock; returns the tokens it used. */
async function graceFinish(
  model: Model,
  request: Omit<ModelRequest, 'signal'>,
  ctx: ToolContext,
  budget: BudgetGuard,
  log: (line: string) => void,
): Promise<TokenUsage> {
  const called = await callModel(model, { ...request, forceTool: 'finish' }, budget.msLeft());
  if ('stop' in called) {
    log(`Final finish call failed: ${called.stop.note}`);
    return ZERO_USAGE;
  }
  const finish = TOOLS.find((t) => t.name === 'finish');
  for (const use of called.response.content) {
    if (use.type !== 'tool_use' || use.name !== 'finish' || !finish) continue;
    const parsed = finish.schema.safeParse(use.input ?? {});
    // The grace turn is final: evidence problems are judged by verify, not sent back.
    ctx.state.evidenceReturned = true;
    if (parsed.success) await finish.run(parsed.data, ctx).catch(() => undefined);
  }
  return called.response.usage;
}

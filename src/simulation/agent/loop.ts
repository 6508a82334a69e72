/**
 * The bounded tool-use loop. The model proposes, the harness disposes: budgets (steps, wall
 * clock, tokens, cost) are enforced here, outside the model, and fail closed; loops are detected
 * and stopped; whatever ends the run, the verdict is verified against the recordings and every
 * criterion without a checked pass is reported as such, so a stop is `inconclusive`, never a pass.
 */
import type { Criterion, Finding, StopReason, Usage } from '../../contract/index.js';
import type { BrowserSession } from '../browser/driver.js';
import { runChecks } from '../checks/index.js';
import type { RecordedStep, StepRecorder } from '../recording.js';
import { BudgetGuard, type AgentBudgets, type BudgetStop } from './budgets.js';
import { dispatchTurn } from './dispatch.js';
import { LoopGuard } from './loop-guard.js';
import { callModel } from './model-call.js';
import type { Model, ModelMessage, ModelRequest, TextBlock, TokenUsage } from './model.js';
import { addUsage, ZERO_USAGE } from './model.js';
import { Perception } from './perception.js';
import { DEFAULT_PRICE_TABLE, estimateCost, type PriceTable } from './pricing.js';
import { changeContext, type ChangeContext, systemPrompt } from './prompt.js';
import { exportSpec } from './spec-export.js';
import { navigateTool } from './tools/navigate.js';
import {
  TOOLS,
  toToolSpec,
  type AgentState,
  type ToolContext,
  type ToolOutput,
} from './tools/index.js';
import { verifyCriteria } from './verify.js';
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
}

export interface AgentOutcome {
  criteria: Criterion[];
  stoppedBy: StopReason;
  usage: Usage;
  /** Criteria (or the plan itself) that were not exercised to a checked verdict, and why. */
  notCovered: string[];
  /** Pages visited, in order of first visit. */
  visited: string[];
  /** `coworker.spec.ts` source, when every criterion passed verification. */
  specCode?: string;
  /** The model's own summary, if it gave one. */
  summary?: string;
  /** The findings the verdicts were checked against. */
  findings: Finding[];
  /** Model calls made. */
  turns: number;
}

/** Runs the agent until it finishes or a budget stops it; never throws for model or tool errors. */
export async function runAgent(
  session: BrowserSession,
  recorder: StepRecorder,
  options: RunAgentOptions,
): Promise<AgentOutcome> {
  const { model, budgets, redact } = options;
  const log = options.log ?? (() => {});
  const priceTable = options.priceTable ?? DEFAULT_PRICE_TABLE;
  const budget = new BudgetGuard(budgets, priceTable, model.id);
  const state: AgentState = { plan: null, finish: null };
  const ctx: ToolContext = {
    session,
    recorder,
    perception: new Perception(),
    redact,
    allowedOrigins: options.allowedOrigins,
    state,
    ...(options.changeCoverage ? { changeCoverage: options.changeCoverage } : {}),
  };
  const tools = new Map(TOOLS.map((t) => [t.name, t]));
  // Screenshots, link probes and axe run while the model thinks; the checks wait for them below.
  recorder.deferExtras = true;
  const views: ViewSlot[] = [];
  const marks = new CacheMarks();
  const loop = new LoopGuard();
  const request: Omit<ModelRequest, 'signal' | 'messages'> = {
    system: [{ type: 'text', text: systemPrompt(budgets.maxSteps), cache: true }],
    tools: TOOLS.map(toToolSpec),
    maxOutputTokens: options.maxOutputTokens ?? 4096,
  };
  let usage: TokenUsage = ZERO_USAGE;
  let stopped: BudgetStop | null = null;
  let idleTurns = 0;
  let turns = 0;
  const stop = (s: BudgetStop): void => {
    if (stopped) return;
    stopped = s;
    log(`Agent stopped (${s.reason}): ${s.note}`);
  };

  const startUrl =
    options.startUrl ?? options.context.baseUrl ?? `${options.allowedOrigins[0] ?? ''}/`;
  const messages = await openingMessages(startUrl, ctx, options, views);

  while (!stopped) {
    const before = budget.beforeTurn(turns);
    if (before) {
      stop(before);
      break;
    }
    elideOldViews(views);
    turns++;
    const cacheAfter = marks.next(messages, views);
    const called = await callModel(model, { ...request, messages, cacheAfter }, budget.msLeft());
    if ('stop' in called) {
      stop(budget.timeUp() ? { reason: 'time', note: called.stop.note } : called.stop);
      break;
    }
    const response = called.response;
    usage = addUsage(usage, response.usage);
    messages.push({ role: 'assistant', content: response.content });
    const uses = response.content.filter((b) => b.type === 'tool_use');
    if (uses.length === 0 && state.finish) {
      // It was asked to fix its evidence and did not: the provisional verdict stands.
      stop({ reason: 'finished', note: 'the model kept its verdict' });
      break;
    }
    if (uses.length === 0) {
      // A model that only talks makes no progress; remind it once, then end the run.
      if (++idleTurns >= 2) {
        stop({ reason: 'loop', note: 'the model stopped using tools without calling finish' });
        break;
      }
      messages.push({
        role: 'user',
        content: [{ type: 'text', text: 'Use the tools to test the change, and end with finish.' }],
      });
      continue;
    }
    idleTurns = 0;
    const turn = await dispatchTurn(uses, { tools, ctx, budget, loop, views }, () => !!stopped);
    if (turn.stop) stop(turn.stop);
    if (!stopped && !state.finish) {
      const after = budget.afterTurn(usage);
      if (after) stop(after);
    }
    messages.push({ role: 'user', content: turn.results });
    if (state.finish && !state.finishPending) {
      stop({ reason: turn.stepsSpent ? 'steps' : 'finished', note: 'the model called finish' });
      break;
    }
    if (turn.stepsSpent && !stopped) {
      // Grace: once the step budget is spent the model gets exactly one turn, forced to finish,
      // so the report still says what was covered. The stop stays `steps` (inconclusive).
      if (!budget.timeUp()) {
        turns++;
        usage = addUsage(
          usage,
          await graceFinish(
            model,
            { ...request, messages, cacheAfter: marks.next(messages, views) },
            ctx,
            budget,
            log,
          ),
        );
      }
      stop({ reason: 'steps', note: `the step budget (${budgets.maxSteps}) was spent` });
    }
  }

  const stopNote = (stopped as BudgetStop | null)?.note ?? '';
  // Assigned inside `stop` (a closure), which TypeScript's narrowing cannot see.
  const finalStop: StopReason = (stopped as BudgetStop | null)?.reason ?? 'error';
  await session.flush?.().catch(() => undefined);
  const checks =
    options.checks ?? ((steps) => runChecks(steps, { allowedOrigins: options.allowedOrigins }));
  let findings: Finding[] = [];
  try {
    findings = checks(recorder.steps);
  } catch (error) {
    log(`Checks failed: ${(error as Error).message}`);
  }
  const criteria = verifyCriteria({
    plan: state.plan ?? [],
    verdicts: state.finish?.verdicts ?? null,
    steps: recorder.steps,
    findings,
    ...(finalStop !== 'finished' ? { stoppedEarly: stopNote || finalStop } : {}),
  });

  const notCovered: string[] = [];
  if (!state.plan && criteria.length === 0)
    notCovered.push(`No test plan was written before the run stopped (${stopNote || finalStop}).`);
  for (const c of criteria) {
    if (c.status === 'untested' || c.status === 'blocked')
      notCovered.push(`${c.id}: ${c.description}${c.reason ? ` (${c.reason})` : ''}`);
  }
  const cost = estimateCost(priceTable, model.id, usage);
  const allPass = criteria.length > 0 && criteria.every((c) => c.status === 'pass');
  const specCode =
    finalStop === 'finished' && allPass
      ? redact(
          exportSpec({
            title: options.context.title || 'coworker run',
            origin: originOf(recorder.steps[0]?.step.url ?? startUrl),
            steps: recorder.steps,
            criteria,
          }),
        )
      : undefined;
  return {
    criteria,
    stoppedBy: finalStop,
    usage: {
      model: model.id,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      costUsd: cost,
      priceTable: cost === null ? null : priceTable.name,
    },
    notCovered,
    visited: [...new Set(recorder.steps.map((s) => s.step.url))],
    ...(specCode ? { specCode } : {}),
    ...(state.finish?.summary ? { summary: redact(state.finish.summary) } : {}),
    findings,
    turns,
  };
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

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

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
import type {
  ContentBlock,
  Model,
  ModelMessage,
  TextBlock,
  TokenUsage,
  ToolResultBlock,
} from './model.js';
import { addUsage, ModelError, ZERO_USAGE } from './model.js';
import { Perception } from './perception.js';
import { DEFAULT_PRICE_TABLE, estimateCost, type PriceTable } from './pricing.js';
import { changeContext, type ChangeContext, systemPrompt } from './prompt.js';
import { exportSpec } from './spec-export.js';
import { navigateTool } from './tools/navigate.js';
import {
  TOOLS,
  toToolSpec,
  type AgentState,
  type AgentTool,
  type ToolContext,
  type ToolOutput,
} from './tools/index.js';
import { verifyCriteria } from './verify.js';

export interface AgentBudgets {
  /** Browser actions (recorded steps), including the first navigation. */
  maxSteps: number;
  /** Wall-clock deadline, epoch milliseconds. */
  deadline: number;
  /** Total tokens (input, output, cache reads and writes). */
  maxTokens?: number;
  /** Estimated US dollars, from the price table. */
  maxCostUsd?: number;
  /** Model turns; default 3 × maxSteps + 5 (reads such as find cost turns, not steps). */
  maxTurns?: number;
}

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

/** How many recent tool calls the loop detector looks at, and how many repeats make a loop. */
const LOOP_WINDOW = 6;
const LOOP_REPEATS = 3;

/** One tool_result (or the first page view) holding a page view, for eliding it later. */
interface ViewSlot {
  block: ToolResultBlock | TextBlock;
  kind: 'full' | 'diff' | 'same';
  step: number | null;
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
  const maxTurns = budgets.maxTurns ?? budgets.maxSteps * 3 + 5;
  const state: AgentState = { plan: null, finish: null };
  const perception = new Perception();
  const ctx: ToolContext = {
    session,
    recorder,
    perception,
    redact,
    allowedOrigins: options.allowedOrigins,
    state,
  };
  const tools = new Map(TOOLS.map((t) => [t.name, t]));
  const specs = TOOLS.map(toToolSpec);
  const system: TextBlock[] = [{ type: 'text', text: systemPrompt(budgets.maxSteps), cache: true }];
  const views: ViewSlot[] = [];
  const history: string[] = [];
  let usage: TokenUsage = ZERO_USAGE;
  let stoppedBy: StopReason | null = null;
  let stopNote = '';
  let nudgedLoop = false;
  let idleTurns = 0;
  let budgetSpent = false;
  let turns = 0;

  const stop = (reason: StopReason, note: string) => {
    if (stoppedBy) return;
    stoppedBy = reason;
    stopNote = note;
    log(`Agent stopped (${reason}): ${note}`);
  };

  // Step 1: open the app, so the model's first message already shows the page.
  const startUrl =
    options.startUrl ?? options.context.baseUrl ?? `${options.allowedOrigins[0] ?? ''}/`;
  let first: ToolOutput;
  try {
    first = await navigateTool.run({ url: startUrl }, ctx);
  } catch (error) {
    first = { content: `Opening ${startUrl} failed: ${(error as Error).message}`, isError: true };
  }
  const firstView: TextBlock = { type: 'text', text: redact(`The app is open.\n${first.content}`) };
  const messages: ModelMessage[] = [
    {
      role: 'user',
      content: [
        { type: 'text', text: redact(changeContext(options.context)), cache: true },
        firstView,
      ],
    },
  ];
  if (first.view)
    views.push({ block: firstView, kind: first.view, step: first.step?.step.index ?? null });

  while (!stoppedBy) {
    if (Date.now() >= budgets.deadline) {
      stop('time', 'the wall-clock budget ran out');
      break;
    }
    if (turns >= maxTurns) {
      stop('steps', `the turn budget (${maxTurns} model calls) ran out`);
      break;
    }
    elideOldViews(views);
    turns++;
    let response;
    try {
      response = await model.complete({
        system,
        tools: specs,
        messages,
        maxOutputTokens: options.maxOutputTokens ?? 4096,
        signal: AbortSignal.timeout(Math.max(1, budgets.deadline - Date.now())),
      });
    } catch (error) {
      const e = error instanceof ModelError ? error : new ModelError('other', String(error));
      if (e.kind === 'timeout' || e.kind === 'aborted' || Date.now() >= budgets.deadline)
        stop('time', e.message);
      else stop('error', e.message);
      break;
    }
    usage = addUsage(usage, response.usage);
    messages.push({ role: 'assistant', content: response.content });

    const cost = estimateCost(priceTable, model.id, usage);
    const totalTokens =
      usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;

    const uses = response.content.filter((b) => b.type === 'tool_use');
    if (uses.length === 0) {
      // A model that only talks makes no progress; remind it once, then end the run.
      idleTurns++;
      if (idleTurns >= 2) {
        stop('loop', 'the model stopped using tools without calling finish');
        break;
      }
      messages.push({
        role: 'user',
        content: [{ type: 'text', text: 'Use the tools to test the change, and end with finish.' }],
      });
      continue;
    }
    idleTurns = 0;

    const results: ContentBlock[] = [];
    for (const use of uses) {
      if (stoppedBy || state.finish) {
        results.push(toolResult(use.id, 'Not run: the run has ended.', true, redact));
        continue;
      }
      const tool = tools.get(use.name);
      if (!tool) {
        results.push(toolResult(use.id, `Unknown tool "${use.name}".`, true, redact));
        continue;
      }
      const parsed = tool.schema.safeParse(use.input ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues.map(
          (i) => `${i.path.join('.') || 'input'}: ${i.message}`,
        );
        results.push(toolResult(use.id, `Invalid input: ${problems.join('; ')}`, true, redact));
        continue;
      }
      const input = parsed.data;
      if (tool.kind === 'action' && recorder.steps.length >= budgets.maxSteps) {
        budgetSpent = true;
        results.push(
          toolResult(
            use.id,
            `Step budget (${budgets.maxSteps}) spent: call finish now with what you have.`,
            true,
            redact,
          ),
        );
        continue;
      }
      if (Date.now() >= budgets.deadline) {
        stop('time', 'the wall-clock budget ran out');
        results.push(toolResult(use.id, 'Not run: time is up.', true, redact));
        continue;
      }
      // Loop detection on what the call does, not on refs (which change as the page changes).
      let loopNote = '';
      if (tool.kind !== 'control') {
        const key = `${tool.name}:${safeTarget(tool, input, ctx)}`;
        history.push(key);
        const repeats = history.slice(-LOOP_WINDOW).filter((k) => k === key).length;
        if (repeats >= LOOP_REPEATS) {
          if (nudgedLoop) {
            stop('loop', `the same action was repeated again after a warning (${key})`);
            results.push(
              toolResult(
                use.id,
                'Not run: the run was stopped for repeating itself.',
                true,
                redact,
              ),
            );
            continue;
          }
          nudgedLoop = true;
          loopNote = `\nWarning: you have now done this ${repeats} times (${key}). Doing it again ends the run. Try something different, or call finish and mark what you cannot test as blocked.`;
        }
      }
      let output: ToolOutput;
      try {
        output = await tool.run(input, ctx);
      } catch (error) {
        // A tool error goes back to the model; it never crashes the run.
        output = { content: `The tool failed: ${(error as Error).message}`, isError: true };
      }
      const block = toolResult(use.id, output.content + loopNote, output.isError ?? false, redact);
      results.push(block);
      if (output.view)
        views.push({ block, kind: output.view, step: output.step?.step.index ?? null });
    }
    if (!stoppedBy && !state.finish) {
      if (cost !== null && budgets.maxCostUsd !== undefined && cost >= budgets.maxCostUsd)
        stop('cost', `the cost budget ($${budgets.maxCostUsd}) was reached ($${cost.toFixed(4)})`);
      else if (budgets.maxCostUsd !== undefined && cost === null)
        // Fail closed: a cost cap that cannot be computed must not be silently ignored.
        stop('cost', `a cost cap is set but ${model.id} has no price in "${priceTable.name}"`);
      else if (budgets.maxTokens !== undefined && totalTokens >= budgets.maxTokens)
        stop('tokens', `the token budget (${budgets.maxTokens}) was reached (${totalTokens})`);
    }
    messages.push({ role: 'user', content: results });
    if (state.finish) {
      stop(budgetSpent ? 'steps' : 'finished', 'the model called finish');
      break;
    }
    if (budgetSpent && !stoppedBy) {
      // Grace: once the step budget is spent the model gets exactly one turn, forced to finish,
      // so the report still says what was covered. The stop stays `steps` (inconclusive).
      await graceFinish();
      stop('steps', `the step budget (${budgets.maxSteps}) was spent`);
    }
  }

  async function graceFinish(): Promise<void> {
    // One forced `finish` call, still bounded by the clock; whatever happens the stop is `steps`.
    try {
      if (Date.now() < budgets.deadline) {
        turns++;
        const response = await model.complete({
          system,
          tools: specs,
          messages,
          maxOutputTokens: options.maxOutputTokens ?? 4096,
          forceTool: 'finish',
          signal: AbortSignal.timeout(Math.max(1, budgets.deadline - Date.now())),
        });
        usage = addUsage(usage, response.usage);
        for (const use of response.content) {
          if (use.type !== 'tool_use' || use.name !== 'finish') continue;
          const finish = tools.get('finish') as AgentTool;
          const parsed = finish.schema.safeParse(use.input ?? {});
          if (parsed.success) await finish.run(parsed.data, ctx);
        }
      }
    } catch (error) {
      log(`Final finish call failed: ${(error as Error).message}`);
    }
  }

  // Assigned inside `stop` (a closure), which TypeScript's narrowing cannot see.
  const finalStop: StopReason = (stoppedBy as StopReason | null) ?? 'error';
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

function toolResult(
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

/**
 * Keeps the context small: views older than the newest full page view are replaced by a
 * one-line stub (diffs after it stay, since they apply to it). Once elided, always elided, so
 * the conversation only changes at its tail.
 */
function elideOldViews(views: ViewSlot[]): void {
  let lastFull = -1;
  for (let i = views.length - 1; i >= 0; i--) {
    if ((views[i] as ViewSlot).kind === 'full') {
      lastFull = i;
      break;
    }
  }
  for (let i = 0; i < lastFull; i++) {
    const slot = views[i] as ViewSlot;
    const stub = `[Page view${slot.step ? ` after step ${slot.step}` : ''} elided: the page has changed since; the newest view is current.]`;
    const head = firstLines(slot.block.type === 'text' ? slot.block.text : slot.block.content);
    if (slot.block.type === 'text') slot.block.text = `${head}\n${stub}`;
    else slot.block.content = `${head}\n${stub}`;
  }
  views.splice(0, Math.max(0, lastFull));
}

/** The step line and URL of a tool result, kept when its page view is elided. */
function firstLines(text: string): string {
  const cut = text.indexOf('<page_content>');
  const head = cut >= 0 ? text.slice(0, cut) : text.split('\n').slice(0, 2).join('\n');
  return head.trimEnd();
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * What an agent run amounts to, built once the loop has stopped: the criteria verified against
 * the recordings and the findings, what was not covered and why, the usage and its cost, and the
 * exported spec when every criterion passed.
 */
import type { Criterion, Finding, StopReason, Usage } from '../../contract/index.js';
import type { RecordedStep } from '../recording.js';
import type { BudgetStop } from './budgets.js';
import type { TokenUsage } from './model.js';
import { estimateCost, type PriceTable } from './pricing.js';
import { exportSpec } from './spec-export.js';
import type { AgentState } from './tools/index.js';
import { verifyCriteria } from './verify.js';

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

/** Where the loop left off: the tools' state, what stopped it, what it spent. */
export interface AgentRunEnd {
  state: AgentState;
  /** Null only when the loop ended without saying why (counted as an error). */
  stopped: BudgetStop | null;
  usage: TokenUsage;
  turns: number;
  startUrl: string;
}

export interface OutcomeInput {
  steps: RecordedStep[];
  /** The deterministic checks' findings over `steps`. */
  findings: Finding[];
  modelId: string;
  priceTable: PriceTable;
  /** The PR's title, naming the exported spec. */
  title: string;
  redact: (text: string) => string;
}

/** Builds the outcome of a stopped run; pure, so it can be read (and tested) on its own. */
export function agentOutcome(run: AgentRunEnd, input: OutcomeInput): AgentOutcome {
  const { state, usage } = run;
  const stopNote = run.stopped?.note ?? '';
  const stoppedBy: StopReason = run.stopped?.reason ?? 'error';
  const criteria = verifyCriteria({
    plan: state.plan ?? [],
    verdicts: state.finish?.verdicts ?? null,
    steps: input.steps,
    findings: input.findings,
    ...(stoppedBy !== 'finished' ? { stoppedEarly: stopNote || stoppedBy } : {}),
  });
  const cost = estimateCost(input.priceTable, input.modelId, usage);
  const specCode = stoppedBy === 'finished' ? passingSpec(run, criteria, input) : undefined;
  return {
    criteria,
    stoppedBy,
    usage: {
      model: input.modelId,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheWriteTokens: usage.cacheWriteTokens,
      costUsd: cost,
      priceTable: cost === null ? null : input.priceTable.name,
    },
    notCovered: notCovered(state, criteria, stopNote || stoppedBy),
    visited: [...new Set(input.steps.map((s) => s.step.url))],
    ...(specCode ? { specCode } : {}),
    ...(state.finish?.summary ? { summary: input.redact(state.finish.summary) } : {}),
    findings: input.findings,
    turns: run.turns,
  };
}

/** Criteria left untested or blocked, or the missing plan itself, each with why. */
function notCovered(state: AgentState, criteria: Criterion[], why: string): string[] {
  const out: string[] = [];
  if (!state.plan && criteria.length === 0)
    out.push(`No test plan was written before the run stopped (${why}).`);
  for (const c of criteria) {
    if (c.status === 'untested' || c.status === 'blocked')
      out.push(`${c.id}: ${c.description}${c.reason ? ` (${c.reason})` : ''}`);
  }
  return out;
}

/** The run as a Playwright test, only when every criterion passed verification. */
function passingSpec(
  run: AgentRunEnd,
  criteria: Criterion[],
  input: OutcomeInput,
): string | undefined {
  if (criteria.length === 0 || criteria.some((c) => c.status !== 'pass')) return undefined;
  return input.redact(
    exportSpec({
      title: input.title || 'coworker run',
      origin: originOf(input.steps[0]?.step.url ?? run.startUrl),
      steps: input.steps,
      criteria,
    }),
  );
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Budget guards, enforced by the harness outside the model, each reporting itself by its own
 * name: steps (browser actions), turns (model calls), time (wall clock), tokens and cost. They
 * fail closed: a cost cap that cannot be computed stops the run rather than being ignored.
 */
import type { StopReason } from '../../contract/index.js';
import type { TokenUsage } from './model.js';
import { estimateCost, type PriceTable } from './pricing.js';

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

/** Which budget ran out, and a sentence saying how. */
export interface BudgetStop {
  reason: StopReason;
  note: string;
}

export class BudgetGuard {
  readonly maxTurns: number;

  constructor(
    readonly budgets: AgentBudgets,
    private readonly priceTable: PriceTable,
    private readonly modelId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.maxTurns = budgets.maxTurns ?? budgets.maxSteps * 3 + 5;
  }

  /** Before a model call: time, then turns. */
  beforeTurn(turnsTaken: number): BudgetStop | null {
    if (this.timeUp()) return { reason: 'time', note: 'the wall-clock budget ran out' };
    if (turnsTaken >= this.maxTurns)
      return { reason: 'turns', note: `the turn budget (${this.maxTurns} model calls) ran out` };
    return null;
  }

  /** After a turn's tools ran: cost, then tokens, over the run's usage so far. */
  afterTurn(usage: TokenUsage): BudgetStop | null {
    const { maxCostUsd, maxTokens } = this.budgets;
    const cost = estimateCost(this.priceTable, this.modelId, usage);
    if (maxCostUsd !== undefined && cost === null)
      return {
        reason: 'cost',
        note: `a cost cap is set but ${this.modelId} has no price in "${this.priceTable.name}"`,
      };
    if (maxCostUsd !== undefined && cost !== null && cost >= maxCostUsd)
      return {
        reason: 'cost',
        note: `the cost budget ($${maxCostUsd}) was reached ($${cost.toFixed(4)})`,
      };
    const total =
      usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    if (maxTokens !== undefined && total >= maxTokens)
      return { reason: 'tokens', note: `the token budget (${maxTokens}) was reached (${total})` };
    return null;
  }

  /** True once `stepsTaken` browser actions leave no room for another. */
  stepsSpent(stepsTaken: number): boolean {
    return stepsTaken >= this.budgets.maxSteps;
  }

  timeUp(): boolean {
    return this.now() >= this.budgets.deadline;
  }

  /** What is left of the clock, for aborting a model call (at least 1 ms). */
  msLeft(): number {
    return Math.max(1, this.budgets.deadline - this.now());
  }
}

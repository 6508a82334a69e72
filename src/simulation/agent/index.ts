/**
 * The Claude agent: plan from the PR, exercise it in the browser, and a verdict the harness can
 * prove. `runAgent` works with any Model; `runAgentWithAnthropic` wires the Anthropic adapter.
 */
import { createModel, type ModelProviderConfig } from './provider.js';
import type { BrowserSession } from '../browser/driver.js';
import type { StepRecorder } from '../recording.js';
import type { AgentBudgets, AgentOutcome, RunAgentOptions } from './run-agent.js';
import { runAgent } from './run-agent.js';
import type { PriceTable } from './pricing.js';
import type { ChangeContext } from './prompt.js';

export { runAgent } from './run-agent.js';
export type { AgentBudgets, AgentOutcome, RunAgentOptions } from './run-agent.js';
export type { ChangeContext } from './prompt.js';
export * from './model.js';
export { createAnthropicModel } from './models/anthropic.js';
export type { AnthropicModelOptions } from './models/anthropic.js';
export { DEFAULT_MODEL } from './models/messages.js';
export { createModel } from './provider.js';
export type { ModelProviderConfig } from './provider.js';
export { DEFAULT_PRICE_TABLE, estimateCost, parsePriceTable, PriceTableSchema } from './pricing.js';
export type { PriceTable } from './pricing.js';
export { exportSpec } from './spec-export.js';
export { verifyCriteria } from './verify.js';
export { diffSnapshots, Perception } from './perception.js';

export interface AnthropicAgentOptions {
  apiKey: string;
  /** Anthropic (default), Bedrock or Vertex. */
  provider?: ModelProviderConfig;
  baseUrl?: string;
  model?: string;
  context: ChangeContext;
  budgets: AgentBudgets;
  redact: (text: string) => string;
  allowedOrigins: string[];
  priceTable?: PriceTable;
  /** Per-attempt model timeout (ms) and retries of 429/5xx/529. */
  timeoutMs?: number;
  maxRetries?: number;
  log?: RunAgentOptions['log'];
  changeCoverage?: RunAgentOptions['changeCoverage'];
  changedNotRun?: RunAgentOptions['changedNotRun'];
}

/** The engine's view of an agent run (what `simulate()` puts in the report). */
export interface AgentExercise extends Omit<AgentOutcome, 'specCode'> {
  spec?: string;
}

/** Runs the agent against Claude (or a gateway at `baseUrl` / `ANTHROPIC_BASE_URL`). */
export async function runAgentWithAnthropic(
  session: BrowserSession,
  recorder: StepRecorder,
  options: AnthropicAgentOptions,
): Promise<AgentExercise> {
  const model = await createModel({
    apiKey: options.apiKey,
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  });
  const { specCode, ...outcome } = await runAgent(session, recorder, {
    model,
    context: options.context,
    budgets: options.budgets,
    redact: options.redact,
    allowedOrigins: options.allowedOrigins,
    ...(options.priceTable ? { priceTable: options.priceTable } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.changeCoverage ? { changeCoverage: options.changeCoverage } : {}),
    ...(options.changedNotRun ? { changedNotRun: options.changedNotRun } : {}),
  });
  return { ...outcome, ...(specCode ? { spec: specCode } : {}) };
}

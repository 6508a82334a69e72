/** One model call, bounded by the clock; a failure becomes the stop reason it stands for. */
import type { BudgetStop } from './budgets.js';
import { ModelError, type Model, type ModelRequest, type ModelResponse } from './model.js';

/** Calls the model; never throws: a failure is returned as the stop it causes. */
export async function callModel(
  model: Model,
  request: Omit<ModelRequest, 'signal'>,
  msLeft: number,
): Promise<{ response: ModelResponse } | { stop: BudgetStop }> {
  try {
    return { response: await model.complete({ ...request, signal: AbortSignal.timeout(msLeft) }) };
  } catch (error) {
    const e = error instanceof ModelError ? error : new ModelError('other', String(error));
    const timedOut = e.kind === 'timeout' || e.kind === 'aborted';
    return { stop: { reason: timedOut ? 'time' : 'error', note: e.message } };
  }
}

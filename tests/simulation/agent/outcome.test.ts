/**
 * The outcome of a stopped agent run, as the report shows it: what was not covered and why, and
 * no exported spec unless every criterion passed. Expected texts are written by hand.
 */
import { describe, expect, it } from 'vitest';
import { agentOutcome, type AgentRunEnd } from '../../../src/simulation/agent/outcome.js';
import { DEFAULT_PRICE_TABLE } from '../../../src/simulation/agent/pricing.js';

const usage = { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0 };
const input = {
  steps: [],
  findings: [],
  modelId: 'claude-sonnet-4-5',
  priceTable: DEFAULT_PRICE_TABLE,
  title: 'Favourites',
  redact: (text: string) => text.replaceAll('s3cr3t', '***'),
};

function run(overrides: Partial<AgentRunEnd>): AgentRunEnd {
  return {
    state: { plan: null, finish: null },
    stopped: { reason: 'steps', note: 'the step budget (3) was spent' },
    usage,
    turns: 4,
    startUrl: 'http://127.0.0.1:3000/',
    ...overrides,
  };
}

describe('agentOutcome', () => {
  it('says no plan was written when the budget ran out first, and exports no spec', () => {
    const outcome = agentOutcome(run({}), input);
    expect(outcome.stoppedBy).toBe('steps');
    expect(outcome.criteria).toEqual([]);
    expect(outcome.notCovered).toEqual([
      'No test plan was written before the run stopped (the step budget (3) was spent).',
    ]);
    expect(outcome.specCode).toBeUndefined();
    expect(outcome.turns).toBe(4);
    expect(outcome.usage).toMatchObject({ model: 'claude-sonnet-4-5', inputTokens: 1200 });
  });

  it('lists each planned criterion left without a verdict, with why', () => {
    const state = {
      plan: [{ id: 'C1', description: 'A note can be added to favourites' }],
      finish: null,
    };
    const outcome = agentOutcome(
      run({ state, stopped: { reason: 'time', note: 'the time budget ran out' } }),
      input,
    );
    expect(outcome.criteria.map((c) => [c.id, c.status])).toEqual([['C1', 'untested']]);
    expect(outcome.notCovered).toEqual([
      'C1: A note can be added to favourites (Not tested: the run stopped early (the time budget ran out).)',
    ]);
  });

  it('counts a run that ended without a reason as an error, and redacts the summary', () => {
    const state = { plan: [], finish: { verdicts: [], summary: 'logged in with s3cr3t' } };
    const outcome = agentOutcome(run({ state, stopped: null }), input);
    expect(outcome.stoppedBy).toBe('error');
    expect(outcome.summary).toBe('logged in with ***');
  });
});

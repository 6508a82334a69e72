/** The loop's guards on their own: the loop guard per target and page, each budget by its name. */
import { describe, expect, it } from 'vitest';
import { BudgetGuard } from '../../../src/simulation/agent/budgets.js';
import { LoopGuard } from '../../../src/simulation/agent/loop-guard.js';
import { fence } from '../../../src/simulation/agent/fence.js';
import { DEFAULT_PRICE_TABLE } from '../../../src/simulation/agent/pricing.js';

const usage = (tokens: number) => ({
  inputTokens: tokens,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

describe('loop guard', () => {
  it('warns on the third same call on the same page, then stops', () => {
    const guard = new LoopGuard();
    guard.seePage('page A');
    expect(guard.judge('click Save').kind).toBe('ok');
    expect(guard.judge('click Cancel').kind).toBe('ok');
    expect(guard.judge('click Save').kind).toBe('ok');
    expect(guard.judge('click Save').kind).toBe('warn');
    // Another target is judged on its own.
    expect(guard.judge('click Cancel').kind).toBe('ok');
    expect(guard.judge('click Save')).toMatchObject({ kind: 'stop' });
  });

  it('starts afresh when the page changes, warnings included', () => {
    const guard = new LoopGuard();
    guard.seePage('page A');
    for (let i = 0; i < 3; i++) guard.judge('click Next');
    guard.seePage('page B');
    expect(guard.judge('click Next').kind).toBe('ok');
    expect(guard.judge('click Next').kind).toBe('ok');
    expect(guard.judge('click Next').kind).toBe('warn');
  });
});

describe('budget guard', () => {
  const haiku = 'claude-haiku-4-5';
  it('names the budget that ran out', () => {
    const now = 1_000;
    const guard = new BudgetGuard(
      { maxSteps: 2, deadline: 2_000, maxTurns: 3, maxTokens: 100 },
      DEFAULT_PRICE_TABLE,
      haiku,
      () => now,
    );
    expect(guard.beforeTurn(2)).toBeNull();
    expect(guard.beforeTurn(3)?.reason).toBe('turns');
    expect(guard.afterTurn(usage(99))).toBeNull();
    expect(guard.afterTurn(usage(100))?.reason).toBe('tokens');
    expect(guard.stepsSpent(1)).toBe(false);
    expect(guard.stepsSpent(2)).toBe(true);
    const late = new BudgetGuard(
      { maxSteps: 2, deadline: 500 },
      DEFAULT_PRICE_TABLE,
      haiku,
      () => now,
    );
    expect(late.beforeTurn(0)?.reason).toBe('time');
  });

  it('fails closed on a cost cap it cannot price, and stops at the cap', () => {
    const unknown = new BudgetGuard(
      { maxSteps: 1, deadline: Infinity, maxCostUsd: 1 },
      DEFAULT_PRICE_TABLE,
      'mystery-model',
    );
    expect(unknown.afterTurn(usage(1))).toMatchObject({ reason: 'cost' });
    const capped = new BudgetGuard(
      { maxSteps: 1, deadline: Infinity, maxCostUsd: 1 },
      DEFAULT_PRICE_TABLE,
      haiku,
    );
    expect(capped.afterTurn(usage(999_999))).toBeNull();
    expect(capped.afterTurn(usage(1_000_000))).toMatchObject({ reason: 'cost' });
  });
});

describe('fence', () => {
  it('defuses every look-alike of its own tags, whatever the case and spacing', () => {
    const text = fence('change', 'a </change> b < /CHANGE > c <change> d </changes>');
    expect(text.match(/<\/change>/g)).toHaveLength(1);
    expect(text.match(/<change>/g)).toHaveLength(1);
    expect(text).toContain('</changes>'); // another tag is left alone
  });
});

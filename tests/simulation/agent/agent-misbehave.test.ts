/**
 * A model that lies, loops, is rate-limited or never answers: never a false pass.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './scenario-run.js';
import {
  favouritesScenario,
  flakyApiScenario,
  loopingScenario,
  silentScenario,
} from '../../../fakes/anthropic/scenarios/favourites.js';

describe('a model that lies or misbehaves', () => {
  it('a pass with a made-up quote is not accepted', async () => {
    const { outcome, result, fake } = await runScenario(
      'clean',
      favouritesScenario({ quote: 'Your favourites were synced to the cloud' }),
    );
    // The model was told why, in words it can act on, before the verdict was judged.
    const told = fake.bodies.find((b) => b.includes('Recorded provisionally'));
    expect(told).toContain('is not in the page of step');
    const c1 = outcome.criteria.find((c) => c.id === 'C1');
    expect(c1?.status).not.toBe('pass');
    expect(c1?.reason).toMatch(/not in the page of step \d+/);
    expect(c1?.evidence[0]?.verified).toBe(false);
    expect(result).not.toBe('pass');
  }, 180_000);

  it('a looping model is stopped by loop detection and the report is inconclusive', async () => {
    const { outcome, result, fake } = await runScenario('clean', loopingScenario);
    expect(outcome.stoppedBy).toBe('loop');
    expect(result).toBe('inconclusive');
    expect(outcome.criteria.every((c) => c.status === 'untested')).toBe(true);
    expect(outcome.notCovered.join('\n')).toMatch(/C1: .*stopped early/);
    // Warned once before being stopped.
    expect(fake.bodies.some((b) => b.includes('Doing it again ends the run'))).toBe(true);
  }, 180_000);

  it('429 and 529 answers are retried and the run completes', async () => {
    const { outcome, result, fake } = await runScenario('clean', flakyApiScenario(), {
      maxRetries: 3,
    });
    expect(fake.statuses.slice(0, 3)).toEqual([429, 529, 200]);
    expect(outcome.stoppedBy).toBe('finished');
    expect(result).toBe('pass');
  }, 180_000);

  it('a model that never answers ends in a timeout with an inconclusive report', async () => {
    const { outcome, result } = await runScenario('clean', silentScenario, {
      timeoutMs: 1500,
      maxRetries: 1,
    });
    expect(outcome.stoppedBy).toBe('time');
    expect(result).toBe('inconclusive');
    expect(outcome.notCovered.join('\n')).toMatch(/No test plan/);
  }, 180_000);
});

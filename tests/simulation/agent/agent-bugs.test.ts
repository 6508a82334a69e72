/**
 * The agent on each planted bug: fail, naming the criterion and the finding.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './scenario-run.js';
import { favouritesScenario } from '../../../fakes/anthropic/scenarios/favourites.js';
import { type FixtureVariant } from '../../../fixtures/fixture-repo.js';

describe('planted bugs', () => {
  const variants: FixtureVariant[] = [
    'uncaught-error',
    'save-500',
    'broken-link',
    'missing-image',
    'unlabeled-button',
  ];
  for (const variant of variants) {
    it(`${variant}: fails, naming the criterion and the finding`, async () => {
      // The uncaught error stops the save, so its confirmation never comes: the model waits 1 s
      // for it rather than 5, and the wait fails just the same.
      const waitMs = variant === 'uncaught-error' ? 1000 : undefined;
      const scenario = favouritesScenario(waitMs ? { waitMs } : {});
      const { outcome, result, fake } = await runScenario(variant, scenario);
      expect(fake.violations).toEqual([]);
      expect(result).toBe('fail');
      const failed = outcome.criteria.filter((c) => c.status === 'fail');
      expect(failed.length).toBeGreaterThan(0);
      // The failing criterion's reason names a recorded finding by id and check.
      const named = failed.some((c) =>
        outcome.findings.some((f) => c.reason?.includes(`${f.id} ${f.check}`)),
      );
      expect(named, JSON.stringify({ failed, findings: outcome.findings }, null, 1)).toBe(true);
      expect(outcome.specCode).toBeUndefined();
    }, 180_000);
  }
});

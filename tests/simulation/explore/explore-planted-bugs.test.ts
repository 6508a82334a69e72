/**
 * The exploration against the fixture apps with planted bugs, in real Chromium: each bug is
 * found by the right check, on the step whose action triggered it, with evidence.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { FixtureVariant } from '../../../fixtures/fixture-repo.js';
import { cleanupRuns, describeSteps, exploreVariant, triggerStep } from './explore-harness.js';

afterAll(cleanupRuns);

// Each walk stops one step after the one its bug shows on (the walk's order: Open /, the
// Favourites link on step 2, a new note saved on step 9, its page opened on step 10 and its
// favourite button clicked on step 11), so a finding put on the wrong step still fails the test.
const BUGGY: Array<[FixtureVariant, number]> = [
  ['uncaught-error', 12],
  ['save-500', 12],
  ['broken-link', 3],
  ['missing-image', 3],
  ['unlabeled-button', 11],
];

describe('exploration finds each planted bug', () => {
  it.each(BUGGY)(
    '%s: the right check, on the step that triggered it, with evidence',
    async (variant, maxSteps) => {
      const run = await exploreVariant(variant, { maxSteps });
      const bug = run.repo.bug;
      expect(bug).not.toBeNull();
      const step = triggerStep(run);
      const hits = run.findings.filter((f) => bug!.checks.includes(f.check));
      const context = `${describeSteps(run)}\nfindings: ${JSON.stringify(run.findings, null, 2)}`;
      expect(hits.length, context).toBeGreaterThan(0);
      const onStep = hits.filter((f) => f.step === step);
      expect(onStep.length, context).toBeGreaterThan(0);
      expect(
        onStep.some((f) => f.evidence.includes(bug!.evidence)),
        context,
      ).toBe(true);
    },
    180_000,
  );
});

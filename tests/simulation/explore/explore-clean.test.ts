/**
 * The exploration of the clean PR in real Chromium: no error findings, the changed feature
 * first, forms filled and submitted, destructive buttons left alone, budgets held, and never a
 * step off the app's origin.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupRuns, describeSteps, exploreVariant, type Run } from './explore-harness.js';

afterAll(cleanupRuns);

describe('exploration of the clean PR', () => {
  let run: Run;

  it('has no error findings and visits the changed feature first', async () => {
    // 17 steps reach every kind of page; more would only repeat the feature on other notes.
    run = await exploreVariant('clean', { maxSteps: 17 });
    const context = `${describeSteps(run)}\nfindings: ${JSON.stringify(run.findings, null, 2)}`;
    expect(run.result.stoppedBy, context).toBe('steps');
    // One note page first; the other notes wait until every kind of page has been seen.
    expect(run.result.notCovered, context).toContain('Page /notes/2 (not visited)');
    expect(
      run.findings.filter((f) => f.severity === 'error'),
      context,
    ).toEqual([]);

    const firstVisit = (path: string): number =>
      run.result.visited.findIndex((url) => new URL(url).pathname === path);
    expect(firstVisit('/favorites'), context).toBeGreaterThan(0);
    expect(firstVisit('/favorites')).toBeLessThan(firstVisit('/settings'));
    expect(firstVisit('/favorites')).toBeLessThan(firstVisit('/about'));
    expect(firstVisit('/about'), context).toBeGreaterThan(0);
    // The feature's own button is pressed, and the app says it worked.
    const favourite = run.steps.find(
      (s) => s.step.description === 'Click button "Add to favourites"',
    );
    expect(favourite, context).toBeDefined();
    expect(favourite!.observation.snapshot).toContain('Saved to favourites');
  }, 300_000);

  it('fills and submits forms, toggles and chooses, but leaves destructive buttons alone', () => {
    const descriptions = run.steps.map((s) => s.step.description);
    expect(descriptions).toContain('Fill textbox "Title" with "Sample text"');
    expect(descriptions).toContain(
      'Fill textbox "Reminder email (optional)" with "test@example.com"',
    );
    expect(descriptions).toContain('Check checkbox "Email me a weekly digest"');
    expect(descriptions).toContain('Select "Light" in combobox "Theme"');
    const saved = run.steps.find((s) => s.step.description === 'Click button "Save note"');
    expect(saved?.observation.snapshot).toContain('Saved');
    expect(descriptions.some((d) => /Delete|Reset/.test(d))).toBe(false);
    expect(run.result.notCovered).toContain(
      'Button "Reset settings" on /settings (skipped: destructive)',
    );
    expect(run.result.notCovered.some((n) => n.startsWith('Button "Delete note" on /notes/'))).toBe(
      true,
    );
    expect(run.result.notCovered).toContain(
      'Link "Download all notes" on /about (skipped: download)',
    );
  });

  it('never leaves the app origin, though the About page links to GitHub', () => {
    const origin = new URL(run.repo.url).origin;
    expect(run.steps.map((s) => new URL(s.step.url).origin)).toEqual(run.steps.map(() => origin));
    expect(run.steps.flatMap((s) => s.observation.events.blockedNavigations)).toEqual([]);
    expect(run.steps.some((s) => s.observation.snapshot.includes('github.com'))).toBe(true);
  });
});

describe('exploration budgets', () => {
  it('stops at maxSteps and lists what it did not cover', async () => {
    const run = await exploreVariant('clean', { maxSteps: 3 });
    expect(run.result.stoppedBy).toBe('steps');
    expect(run.steps).toHaveLength(3);
    expect(run.result.notCovered).toContain('Page /settings (not visited)');
  }, 120_000);

  it('stops at the deadline', async () => {
    let clock = 0;
    const run = await exploreVariant('clean', {
      maxSteps: 50,
      now: () => clock,
      // The deadline is 300 s after the real start; jump past it once two steps are recorded.
      onStep: (recorded) => {
        if (recorded.step.index === 2) clock = Number.MAX_SAFE_INTEGER;
      },
    });
    expect(run.result.stoppedBy).toBe('time');
    expect(run.steps).toHaveLength(2);
    expect(run.result.notCovered.length).toBeGreaterThan(0);
  }, 120_000);
});

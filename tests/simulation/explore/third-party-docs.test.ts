/**
 * The exploration on docsify as shipped in its npm package: a docs site whose pages are `#/`
 * routes, with a search box and no search button. Planted bug: a route whose document answers 500.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE_FLOOR } from '../../../src/report/index.js';
import { exploreApp, walkOf, type AppRun } from './third-party-harness.js';

describe('docsify: hash routes are pages', () => {
  let first: AppRun;

  it('visits each #/ route as its own page, searches for a word the page shows, and passes', async () => {
    const run = await exploreApp('docsify', 'clean', { maxSteps: 30 });
    first = run;
    const paths = run.report.coverage.visited.map((url) => new URL(url).hash);
    expect(paths, run.context).toEqual(expect.arrayContaining(['#/guide', '#/setup']));
    const steps = run.report.steps.map((s) => s.description);
    // "Stackyard" is the site's own title: a search that can find something.
    expect(steps, run.context).toContain('Fill searchbox "Search text" with "Stackyard"');
    expect(steps, run.context).toContain('Press Enter in searchbox "Search text"');
    expect(run.report.result, run.context).toBe('pass');
    expect(run.report.coverage.ratio ?? 0).toBeGreaterThanOrEqual(DEFAULT_COVERAGE_FLOOR);
  }, 180_000);

  it('leaves the sidebar links alone once its "Menu" button slid the sidebar off the page', () => {
    // docsify's "Menu" toggles the sidebar; on a desktop it slides it out of view to the left.
    const steps = first.report.steps.map((s) => s.description);
    expect(steps, first.context).toContain('Click button "Menu"');
    const timedOut = first.report.steps.filter((s) => /timed out/.test(s.error ?? ''));
    expect(
      timedOut.map((s) => s.description),
      first.context,
    ).toEqual([]);
  });

  it('takes the same steps again on the same app (a base and a head run can be compared)', async () => {
    const again = await exploreApp('docsify', 'clean', { maxSteps: 30 });
    expect(walkOf(again), again.context).toEqual(walkOf(first));
  }, 180_000);

  it('finds the broken route on the step that opened it', async () => {
    // (The search index covers / and #/guide only, so nothing fetches setup.md before the route.)
    const run = await exploreApp('docsify', 'broken-route', { maxSteps: 30 });
    expect(run.report.result, run.context).toBe('fail');
    const finding = run.report.findings.find((f) => f.title === 'HTTP 500 from GET /setup.md');
    expect(finding, run.context).toBeDefined();
    const step = run.report.steps.find((s) => s.index === finding!.step);
    expect(new URL(step!.url).hash, run.context).toBe('#/setup');
  }, 180_000);

  it('calls a run that exercised almost nothing inconclusive, not pass', async () => {
    const run = await exploreApp('docsify', 'clean', { maxSteps: 1 });
    expect(run.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(run.report.coverage.ratio ?? 1, run.context).toBeLessThan(DEFAULT_COVERAGE_FLOOR);
    expect(run.report.result, run.context).toBe('inconclusive');
    expect(run.report.summary).toMatch(/coverage floor/);
  }, 120_000);
});

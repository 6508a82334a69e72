/**
 * The exploration on hash-routed and API-docs apps as shipped in npm packages: docsify (a docs
 * site whose pages are `#/` routes, with a search box and no search button) and Swagger UI (an
 * API console whose spec-URL field must be left alone, with an Authorize dialog). Planted bug:
 * a docsify route whose document answers 500.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE_FLOOR } from '../../../src/report/index.js';
import { exploreApp } from './third-party-harness.js';

describe('docsify: hash routes are pages', () => {
  it('visits each #/ route as its own page, searches for a word the page shows, and passes', async () => {
    const run = await exploreApp('docsify', 'clean', { maxSteps: 30 });
    const paths = run.report.coverage.visited.map((url) => new URL(url).hash);
    expect(paths, run.context).toEqual(expect.arrayContaining(['#/guide', '#/setup']));
    const steps = run.report.steps.map((s) => s.description);
    // "Stackyard" is the site's own title: a search that can find something.
    expect(steps, run.context).toContain('Fill searchbox "Search text" with "Stackyard"');
    expect(steps, run.context).toContain('Press Enter in searchbox "Search text"');
    expect(run.report.result, run.context).toBe('pass');
    expect(run.report.coverage.ratio ?? 0).toBeGreaterThanOrEqual(DEFAULT_COVERAGE_FLOOR);
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

describe('Swagger UI: an API console with a dialog', () => {
  it('leaves the spec URL alone, closes the Authorize dialog, and executes an operation', async () => {
    const run = await exploreApp('swagger-ui', 'clean', { maxSteps: 30 });
    const steps = run.report.steps.map((s) => s.description);
    // The field holding the spec's address is never typed into: the app stays the app.
    expect(run.report.coverage.notCovered, run.report.coverage.notCovered.join('\n')).toContain(
      'Textbox (no accessible name) on / (skipped: changes where the app loads its data from)',
    );
    expect(run.requests.filter((r) => r.startsWith('GET /openapi.json')).length).toBeGreaterThan(0);
    expect(steps, run.context).toContain('Click button "Close" to close the dialog');
    // "Execute" sent the request to the documented API: the app's server saw it.
    expect(steps, run.context).toContain('Click button "Execute"');
    expect(run.reached, run.context).toBe(true);
    expect(run.report.result, run.context).toBe('pass');
    expect(run.report.coverage.ratio ?? 0).toBeGreaterThanOrEqual(DEFAULT_COVERAGE_FLOOR);
  }, 240_000);
});

/**
 * The exploration on Swagger UI as shipped in `swagger-ui-dist`: an API console whose spec-URL
 * field must be left alone, whose Authorize dialog (no dialog role) covers the page until closed,
 * and whose main interaction is two clicks deep (expand an operation, "Try it out", "Execute").
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE_FLOOR } from '../../../src/report/index.js';
import { exploreApp, walkOf, type AppRun } from './third-party-harness.js';

// The walk closes the dialog on step 12 and clicks "Execute" on step 28: its budget ends there.
const MAX_STEPS = 28;

describe('Swagger UI: an API console with a dialog', () => {
  let first: AppRun;

  it('leaves the spec URL alone, closes the Authorize dialog, and executes an operation', async () => {
    const run = await exploreApp('swagger-ui', 'clean', { maxSteps: MAX_STEPS });
    first = run;
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

  it('takes the same steps again on the same app', async () => {
    const again = await exploreApp('swagger-ui', 'clean', { maxSteps: MAX_STEPS });
    expect(walkOf(again), again.context).toEqual(walkOf(first));
  }, 240_000);
});

/**
 * The exploration on TodoMVC as shipped in the `todomvc` npm package (Backbone and Vue builds):
 * the only input adds a todo on Enter (no submit button), and the new item's controls exist only
 * after that. Planted bugs: the save sent on Enter answers 500; toggling a todo throws.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE_FLOOR } from '../../../src/report/index.js';
import { exploreApp, walkOf, type AppRun } from './third-party-harness.js';

describe('TodoMVC (Backbone): an Enter-only input', () => {
  let first: AppRun;

  it('presses Enter after filling the lone field, so the save behind it happens; the clean app passes', async () => {
    const run = await exploreApp('todomvc-backbone', 'clean', { maxSteps: 30 });
    first = run;
    const steps = run.report.steps.map((s) => s.description);
    expect(steps, run.context).toContain('Press Enter in textbox "What needs to be done?"');
    // The app's own server saw the todo being saved: the main interaction happened.
    expect(run.requests, run.context).toContain('POST /api/todos');
    expect(run.reached).toBe(true);
    // What the new todo brought (its checkbox and its delete button) was exercised after it.
    const enter = steps.indexOf('Press Enter in textbox "What needs to be done?"');
    expect(
      steps.slice(enter + 1).some((s) => /^(Check|Uncheck) checkbox/.test(s)),
      run.context,
    ).toBe(true);
    expect(steps.slice(enter + 1), run.context).toContain('Click button "✖"');
    expect(run.report.result, run.context).toBe('pass');
    expect(run.report.coverage.ratio ?? 0, run.context).toBeGreaterThanOrEqual(
      DEFAULT_COVERAGE_FLOOR,
    );
  }, 180_000);

  it('takes the same steps again on the same app', async () => {
    const again = await exploreApp('todomvc-backbone', 'clean', { maxSteps: 30 });
    expect(walkOf(again), again.context).toEqual(walkOf(first));
  }, 180_000);

  it('finds the 500 behind Enter, on the step that pressed it', async () => {
    // Enter is the walk's third step; the fourth shows a finding on the wrong step would fail.
    const run = await exploreApp('todomvc-backbone', 'enter-500', { maxSteps: 4 });
    expect(run.report.result, run.context).toBe('fail');
    const finding = run.report.findings.find((f) => f.title === 'HTTP 500 from POST /api/todos');
    expect(finding, run.context).toBeDefined();
    const step = run.report.steps.find((s) => s.index === finding!.step);
    expect(step?.description).toBe('Press Enter in textbox "What needs to be done?"');
  }, 180_000);
});

describe('TodoMVC (Vue): an error in a control that only appears after an action', () => {
  let first: AppRun;

  it("finds the error thrown by a new todo's checkbox, on the step that toggled it", async () => {
    const run = await exploreApp('todomvc-vue', 'toggle-error', { maxSteps: 30 });
    first = run;
    expect(run.report.result, run.context).toBe('fail');
    const finding = run.report.findings.find((f) => f.check === 'page-error');
    expect(finding, run.context).toBeDefined();
    expect(finding!.title).toContain("Cannot read properties of undefined (reading 'completed')");
    const steps = run.report.steps;
    const toggled = steps.find((s) => s.index === finding!.step);
    expect(toggled?.description, run.context).toMatch(/^(Check|Uncheck) checkbox/);
    const enter = steps.find((s) => s.description.startsWith('Press Enter'));
    expect(enter!.index).toBeLessThan(toggled!.index);
  }, 180_000);

  it('takes the same steps again on the same app', async () => {
    const again = await exploreApp('todomvc-vue', 'toggle-error', { maxSteps: 30 });
    expect(walkOf(again), again.context).toEqual(walkOf(first));
  }, 180_000);
});

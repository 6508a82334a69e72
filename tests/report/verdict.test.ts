import { describe, expect, it } from 'vitest';
import type { Criterion, Finding } from '../../src/contract/index.js';
import { decideResult, summarize, type VerdictInput } from '../../src/report/index.js';
import {
  sampleCriterion,
  sampleFinding,
  sampleReport,
  sampleSteps,
} from '../../fixtures/sample-report.js';

const pass = sampleCriterion({ id: 'C1', description: 'Cart shows the item' });
const failed = sampleCriterion({ id: 'C2', description: 'Total is updated', status: 'fail' });
const untested = sampleCriterion({
  id: 'C3',
  description: 'Coupon applies',
  status: 'untested',
  evidence: [],
});
const blocked = sampleCriterion({
  id: 'C4',
  description: 'Checkout works',
  status: 'blocked',
  evidence: [],
});
const unverifiedPass = sampleCriterion({
  id: 'C5',
  description: 'Badge shows the count',
  evidence: [{ step: 2, quote: 'Cart (9)', verified: false }],
});
const errorFinding = sampleFinding();
const warning = sampleFinding({
  id: 'F2',
  severity: 'warning',
  check: 'console-warning',
  title: 'Deprecated API',
});

function input(overrides: Partial<VerdictInput>): VerdictInput {
  return {
    criteria: [],
    findings: [],
    stoppedBy: 'finished',
    mode: 'agent',
    crashed: false,
    steps: 5,
    ...overrides,
  };
}

const table: [string, Partial<VerdictInput>, string][] = [
  ['a crash is an error, even with passing criteria', { crashed: true, criteria: [pass] }, 'error'],
  ['a crash reason is an error', { crashed: 'app exited with code 1' }, 'error'],
  ['stopping on an error is an error', { stoppedBy: 'error', criteria: [pass] }, 'error'],
  ['a crash wins over error findings', { crashed: true, findings: [errorFinding] }, 'error'],
  [
    'an error finding fails a run whose criteria pass',
    { criteria: [pass], findings: [errorFinding] },
    'fail',
  ],
  ['an error finding fails an exploration', { mode: 'explore', findings: [errorFinding] }, 'fail'],
  ['a failed criterion fails the run', { criteria: [pass, failed] }, 'fail'],
  [
    'a failed criterion fails even when the budget ran out',
    { criteria: [failed, untested], stoppedBy: 'steps' },
    'fail',
  ],
  [
    'step budget with untested criteria is inconclusive',
    { criteria: [pass, untested], stoppedBy: 'steps' },
    'inconclusive',
  ],
  [
    'time budget with blocked criteria is inconclusive',
    { criteria: [blocked], stoppedBy: 'time' },
    'inconclusive',
  ],
  ['token budget is inconclusive', { criteria: [untested], stoppedBy: 'tokens' }, 'inconclusive'],
  ['cost budget is inconclusive', { criteria: [untested], stoppedBy: 'cost' }, 'inconclusive'],
  ['a loop stop is inconclusive', { criteria: [untested], stoppedBy: 'loop' }, 'inconclusive'],
  [
    'exploration with steps and only warnings passes',
    { mode: 'explore', findings: [warning] },
    'pass',
  ],
  [
    'exploration that hit its step budget with nothing left passes',
    { mode: 'explore', stoppedBy: 'steps', notCovered: 0 },
    'pass',
  ],
  [
    'exploration cut by its step budget with pages left is inconclusive',
    { mode: 'explore', stoppedBy: 'steps', notCovered: 3 },
    'inconclusive',
  ],
  [
    'exploration cut by its time budget with controls left is inconclusive',
    { mode: 'explore', stoppedBy: 'time', notCovered: 1 },
    'inconclusive',
  ],
  [
    'exploration cut by its budget that found an error fails',
    { mode: 'explore', stoppedBy: 'steps', notCovered: 3, findings: [errorFinding] },
    'fail',
  ],
  ['exploration with no step is inconclusive', { mode: 'explore', steps: 0 }, 'inconclusive'],
  ['agent with every criterion verified passes', { criteria: [pass], findings: [warning] }, 'pass'],
  ['agent with no criteria is inconclusive', { criteria: [] }, 'inconclusive'],
  [
    'a pass without verified evidence is inconclusive',
    { criteria: [pass, unverifiedPass] },
    'inconclusive',
  ],
  [
    'a pass with no evidence at all is inconclusive',
    { criteria: [{ ...pass, evidence: [] }] },
    'inconclusive',
  ],
  [
    'a blocked criterion without a budget stop is inconclusive',
    { criteria: [pass, blocked] },
    'inconclusive',
  ],
];

describe('decideResult', () => {
  it.each(table)('%s', (_name, overrides, expected) => {
    const verdict = decideResult(input(overrides));
    expect(verdict.result).toBe(expected);
    expect(verdict.reason.length).toBeGreaterThan(5);
  });

  it('names the failing things in its reason', () => {
    expect(decideResult(input({ findings: [errorFinding] })).reason).toContain(
      'Uncaught TypeError',
    );
    expect(decideResult(input({ criteria: [failed] })).reason).toContain('Total is updated');
    expect(decideResult(input({ crashed: 'app exited with code 1' })).reason).toContain(
      'app exited with code 1',
    );
    expect(decideResult(input({ criteria: [untested], stoppedBy: 'steps' })).reason).toMatch(
      /step budget.*Coupon applies/,
    );
    expect(decideResult(input({ criteria: [unverifiedPass] })).reason).toMatch(
      /without verified evidence/,
    );
  });
});

describe('summarize', () => {
  const visited = ['http://x/', 'http://x/a', 'http://x/b', 'http://x/c'];

  it('leads a failure with the count, the scope and the first errors', () => {
    const findings: Finding[] = [
      sampleFinding(),
      sampleFinding({ id: 'F2', check: 'http-error', title: 'POST /api/save returned 500' }),
      sampleFinding({ id: 'F3', severity: 'warning', title: 'Slow page' }),
    ];
    const text = summarize({
      ...sampleReport({ steps: sampleSteps(14), findings, coverage: { visited, notCovered: [] } }),
      result: 'fail',
    });
    expect(text).toBe(
      'Fail: 2 errors found in 14 steps across 4 pages — uncaught TypeError after clicking "Add to cart"; POST /api/save returned 500.',
    );
  });

  it('explains a failure by criteria when no error was found', () => {
    const criteria: Criterion[] = [pass, { ...failed, reason: 'total stayed at $0' }];
    const text = summarize({ ...sampleReport({ criteria }), result: 'fail' });
    expect(text).toMatch(
      /^Fail: 1 of 2 criteria failed in 3 steps across 2 pages — total is updated \(total stayed at \$0\)\.$/,
    );
  });

  it('says what was verified on a pass, and counts warnings', () => {
    const text = summarize({ ...sampleReport({ findings: [warning] }), result: 'pass' });
    expect(text).toBe(
      'Pass: all 1 criterion verified in 3 steps across 2 pages, no errors found (1 warning).',
    );
    const explore = summarize({ ...sampleReport({ criteria: [] }), result: 'pass' });
    expect(explore).toBe('Pass: no errors found in 3 steps across 2 pages.');
  });

  it('gives the reason for inconclusive and error results', () => {
    const verdict = decideResult(input({ criteria: [untested], stoppedBy: 'steps' }));
    const text = summarize({ ...sampleReport({ criteria: [untested] }), ...verdict });
    expect(text).toMatch(
      /^Inconclusive: the step budget ran out with 1 criterion not verified: "Coupon applies" \(3 steps across 2 pages\)\.$/,
    );
    const crash = decideResult(input({ crashed: 'app exited with code 1' }));
    expect(summarize({ ...sampleReport({ steps: [] }), ...crash })).toBe(
      'Error: The run could not complete: app exited with code 1.',
    );
  });
});

describe('verdict with a base comparison', () => {
  const preexisting = sampleFinding({
    id: 'F1',
    title: 'Broken image: badge.png',
    baseline: 'preexisting',
  });
  const flaky = sampleFinding({
    id: 'F2',
    title: 'Uncaught exception: timed out',
    baseline: 'flaky',
  });
  const fresh = sampleFinding({
    id: 'F3',
    title: 'Uncaught exception: list is undefined',
    baseline: 'new',
  });
  const explore = { criteria: [], stoppedBy: 'finished', mode: 'explore', steps: 5 } as const;

  it('passes when every error was already on the base or was flaky, and says so', () => {
    expect(decideResult({ ...explore, findings: [preexisting, flaky] }).result).toBe('pass');
    const report = sampleReport({ result: 'pass', criteria: [], findings: [preexisting, flaky] });
    expect(summarize(report)).toBe(
      'Pass: no new errors found in 3 steps across 2 pages (1 preexisting error and 1 flaky error not counted).',
    );
  });

  it('fails on a new error, naming only it', () => {
    const verdict = decideResult({ ...explore, findings: [preexisting, fresh] });
    expect(verdict).toEqual({
      result: 'fail',
      reason: '1 new error found: "Uncaught exception: list is undefined"',
    });
    const report = sampleReport({ result: 'fail', criteria: [], findings: [preexisting, fresh] });
    expect(summarize(report)).toBe(
      'Fail: 1 new error found in 3 steps across 2 pages — uncaught exception: list is undefined.',
    );
  });

  it('fails on preexisting and flaky errors too with failOnPreexisting', () => {
    const verdict = decideResult({
      ...explore,
      findings: [preexisting, flaky],
      failOnPreexisting: true,
    });
    expect(verdict.result).toBe('fail');
    expect(verdict.reason).toMatch(/^2 errors found/);
  });

  it('still fails on a failed criterion whatever the baselines', () => {
    expect(
      decideResult({
        criteria: [failed],
        findings: [preexisting],
        stoppedBy: 'finished',
        mode: 'agent',
      }).result,
    ).toBe('fail');
  });
});

describe('verdict with change coverage', () => {
  const explored = { mode: 'explore' as const, steps: 12, coverage: { ratio: 0.8, floor: 0.3 } };
  const changed = (ranLines: number, changedLines = 4, functionsNotRun: string[] = []) => ({
    changeCoverage: { totals: { changedLines, ranLines }, floor: 0.5, functionsNotRun },
  });

  it('is inconclusive when under half the changed lines ran, naming what never ran', () => {
    const verdict = decideResult(
      input({ ...explored, ...changed(1, 4, ['clearCompleted (js/views/app-view.js)']) }),
    );
    expect(verdict.result).toBe('inconclusive');
    expect(verdict.reason).toContain('only 1 of 4 changed lines ran');
    expect(verdict.reason).toContain('50% change-coverage floor');
    expect(verdict.reason).toContain('"clearCompleted (js/views/app-view.js)"');
  });

  it('passes when the floor is reached, and for a diff without executable code', () => {
    expect(decideResult(input({ ...explored, ...changed(2) })).result).toBe('pass');
    expect(decideResult(input({ ...explored, ...changed(0, 0) })).result).toBe('pass');
  });

  it('keeps a failure a failure when the changed code did not run', () => {
    const verdict = decideResult(input({ ...explored, findings: [errorFinding], ...changed(0) }));
    expect(verdict.result).toBe('fail');
  });

  it('holds an agent that verified every criterion to the same floor', () => {
    const verdict = decideResult(input({ mode: 'agent', criteria: [pass], ...changed(0, 3) }));
    expect(verdict.result).toBe('inconclusive');
    expect(verdict.reason).toContain('only 0 of 3 changed lines ran');
  });
});

describe('verdict when the session never met the change', () => {
  const explored = { mode: 'explore' as const, steps: 6, coverage: { ratio: 0.8, floor: 0.3 } };
  const why = 'the change touches only documentation or repository files (README.md), none …';

  it('is inconclusive instead of a pass, with the reason', () => {
    expect(decideResult(input({ ...explored, untestedChange: why }))).toEqual({
      result: 'inconclusive',
      reason: why,
    });
  });

  it('still fails on an error the session found', () => {
    const verdict = decideResult(
      input({ ...explored, untestedChange: why, findings: [errorFinding] }),
    );
    expect(verdict.result).toBe('fail');
  });
});

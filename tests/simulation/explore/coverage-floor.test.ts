/**
 * The coverage floor: how an exploration with no error finding is judged (pass at or above the
 * floor, also when the step budget ended it; inconclusive below), and how a user sets the floor
 * (CLI flag, action input), with bad values named.
 */
import { describe, expect, it } from 'vitest';
import {
  INPUT_DEFAULTS,
  InputError,
  parseInputs,
  type InputName,
} from '../../../src/action/inputs.js';
import { parseCli, UsageError } from '../../../src/cli/args.js';
import { decideResult, DEFAULT_COVERAGE_FLOOR, renderMarkdown } from '../../../src/report/index.js';
import { sampleReport, SAMPLE_URL } from '../../../fixtures/sample-report.js';

const explored = (ratio: number, floor = DEFAULT_COVERAGE_FLOOR) =>
  decideResult({
    criteria: [],
    findings: [{ severity: 'warning', title: 'HTTP 404 from GET /favicon.png' }],
    stoppedBy: 'steps',
    mode: 'explore',
    steps: 30,
    notCovered: 12,
    coverage: { ratio, floor },
  });

describe('coverage floor in the verdict', () => {
  it('passes a thorough run that the step budget ended with controls left', () => {
    expect(explored(0.62)).toEqual({
      result: 'pass',
      reason: 'the exploration found no errors (coverage 62%)',
    });
  });

  it('calls a run under the floor inconclusive, naming both figures', () => {
    expect(explored(0.1)).toEqual({
      result: 'inconclusive',
      reason:
        'the exploration exercised 10% of the pages and controls it saw, under the 30% coverage floor',
    });
    expect(explored(0.5, 0.8).result).toBe('inconclusive');
    expect(explored(0.3, 0.3).result).toBe('pass');
  });

  it('still fails on an error finding, whatever the coverage', () => {
    const verdict = decideResult({
      criteria: [],
      findings: [{ severity: 'error', title: 'HTTP 500 from POST /api/todos' }],
      stoppedBy: 'finished',
      mode: 'explore',
      steps: 3,
      coverage: { ratio: 1, floor: DEFAULT_COVERAGE_FLOOR },
    });
    expect(verdict.result).toBe('fail');
  });
});

describe('setting the floor', () => {
  it('takes a percentage on the CLI and rejects anything else, saying what it wants', () => {
    const parsed = parseCli(['run', '--url', 'http://localhost:3000', '--coverage-floor', '45']);
    expect(parsed).toMatchObject({ flags: { 'coverage-floor': 45 } });
    for (const bad of ['150', 'half', '-5']) {
      expect(() => parseCli(['run', '--url', 'http://x.test', '--coverage-floor', bad])).toThrow(
        UsageError,
      );
    }
    expect(() => parseCli(['run', '--url', 'http://x.test', '--coverage-floor', 'half'])).toThrow(
      /--coverage-floor is a percentage from 0 to 100/,
    );
  });

  it('takes the action input, 30 by default, and names a bad one', () => {
    const read =
      (values: Partial<Record<InputName, string>>) =>
      (name: InputName): string =>
        values[name] ?? INPUT_DEFAULTS[name];
    expect(parseInputs(read({ url: 'http://localhost:3000' }))['coverage-floor']).toBe(30);
    expect(
      parseInputs(read({ url: 'http://localhost:3000', 'coverage-floor': '60' }))['coverage-floor'],
    ).toBe(60);
    expect(() =>
      parseInputs(read({ url: 'http://localhost:3000', 'coverage-floor': '300' })),
    ).toThrow(InputError);
    expect(() =>
      parseInputs(read({ url: 'http://localhost:3000', 'coverage-floor': 'most' })),
    ).toThrow(/coverage-floor must be a percentage from 0 to 100/);
  });
});

describe('coverage in the PR comment', () => {
  it('says how much of what the exploration saw it exercised, and the floor', () => {
    const report = sampleReport({
      coverage: {
        visited: [SAMPLE_URL],
        notCovered: [],
        interactive: 37,
        exercised: 31,
        ratio: 31 / 37,
        floor: 0.3,
      },
    });
    expect(renderMarkdown(report)).toContain(
      '**Coverage:** 83% (31 of 37 pages and controls seen were exercised, floor 30%)',
    );
    const thin = sampleReport({
      coverage: {
        visited: [SAMPLE_URL],
        notCovered: [],
        interactive: 40,
        exercised: 2,
        ratio: 0.05,
        floor: 0.3,
      },
    });
    expect(renderMarkdown(thin)).toContain(
      '5% (2 of 40 pages and controls seen were exercised, under the floor of 30%)',
    );
  });
});

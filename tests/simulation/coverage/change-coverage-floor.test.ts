/**
 * How a user sets the change-coverage floor: the CLI flag and the action input, 50% by default,
 * with bad values named.
 */
import { describe, expect, it } from 'vitest';
import {
  INPUT_DEFAULTS,
  InputError,
  parseInputs,
  type InputName,
} from '../../../src/action/inputs.js';
import { parseCli, UsageError } from '../../../src/cli/args.js';

describe('setting the change-coverage floor', () => {
  it('takes a percentage on the CLI and rejects anything else, saying what it wants', () => {
    const parsed = parseCli([
      'run',
      '--url',
      'http://localhost:3000',
      '--change-coverage-floor',
      '80',
    ]);
    expect(parsed).toMatchObject({ flags: { 'change-coverage-floor': 80 } });
    for (const bad of ['101', 'most', '-1']) {
      expect(() =>
        parseCli(['run', '--url', 'http://x.test', '--change-coverage-floor', bad]),
      ).toThrow(UsageError);
    }
    expect(() =>
      parseCli(['run', '--url', 'http://x.test', '--change-coverage-floor', 'most']),
    ).toThrow(/--change-coverage-floor is a percentage from 0 to 100/);
  });

  it('takes the action input, 50 by default, and names a bad one', () => {
    const read =
      (values: Partial<Record<InputName, string>>) =>
      (name: InputName): string =>
        values[name] ?? INPUT_DEFAULTS[name];
    const url = 'http://localhost:3000';
    expect(parseInputs(read({ url }))['change-coverage-floor']).toBe(50);
    expect(parseInputs(read({ url, 'change-coverage-floor': '0' }))['change-coverage-floor']).toBe(
      0,
    );
    expect(() => parseInputs(read({ url, 'change-coverage-floor': 'all' }))).toThrow(InputError);
    expect(() => parseInputs(read({ url, 'change-coverage-floor': '200' }))).toThrow(
      /change-coverage-floor must be a percentage from 0 to 100/,
    );
  });
});

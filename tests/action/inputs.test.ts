import { describe, expect, it } from 'vitest';
import { InputError, parseInputs, type InputName } from '../../src/action/inputs.js';

const reader =
  (values: Partial<Record<InputName, string>>) =>
  (name: InputName): string =>
    values[name] ?? '';

describe('parseInputs', () => {
  it('applies the documented defaults', () => {
    const inputs = parseInputs(reader({ url: 'http://localhost:3000' }));
    expect(inputs).toMatchObject({
      url: 'http://localhost:3000',
      'working-directory': '.',
      'ready-timeout': 120,
      'max-steps': 30,
      'timeout-minutes': 10,
      viewport: 'desktop',
      comment: true,
      'fail-on': 'fail',
      'allow-fork-code': false,
      secrets: [],
    });
    expect(inputs['start-command']).toBeUndefined();
    expect(inputs['pr-number']).toBeUndefined();
  });

  it('reads typed values: numbers, booleans, secrets one per line', () => {
    const inputs = parseInputs(
      reader({
        url: 'https://app.test/',
        'pr-number': '42',
        'job-id': 'job_abc123',
        'max-steps': '12',
        'max-cost': '0.75',
        viewport: 'Mobile',
        comment: 'false',
        'fail-on': 'inconclusive',
        secrets: 'hunter22\n  s3cr3t-value ,other-one\n\n',
      }),
    );
    expect(inputs['pr-number']).toBe(42);
    expect(inputs['job-id']).toBe('job_abc123');
    expect(inputs['max-steps']).toBe(12);
    expect(inputs['max-cost']).toBe(0.75);
    expect(inputs.viewport).toBe('mobile');
    expect(inputs.comment).toBe(false);
    expect(inputs['fail-on']).toBe('inconclusive');
    expect(inputs.secrets).toEqual(['hunter22', 's3cr3t-value', 'other-one']);
  });

  it('lists every bad input in one error, each named', () => {
    let error: unknown;
    try {
      parseInputs(
        reader({
          'max-steps': 'lots',
          viewport: 'tablet',
          'fail-on': 'sometimes',
          'pr-number': '-3',
          'job-id': 'a b',
          comment: 'maybe',
          'max-cost': 'cheap',
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    for (const name of [
      'url',
      'max-steps',
      'viewport',
      'fail-on',
      'pr-number',
      'job-id',
      'comment',
      'max-cost',
    ]) {
      expect(message).toContain(name);
    }
    expect((error as InputError).problems).toHaveLength(8);
    expect(message).not.toMatch(/\bat \w+ \(/); // no stack frames in the message
  });

  it('rejects a url that is not http(s)', () => {
    expect(() => parseInputs(reader({ url: 'localhost:3000' }))).toThrow(/url must be an http/);
  });
});

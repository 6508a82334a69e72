/**
 * Matching a PR run's findings with its merge base's: by check, page template and message with
 * what varies between runs masked; never by step number. Expected labels written out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/contract/index.js';
import { classifyFindings, normalizeMessage } from '../../../src/simulation/compare/match.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    id: 'F1',
    check: 'console-error',
    severity: 'error',
    title: 'Console error: widget failed',
    step: 1,
    url: 'http://127.0.0.1:4100/',
    evidence: 'console.error: widget failed',
    count: 1,
    ...overrides,
  };
}

describe('normalizeMessage', () => {
  it('masks numbers, ports, ids and hashes but keeps the words and the HTTP status', () => {
    expect(normalizeMessage('Failed at http://127.0.0.1:41234/app.3f9a2b7c.js:12:5')).toBe(
      normalizeMessage('Failed at http://127.0.0.1:39001/app.0d1e2f3a.js:80:1'),
    );
    expect(normalizeMessage('Note 0b6f3c2e-1d2a-4c5b-9e8f-7a6b5c4d3e2f not found')).toBe(
      'note <id> not found',
    );
    expect(normalizeMessage('HTTP 500 from GET /api/notes/17')).toBe(
      'http 500 from get /api/notes/#',
    );
    expect(normalizeMessage('HTTP 500 from GET /x')).not.toBe(
      normalizeMessage('HTTP 404 from GET /x'),
    );
    expect(normalizeMessage('widget failed')).not.toBe(normalizeMessage('widget crashed'));
  });
});

describe('classifyFindings', () => {
  it('labels what the base also showed preexisting, whatever the step and port', () => {
    const head = [
      finding({
        step: 7,
        url: 'http://127.0.0.1:5000/notes/12',
        title: 'Console error: load 3 failed',
      }),
      finding({
        id: 'F2',
        check: 'page-error',
        title: 'Uncaught exception: boom',
        url: 'http://127.0.0.1:5000/about',
      }),
    ];
    const base = [
      finding({
        step: 2,
        url: 'http://127.0.0.1:6000/notes/4',
        title: 'Console error: load 9 failed',
      }),
    ];
    const { findings, fixed } = classifyFindings(head, base, null);
    expect(findings.map((f) => f.baseline)).toEqual(['preexisting', 'new']);
    expect(fixed).toEqual([]);
  });

  it('does not match the same message from another check or another page', () => {
    const head = [
      finding({ url: 'http://h/settings' }),
      finding({ id: 'F2', check: 'page-error' }),
    ];
    const base = [finding({ url: 'http://h/about' })];
    expect(classifyFindings(head, base, null).findings.map((f) => f.baseline)).toEqual([
      'new',
      'new',
    ]);
  });

  it('labels a new finding absent from the re-check flaky, and one seen again new', () => {
    const once = finding({
      check: 'page-error',
      title: 'Uncaught exception: timed out after 3001 ms',
    });
    const twice = finding({
      id: 'F2',
      check: 'page-error',
      title: 'Uncaught exception: x is undefined',
    });
    const recheck = [finding({ check: 'page-error', title: 'Uncaught exception: x is undefined' })];
    const { findings } = classifyFindings([once, twice], [], recheck);
    expect(findings.map((f) => f.baseline)).toEqual(['flaky', 'new']);
  });

  it('lists errors and warnings only the base showed as fixed, once each, and leaves info out', () => {
    const base = [
      finding({ check: 'broken-image', title: 'Broken image: /static/badge.png', step: 1 }),
      finding({ check: 'broken-image', title: 'Broken image: /static/badge.png', step: 5 }),
      finding({ check: 'console-warning', severity: 'info', title: 'Console warning: deprecated' }),
    ];
    const { fixed } = classifyFindings([], base, null);
    expect(fixed).toEqual([
      {
        check: 'broken-image',
        severity: 'error',
        title: 'Broken image: /static/badge.png',
        url: 'http://127.0.0.1:4100/',
        evidence: 'console.error: widget failed',
      },
    ]);
  });
});

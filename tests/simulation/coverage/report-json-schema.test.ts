/**
 * report.json's JSON Schema documents change coverage and how the app's start command ended: a
 * validator that knows nothing of zod (Ajv, draft 2020-12) accepts a report carrying them and
 * rejects a malformed one.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema, type ChangeCoverage } from '../../../src/contract/index.js';
import { sampleReport } from '../../../fixtures/sample-report.js';

const changeCoverage: ChangeCoverage = {
  files: [
    {
      path: 'js/app.js',
      side: 'browser',
      changedLines: [18, 19, 21],
      ranLines: [],
      notRun: [{ start: 18, end: 21, functions: ['exportTodosCsv'] }],
      hunks: [{ start: 15, lines: ['+', '+function exportTodosCsv(todos) {'] }],
    },
  ],
  totals: { changedLines: 3, ranLines: 0 },
  functionsNotRun: ['exportTodosCsv (js/app.js)'],
  unmapped: [],
  browser: { measured: true },
  server: { measured: false, reason: 'the app was already running' },
  floor: 0.5,
};

describe('the report JSON Schema', () => {
  const validate = new Ajv2020({ strict: false }).compile(reportJsonSchema());

  it('accepts a report with change coverage and describes the field', () => {
    expect(validate(JSON.parse(JSON.stringify(sampleReport({ changeCoverage }))))).toBe(true);
    const properties = reportJsonSchema().properties as Record<string, { description?: string }>;
    expect(properties.changeCoverage?.description).toMatch(/changed executable lines ran/);
  });

  it("documents how the app's start command ended, and accepts and checks it", () => {
    const properties = reportJsonSchema().properties as Record<string, { description?: string }>;
    expect(properties.appExit?.description).toMatch(/exit code/);
    const ended = { phase: 'start', code: 1, signal: null };
    const report = JSON.parse(JSON.stringify({ ...sampleReport(), appExit: ended }));
    expect(validate(report)).toBe(true);
    expect(validate({ ...report, appExit: { ...ended, code: 'one' } })).toBe(false);
    expect(validate({ ...report, appExit: { ...ended, phase: 'later' } })).toBe(false);
  });

  it('rejects change coverage whose lines are not line numbers', () => {
    const report = JSON.parse(JSON.stringify(sampleReport({ changeCoverage })));
    report.changeCoverage.totals.changedLines = 'three';
    expect(validate(report)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { toAnnotations } from '../../src/report/index.js';
import { sampleCriterion, sampleFinding, sampleReport } from '../../fixtures/sample-report.js';

describe('toAnnotations', () => {
  it('turns findings and failed criteria into annotations, errors first', () => {
    const report = sampleReport({
      result: 'fail',
      findings: [
        sampleFinding({
          id: 'F1',
          severity: 'warning',
          check: 'console-warning',
          title: 'Deprecated API',
          step: 1,
          evidence: 'warn: old',
        }),
        sampleFinding({
          id: 'F2',
          severity: 'error',
          check: 'http-error',
          title: 'POST /api/save returned 500',
          count: 3,
          evidence: 'POST http://127.0.0.1:3000/api/save → 500',
        }),
        sampleFinding({
          id: 'F3',
          severity: 'info',
          check: 'slow-page',
          title: 'Slow page',
          step: null,
          url: null,
          evidence: '3.1 s',
        }),
      ],
      criteria: [
        sampleCriterion({ id: 'C1' }),
        sampleCriterion({
          id: 'C2',
          status: 'fail',
          description: 'Total is updated',
          reason: 'total stayed at $0',
          evidence: [{ step: 3, quote: 'Total: $0', verified: true }],
        }),
        sampleCriterion({ id: 'C3', status: 'untested', evidence: [] }),
      ],
    });
    expect(toAnnotations(report)).toEqual([
      {
        level: 'error',
        title: 'Criterion failed: Total is updated',
        message: 'total stayed at $0\nstep 3: "Total: $0" (verified)',
      },
      {
        level: 'error',
        title: 'POST /api/save returned 500 (seen 3 times)',
        message:
          '[http-error] POST http://127.0.0.1:3000/api/save → 500\nstep 2 · http://127.0.0.1:3000/cart',
      },
      {
        level: 'warning',
        title: 'Deprecated API',
        message: '[console-warning] warn: old\nstep 1 · http://127.0.0.1:3000/cart',
      },
      { level: 'notice', title: 'Slow page', message: '[slow-page] 3.1 s' },
    ]);
  });

  it('gives nothing for a clean pass', () => {
    expect(toAnnotations(sampleReport())).toEqual([]);
  });
});

describe('annotations with a base comparison', () => {
  it('makes preexisting and flaky errors notices, keeping new ones errors', () => {
    const report = sampleReport({
      criteria: [],
      findings: [
        sampleFinding({ id: 'F1', title: 'Old badge broken', baseline: 'preexisting' }),
        sampleFinding({ id: 'F2', title: 'New crash', baseline: 'new' }),
      ],
    });
    const annotations = toAnnotations(report);
    expect(annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'New crash'],
      ['notice', 'Old badge broken [preexisting]'],
    ]);
  });
});

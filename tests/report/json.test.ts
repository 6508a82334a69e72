import { describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/contract/index.js';
import { renderJson } from '../../src/report/index.js';
import { sampleReport } from '../../fixtures/sample-report.js';

describe('renderJson', () => {
  it('writes pretty JSON that the server-side reader parses back to the same report', () => {
    const report = sampleReport();
    const text = renderJson(report);
    expect(text).toContain('\n  "schemaVersion": 1,');
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseReport(text)).toEqual(report);
  });

  it('refuses an invalid report instead of writing it, naming the field', () => {
    const broken = { ...sampleReport(), result: 'maybe' } as unknown as Report;
    expect(() => renderJson(broken)).toThrow(/result/);
  });
});

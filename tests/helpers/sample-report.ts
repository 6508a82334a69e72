/**
 * Builders of valid `Report` objects for tests. Every builder returns a value that passed
 * `ReportSchema.parse`, with realistic defaults a test overrides only where it matters.
 */
import {
  ReportSchema,
  REPORT_SCHEMA_VERSION,
  type Criterion,
  type Finding,
  type Report,
  type Step,
} from '../../src/contract/index.js';

/** The app URL sample reports use. */
export const SAMPLE_URL = 'http://127.0.0.1:3000/';

const START = Date.parse('2026-03-01T10:00:00.000Z');

/** A step with index `index` (1-based), on the home page unless overridden. */
export function sampleStep(index: number, overrides: Partial<Step> = {}): Step {
  return {
    index,
    action: 'click',
    description: `Click button "Action ${index}"`,
    code: `await page.getByRole('button', { name: 'Action ${index}' }).click();`,
    url: `${SAMPLE_URL}page-${index % 4}`,
    title: 'Sample shop',
    startedAt: new Date(START + index * 1000).toISOString(),
    durationMs: 420,
    screenshot: `screenshots/step-${String(index).padStart(3, '0')}.png`,
    snapshotExcerpt: `- main:\n  - heading "Sample shop" [level=1] [ref=e1]\n  - button "Action ${index}" [ref=e2]`,
    outcome: 'ok',
    ...overrides,
  };
}

/** `n` steps, numbered 1..n; `overrides(i)` customises step i. */
export function sampleSteps(n: number, overrides?: (index: number) => Partial<Step>): Step[] {
  return Array.from({ length: n }, (_, i) => sampleStep(i + 1, overrides?.(i + 1)));
}

/** A finding (error severity unless overridden). */
export function sampleFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'F1',
    check: 'page-error',
    severity: 'error',
    title: 'Uncaught TypeError after clicking "Add to cart"',
    step: 2,
    url: `${SAMPLE_URL}cart`,
    evidence: "TypeError: Cannot read properties of undefined (reading 'price')",
    count: 1,
    ...overrides,
  };
}

/** A criterion (verified pass unless overridden). */
export function sampleCriterion(overrides: Partial<Criterion> = {}): Criterion {
  return {
    id: 'C1',
    description: 'Adding an item shows it in the cart',
    status: 'pass',
    evidence: [{ step: 2, quote: 'Cart (1)', verified: true }],
    ...overrides,
  };
}

/** A complete, valid report: an agent run that passed, 3 steps, no findings. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  const steps = overrides.steps ?? sampleSteps(3);
  const base: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'myfav-coworker', version: '0.1.0' },
    result: 'pass',
    summary: 'Pass: all 1 criterion verified in 3 steps across 2 pages, no errors found.',
    criteria: [sampleCriterion()],
    findings: [],
    steps,
    coverage: { visited: [SAMPLE_URL, `${SAMPLE_URL}cart`], notCovered: [] },
    budget: { maxSteps: 30, timeoutSec: 600, stoppedBy: 'finished' },
    usage: {
      model: 'claude-sonnet-4-5',
      inputTokens: 12_345,
      outputTokens: 2_345,
      cacheReadTokens: 10_000,
      cacheWriteTokens: 1_000,
      costUsd: 0.0523,
      priceTable: 'anthropic-2026-02',
    },
    timings: {
      startedAt: new Date(START).toISOString(),
      finishedAt: new Date(START + 72_000).toISOString(),
      totalMs: 72_000,
      appStartMs: 3_200,
      browserLaunchMs: 600,
      stepsMs: 67_800,
      reportMs: 400,
    },
    environment: {
      mode: 'agent',
      url: SAMPLE_URL,
      viewport: 'desktop',
      browser: { name: 'chromium', version: '156.0', source: '/usr/bin/chromium' },
      node: 'v20.20.0',
      os: 'linux x64',
      ci: {
        runUrl: 'https://github.com/acme/shop/actions/runs/123',
        artifactName: 'myfav-coworker-report',
      },
      pr: {
        number: 42,
        title: 'Add to cart button',
        url: 'https://github.com/acme/shop/pull/42',
        headSha: '0123456789abcdef0123456789abcdef01234567',
      },
      changedFiles: ['src/cart.ts'],
    },
    appLogTail: 'listening on :3000\nGET / 200',
    files: {
      json: 'report.json',
      markdown: 'report.md',
      html: 'report.html',
      trace: 'trace.zip',
      appLog: 'app.log',
      spec: null,
    },
  };
  return ReportSchema.parse({ ...base, ...overrides, steps });
}

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_MARKDOWN_BYTES,
  escapeMarkdown,
  markdownCode,
  renderMarkdown,
} from '../../src/report/index.js';
import {
  sampleCriterion,
  sampleFinding,
  sampleReport,
  sampleStep,
  sampleSteps,
} from '../../fixtures/sample-report.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The cells of a GFM table row, split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/);
}

function tableRows(markdown: string, header: string): string[] {
  const start = markdown.indexOf(header);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split('\n');
  const rows: string[] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

describe('renderMarkdown', () => {
  it('links the report page first and keeps the zip for the trace', () => {
    const md = renderMarkdown(sampleReport({ result: 'fail' }), {
      artifactUrl: 'https://github.com/acme/shop/actions/runs/123/artifacts/9',
      reportPageUrl: 'https://github.com/acme/shop/actions/runs/123/artifacts/10',
    });
    const links = [...md.matchAll(/\[([^\]]+)\]\((https:[^)]+)\)/g)].map((m) => [m[1], m[2]]);
    expect(links[0]).toEqual([
      'Open the report',
      'https://github.com/acme/shop/actions/runs/123/artifacts/10',
    ]);
    expect(links[1]).toEqual([
      'Everything (zip): trace, full-size screenshots, logs',
      'https://github.com/acme/shop/actions/runs/123/artifacts/9',
    ]);
  });

  it('shows the verdict, summary, criteria, findings, usage, steps, coverage, links and timings', () => {
    const report = sampleReport({
      result: 'fail',
      summary: 'Fail: 1 error found in 3 steps across 2 pages — uncaught TypeError.',
      findings: [sampleFinding({ count: 3 })],
      coverage: {
        visited: ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/cart'],
        notCovered: ['Checkout page'],
      },
    });
    const md = renderMarkdown(report, {
      artifactUrl: 'https://github.com/acme/shop/actions/runs/123/artifacts/9',
      marker: '<!-- myfav-coworker -->',
    });
    expect(md.startsWith('<!-- myfav-coworker -->\n')).toBe(true);
    expect(md).toContain('### ❌ myfav-coworker: **Fail**');
    expect(md).toContain('> Fail: 1 error found in 3 steps across 2 pages — uncaught TypeError.');
    expect(md).toContain(
      '| ✅ pass | Adding an item shows it in the cart | step 2: “Cart \\(1\\)” ✓ verified |',
    );
    const [finding] = tableRows(md, '| Severity |');
    expect(cells(finding!).map((c) => c.trim())).toEqual([
      '🔴 error',
      'Uncaught TypeError after clicking "Add to cart" (×3)',
      '`page-error`',
      '2',
      '`/cart`',
      "`TypeError: Cannot read properties of undefined (reading 'price')`",
    ]);
    expect(md).toContain(
      '**Usage:** `claude-sonnet-4-5` · 12,345 input + 2,345 output tokens (cache: 10,000 read, 1,000 written) · ≈ $0.052 (price table: anthropic\\-2026\\-02)',
    );
    expect(md).toContain('<details><summary>Steps (3)</summary>');
    expect(md).toContain(
      "- **1.** Click button \"Action 1\" · `/page-1` · 420 ms<br>`await page.getByRole('button', { name: 'Action 1' }).click();`",
    );
    expect(md).toContain('**Visited (2):** `/`, `/cart`');
    expect(md).toContain('**Not covered (1):** Checkout page');
    expect(md).toContain(
      '[Full report: HTML with screenshots, trace](https://github.com/acme/shop/actions/runs/123/artifacts/9)',
    );
    expect(md).toContain('[Workflow run](https://github.com/acme/shop/actions/runs/123)');
    expect(md).toContain(
      '**Timings:** total 1m 12s · app start 3.2 s · browser launch 600 ms · steps 1m 08s · report 400 ms',
    );
  });

  it('says when no model ran', () => {
    const report = sampleReport({
      usage: {
        model: null,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: null,
        priceTable: null,
      },
    });
    expect(renderMarkdown(report)).toContain('**Usage:** no model (exploration mode)');
  });

  it('stays under 60 KiB with 2,000 long steps and 500 findings, keeping verdict, summary and notes', () => {
    const long = 'Ünïcødé 🚀 '.repeat(80);
    const report = sampleReport({
      result: 'fail',
      summary:
        'Fail: 500 errors found in 2,000 steps across 4 pages — uncaught TypeError; POST /api/save returned 500.',
      steps: sampleSteps(2000, (i) => ({
        description: `${long} ${i}`,
        code: `await page.fill('#x', '${long}');`,
        url: `http://127.0.0.1:3000/${long}`,
      })),
      findings: Array.from({ length: 500 }, (_, i) =>
        sampleFinding({
          id: `F${i + 1}`,
          severity: i % 5 === 0 ? 'warning' : 'error',
          title: `Error ${i + 1} ${long}`,
          evidence: long.repeat(5),
        }),
      ),
    });
    const md = renderMarkdown(report, { marker: 'myfav-coworker' });
    expect(bytes(md)).toBeLessThanOrEqual(DEFAULT_MAX_MARKDOWN_BYTES);
    expect(md.startsWith('<!-- myfav-coworker -->')).toBe(true);
    expect(md).toContain('### ❌ myfav-coworker: **Fail**');
    expect(md).toContain('> Fail: 500 errors found in 2,000 steps across 4 pages');
    expect(md).toMatch(/… 2,000 more steps in the HTML report\./);
    expect(md).toMatch(/… \d+ more findings in the HTML report\./);
    expect(md).toContain('<details><summary>Steps (2,000)</summary>');
    // Errors are kept before warnings when findings are cut.
    const rows = tableRows(md, '| Severity |');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((r) => r.includes('🔴 error'))).toBe(true);
    // The tail of the comment survived too.
    expect(md).toContain('**Timings:**');
  });

  it('drops steps before anything else when only the steps are too many', () => {
    const report = sampleReport({ steps: sampleSteps(800) });
    const md = renderMarkdown(report, { maxBytes: 20 * 1024 });
    expect(bytes(md)).toBeLessThanOrEqual(20 * 1024);
    const shown = md.match(/^- \*\*\d+\.\*\*/gm)!.length;
    expect(shown).toBeGreaterThan(20);
    expect(md).toContain(
      `… ${(800 - shown).toLocaleString('en-US')} more steps in the HTML report.`,
    );
    expect(md).toContain('| ✅ pass |');
  });

  it('fits even a tiny limit, verdict first', () => {
    const report = sampleReport({
      criteria: Array.from({ length: 50 }, (_, i) =>
        sampleCriterion({ id: `C${i}`, description: 'x'.repeat(150) }),
      ),
    });
    const md = renderMarkdown(report, { maxBytes: 2000 });
    expect(bytes(md)).toBeLessThanOrEqual(2000);
    expect(md).toContain('### ✅ myfav-coworker: **Pass**');
    expect(md).toMatch(
      /more criteria in the HTML report|rest of this report is in the HTML report/,
    );
  });

  it('keeps hostile page text from injecting markdown, HTML or mentions', () => {
    const evil =
      'Click | <script>alert(1)</script> ![x](https://evil.example/p.png) [link](javascript:alert(1)) **bold** @octocat\n# heading';
    const report = sampleReport({
      result: 'fail',
      summary: evil,
      steps: [
        sampleStep(1, {
          description: evil,
          code: "await page.getByText('a`b``c').click();",
          error: evil,
        }),
      ],
      criteria: [
        sampleCriterion({
          description: evil,
          reason: evil,
          evidence: [{ step: 1, quote: evil, verified: true }],
        }),
      ],
      findings: [
        sampleFinding({
          title: evil,
          evidence: `${evil} \\| back\\slash`,
          url: 'http://127.0.0.1:3000/a|b',
        }),
      ],
      coverage: { visited: ['http://127.0.0.1:3000/`x`'], notCovered: [evil] },
    });
    const md = renderMarkdown(report);
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/!\[x\]\(/);
    expect(md).not.toContain('https://evil.example');
    expect(md).not.toMatch(/(?<!\\)\[link\]/);
    expect(md).not.toContain('**bold**');
    expect(md).not.toMatch(/(?<!\\)@octocat/);
    expect(md).not.toMatch(/^#+ heading/m);
    expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    // Table rows keep their column count: the `|` in the text did not open a new cell.
    for (const row of tableRows(md, '| Status |')) expect(cells(row)).toHaveLength(3);
    for (const row of tableRows(md, '| Severity |')) expect(cells(row)).toHaveLength(6);
    // Backticks in code cannot close the code span early.
    expect(md).toContain("```await page.getByText('a`b``c').click();```");
  });
});

describe('escaping helpers', () => {
  it('escapeMarkdown makes markup literal and keeps one line', () => {
    expect(escapeMarkdown('a\nb | *c* <b>&amp;')).toBe('a b \\| \\*c\\* &lt;b&gt;&amp;amp;');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
  });

  it('markdownCode picks a fence longer than any backtick run and escapes pipes in tables', () => {
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
    expect(markdownCode('a\\|b', true)).toBe('a\\\\\\|b');
    expect(markdownCode('')).toBe('');
  });
});

describe('renderMarkdown with a base comparison', () => {
  const comparison = {
    baseRef: 'main',
    baseSha: 'b'.repeat(40),
    method: 'explore' as const,
    baseReport: 'base/report.json',
    baseResult: 'fail' as const,
    failOnPreexisting: false,
    rechecked: false,
    fixed: [
      {
        check: 'broken-link',
        severity: 'error' as const,
        title: 'Broken link "Docs" → 404',
        url: null,
        evidence: 'link "Docs" answered HTTP 404',
      },
    ],
    visual: [
      {
        step: 4,
        baseStep: 4,
        url: 'https://shop.test/settings',
        page: '/settings',
        ratio: 0.0421,
        expected: false,
        before: 'visual/step-004-before.png',
        after: 'screenshots/step-004.png',
        diff: 'visual/step-004-diff.png',
      },
    ],
    notes: [],
  };

  it('lists preexisting findings collapsed under the PR’s own, then what it fixed and what changed visually', () => {
    const report = sampleReport({
      result: 'fail',
      findings: [
        sampleFinding({ id: 'F1', title: 'Old badge image is broken', baseline: 'preexisting' }),
        sampleFinding({ id: 'F2', title: 'Cart crashes', baseline: 'new' }),
      ],
      comparison,
    });
    const md = renderMarkdown(report, {
      artifactUrl: 'https://github.com/acme/shop/actions/runs/1/artifacts/2',
    });
    const findings = md.indexOf('#### Findings (1)');
    const aside = md.indexOf(
      '<details><summary>Already on the base or flaky: 1 preexisting finding</summary>',
    );
    expect(findings).toBeGreaterThan(0);
    expect(aside).toBeGreaterThan(findings);
    expect(md.slice(findings, aside)).toContain('Cart crashes');
    expect(md.slice(findings, aside)).not.toContain('Old badge image');
    expect(md.slice(aside)).toContain('Old badge image is broken');
    expect(md).toContain('#### ✅ Fixed by this PR (1)');
    expect(md).toContain('⚠️ **Unexpected:** `/settings` (step 4): 4.21% of the pixels changed');
    expect(md).toContain(
      '[the HTML report](https://github.com/acme/shop/actions/runs/1/artifacts/2)',
    );
  });

  it('says plainly when the base could not be compared', () => {
    const report = sampleReport({
      comparison: {
        ...comparison,
        baseReport: null,
        baseSha: '',
        baseResult: 'error',
        fixed: [],
        visual: [],
        notes: ['Not compared with the base, so every error counts: no such ref'],
      },
    });
    const md = renderMarkdown(report);
    expect(md).toContain('**Not compared with the base** `main`: every error counts.');
    expect(md).not.toContain('Fixed by this PR');
  });
});

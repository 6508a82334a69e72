/**
 * Links probed the way a browser meets them, on docsify as shipped in its npm package: a server
 * that answers HEAD with 404 for pages GET serves is clean, and a link to a page that truly
 * answers 404 is one finding, not a finding plus the 404 page's own accessibility and request.
 * The expected findings are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { exploreApp } from './third-party-harness.js';

const CONTRAST =
  'Accessibility (color-contrast): Elements must meet minimum color contrast ratio thresholds';

describe('docsify: links probed as a browser meets them', () => {
  it('passes when the server answers HEAD with 404 and GET with 200', async () => {
    const run = await exploreApp('docsify', 'head-404', { maxSteps: 30 });
    expect(
      run.report.findings.filter((f) => f.check === 'broken-link'),
      run.context,
    ).toEqual([]);
    // The footer's link was probed with HEAD, refused, and then with GET.
    expect(run.requests, run.context).toEqual(
      expect.arrayContaining(['HEAD /about.html', 'GET /about.html']),
    );
    // What is left is the docs theme's own contrast, written out by hand from its page.
    expect(run.report.findings.filter((f) => f.severity !== 'info').map((f) => f.title)).toEqual([
      CONTRAST,
    ]);
    expect(run.report.result, run.context).toBe('pass');
  }, 180_000);

  it('reports a link to a page that answers 404 as one finding, naming the request that decided', async () => {
    const run = await exploreApp('docsify', 'broken-link', { maxSteps: 30 });
    const counted = run.report.findings.filter((f) => f.severity !== 'info');
    // The 404 page itself is not judged (no accessibility finding on it, no second finding for
    // its request): the link is the finding. The contrast warning is the docs theme's own.
    expect(
      counted.map((f) => ({
        check: f.check,
        severity: f.severity,
        title: f.title,
        count: f.count,
      })),
      run.context,
    ).toEqual([
      { check: 'broken-link', severity: 'error', title: 'Broken link "Old guide" → 404', count: 1 },
      { check: 'accessibility', severity: 'warning', title: CONTRAST, count: 1 },
    ]);
    expect(
      run.report.steps.some((s) => s.url.endsWith('/old-guide.html')),
      run.context,
    ).toBe(true);
    expect(counted[0]!.evidence).toMatch(
      /^link "Old guide" href=http:\/\/127\.0\.0\.1:\d+\/old-guide\.html answered HTTP 404 to GET$/,
    );
    expect(run.report.result, run.context).toBe('fail');
  }, 180_000);
});

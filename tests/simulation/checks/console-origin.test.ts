/**
 * Console errors classified by who wrote them, through the whole engine (exploration, real
 * Chromium): a vendored library that logs `console.error` on a page where nothing fails is a
 * warning that says why, and the app's own code throwing fails the run. The pages are written
 * by hand; the expected findings too.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/contract/index.js';
import { countedFindings, exploreStaticSite } from '../../helpers/explore-static.js';

const VENDOR_PATH = '/node_modules/scroll-lock/dist/scroll-lock.min.js';
const VENDOR_MESSAGE =
  'scroll-lock: the body already has overflow:hidden; scroll locking is disabled';

/** A vendored scroll-locking library, as such libraries do: it complains and carries on. */
const VENDOR = `(function () {
  if (getComputedStyle(document.body).overflow === 'hidden') console.error(${JSON.stringify(VENDOR_MESSAGE)});
})();`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gallery</title></head>
<body style="overflow:hidden"><main><h1>Gallery</h1>
<button id="next">Next picture</button><p id="caption">Picture 1</p></main>
<script src="${VENDOR_PATH}"></script><script src="/app.js"></script></body></html>`;

const APP_CLEAN = `var n = 1;
document.getElementById('next').addEventListener('click', function () {
  n += 1;
  document.getElementById('caption').textContent = 'Picture ' + n;
});`;

const APP_THROWS = `document.getElementById('next').addEventListener('click', function () {
  var pictures;
  document.getElementById('caption').textContent = pictures.next.title;
});`;

function run(app: string): Promise<Report> {
  return exploreStaticSite(
    {
      '/': PAGE,
      [VENDOR_PATH]: { body: VENDOR, contentType: 'text/javascript' },
      '/app.js': { body: app, contentType: 'text/javascript' },
    },
    { changedFiles: ['app.js'], maxSteps: 10 },
  );
}

describe('console errors by who wrote them', { timeout: 120_000 }, () => {
  it('passes with a warning when a vendored library logs console.error and nothing fails', async () => {
    const report = await run(APP_CLEAN);
    expect(countedFindings(report)).toEqual([
      { check: 'console-error', severity: 'warning', title: `Console error: ${VENDOR_MESSAGE}` },
    ]);
    const finding = report.findings.find((f) => f.check === 'console-error')!;
    expect(finding.evidence).toContain(
      `A warning, not an error: logged by ${VENDOR_PATH}, a dependency's or vendored file, not the app's own code, and nothing failed visibly in this step.`,
    );
    expect(report.result).toBe('pass');
  });

  it("fails when the app's own code throws, the library's message staying a warning", async () => {
    const report = await run(APP_THROWS);
    expect(countedFindings(report)).toEqual([
      {
        check: 'page-error',
        severity: 'error',
        title: "Uncaught exception: Cannot read properties of undefined (reading 'next')",
      },
      { check: 'console-error', severity: 'warning', title: `Console error: ${VENDOR_MESSAGE}` },
    ]);
    expect(report.result).toBe('fail');
  });
});

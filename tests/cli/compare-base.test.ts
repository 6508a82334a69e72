/**
 * `myfav-coworker run --base main --compare-base` as a user runs it, on real git repositories
 * whose `main` already has a broken image and a console error: a real CLI process, the real app
 * started twice (PR, then merge base), real Chromium, and the report read back as a user would.
 * Expected findings are written out by hand from the fixture's planted bugs.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/contract/index.js';
import { CHROMIUM_FLAGS } from '../../src/simulation/browser/playwright-launch.js';
import {
  createCompareRepo,
  FLAKY_ERROR,
  LEGACY_BUGS,
  NEW_ERROR,
  type CompareVariant,
} from '../../fixtures/compare-repo.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Compared {
  code: number;
  stdout: string;
  report: Report;
  out: string;
}

/**
 * How far each PR's walk must go. The walk opens first the pages the diff names; every step
 * beyond the pages a test reads costs three times over (the PR, the base, the re-check).
 */
const STEPS = {
  // The Settings page, which only the stylesheet changed, is the ninth step; one step more.
  'settings-colour': 10,
  // About (the page these PRs change) is the second step; the third keeps the share of controls
  // exercised (3 of the 8 seen) over the 30% floor that a pass needs.
  'new-error': 3,
  'fix-image-flaky': 3,
} satisfies Partial<Record<CompareVariant, number>>;

/** Runs the CLI with --compare-base on a fresh fixture repo of `variant`. */
async function compare(variant: keyof typeof STEPS, extra: string[] = []): Promise<Compared> {
  const repo = await createCompareRepo(variant);
  cleanup.push(repo.dir);
  const out = join(repo.dir, '.report');
  const args = [
    ...['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'run'],
    ...['--start', repo.startCommand, '--url', repo.url, '--cwd', repo.dir],
    ...['--base', 'main', '--compare-base', '--max-steps', String(STEPS[variant])],
    ...['--out', out, ...extra],
  ];
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((done) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 280_000 },
      (error, stdout) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
  const report = parseReport(await readFile(join(out, 'report.json'), 'utf8'));
  return { code, stdout, report, out };
}

const byTitle = (report: Report, text: string) =>
  report.findings.filter((f) => f.title.includes(text));

describe('run --compare-base', { timeout: 300_000 }, () => {
  it("passes a PR that broke nothing, listing the base's broken image and console error as preexisting, and flags the page it recoloured without touching", async () => {
    const { code, stdout, report, out } = await compare('settings-colour');
    expect(code, stdout).toBe(0);
    expect(report.result).toBe('pass');
    expect(
      byTitle(report, LEGACY_BUGS.image).find((f) => f.check === 'broken-image'),
    ).toMatchObject({
      severity: 'error',
      baseline: 'preexisting',
    });
    expect(byTitle(report, LEGACY_BUGS.console)[0]).toMatchObject({
      check: 'console-error',
      baseline: 'preexisting',
    });
    expect(report.summary).toMatch(/2 preexisting errors not counted/);
    expect(stdout).toMatch(/preexisting/);
    const comparison = report.comparison!;
    expect(comparison).toMatchObject({ baseRef: 'main', method: 'explore', baseResult: 'fail' });
    // An exploration replays nothing: what its walk left out is no "step that could not replay".
    expect(comparison.notes.join('\n')).not.toMatch(/could not be replayed/);
    // The stylesheet recoloured the Settings form; the diff names no settings file.
    const settings = comparison.visual.find((v) => v.page === '/settings');
    expect(settings).toMatchObject({ expected: false });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'visual-change',
        severity: 'warning',
        title: 'Unexpected visual change on /settings',
      }),
    );
    // The home heading was renamed by a file the diff names: a change, but an expected one.
    expect(comparison.visual.find((v) => v.page === '/')).toMatchObject({ expected: true });

    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/<details><summary>Already on the base or flaky: 3 preexisting findings/);
    expect(md).toMatch(/Unexpected:\*\* `\/settings`/);

    // The HTML report shows before, after and the difference, as real images in Chromium.
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', ...CHROMIUM_FLAGS],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      const change = page.locator('li.visual-change[data-page="/settings"]');
      await expect.poll(() => change.count()).toBe(1);
      await change.scrollIntoViewIfNeeded();
      const sizes = await change.locator('img').evaluateAll((imgs) =>
        imgs.map((img) => ({
          alt: img.getAttribute('alt'),
          width: (img as HTMLImageElement).naturalWidth,
          shown: img.getBoundingClientRect().width,
        })),
      );
      expect(sizes.map((s) => s.alt)).toEqual([
        'Before (base)',
        'After (this PR)',
        'Difference (changed pixels in red)',
      ]);
      for (const size of sizes) {
        expect(size.width).toBeGreaterThan(100);
        expect(size.shown).toBeGreaterThan(50);
      }
      await expect.poll(() => page.locator('#preexisting summary').textContent()).toMatch(/3/);
    } finally {
      await browser.close();
    }
  });

  it('fails a PR that adds an uncaught error, naming only the new one', async () => {
    const { code, report } = await compare('new-error');
    expect(code).toBe(1);
    expect(report.result).toBe('fail');
    expect(report.summary).toContain(NEW_ERROR);
    expect(report.summary).not.toContain(LEGACY_BUGS.console);
    expect(report.summary).not.toContain(LEGACY_BUGS.image);
    const counted = report.findings.filter((f) => f.severity === 'error' && f.baseline === 'new');
    expect(counted).toHaveLength(1);
    expect(counted[0]).toMatchObject({ check: 'page-error' });
    expect(counted[0]!.title).toContain(NEW_ERROR);
    expect(report.comparison?.rechecked).toBe(true);
  });

  it('passes a PR that fixes the broken image, listing it as fixed, and labels an error that did not come back on re-check as flaky', async () => {
    const { code, report, out } = await compare('fix-image-flaky');
    expect(byTitle(report, LEGACY_BUGS.image)).toHaveLength(0);
    expect(report.comparison?.fixed).toContainEqual(
      expect.objectContaining({
        check: 'broken-image',
        title: expect.stringContaining(LEGACY_BUGS.image),
      }),
    );
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(
      /Fixed by this PR \(\d+\)\n\n- Broken image[^\n]*badge/,
    );
    expect(report.comparison?.rechecked).toBe(true);
    expect(byTitle(report, FLAKY_ERROR)[0]).toMatchObject({
      check: 'page-error',
      baseline: 'flaky',
    });
    expect(report.result).toBe('pass');
    expect(code).toBe(0);
  });
});

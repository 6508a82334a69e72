/**
 * A report folder as a compared run leaves it, with real pictures: each step's screenshot is a
 * page Chromium rendered (a heading naming the step on its own colour, under lines of text), the
 * base's picture of a changed page is the same page with another heading, and the difference is
 * the real pixel comparison of the two. The report itself is written by the real writer.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import type { Report, VisualChange } from '../../src/contract/index.js';
import { diffImages } from '../../src/simulation/compare/image-diff.js';
import { writeReport } from '../../src/simulation/report-writer.js';
import { sampleFinding, sampleReport, sampleStep } from '../../fixtures/sample-report.js';

const APP = 'http://127.0.0.1:3000/';

/** The colour of step `n`'s page: far apart for neighbouring steps. */
export function stepColour(n: number): string {
  return `hsl(${(n * 137) % 360}, 70%, 45%)`;
}

/** Draws one picture in `page`: a heading naming it on colour `n`, under lines of text. */
async function shot(page: Page, path: string, heading: string, n: number): Promise<void> {
  const lines = Array.from(
    { length: 28 },
    (_, i) =>
      `<p>Note ${i + 1} of page ${n}: groceries, a reading list, ideas for the weekend.</p>`,
  ).join('');
  await page.setContent(
    `<body style="margin:0;font:16px sans-serif"><h1 style="margin:0;padding:40px;color:#fff;background:${stepColour(n)}">${heading}</h1><main style="padding:0 40px">${lines}</main></body>`,
  );
  await page.screenshot({ path });
}

/** What {@link writeComparedRun} made. */
export interface ComparedRun {
  report: Report;
  /** Files written by the report writer (report.*, previews). */
  written: string[];
}

/**
 * Writes a failed, compared exploration of `steps` steps into `dir`: a new broken link seen on
 * step 2, a preexisting warning on step 1, a finding the PR fixed on the last step's page, and
 * `changes` pages whose pixels changed (steps 2, 3, …), each with before and difference.
 */
export async function writeComparedRun(
  browser: Browser,
  dir: string,
  steps: number,
  changes = 1,
): Promise<ComparedRun> {
  await mkdir(join(dir, 'screenshots'), { recursive: true });
  await mkdir(join(dir, 'visual'), { recursive: true });
  await mkdir(join(dir, 'base'), { recursive: true });
  const list = Array.from({ length: steps }, (_, i) =>
    sampleStep(i + 1, { url: `${APP}page-${i + 1}`, action: 'navigate' }),
  );
  // One page draws every picture: opening a page per picture costs more than drawing it.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const visual: VisualChange[] = [];
  try {
    for (const step of list) {
      await shot(page, join(dir, step.screenshot!), `Step ${step.index}`, step.index);
    }
    for (let c = 0; c < changes; c += 1) {
      const step = list[c + 1]!;
      const before = `visual/page-${step.index}-before.png`;
      const diff = `visual/page-${step.index}-diff.png`;
      // Colour n + 180 has the opposite hue of step n's: the base's page is plainly another.
      await shot(page, join(dir, before), `Base of step ${step.index}`, step.index + 180);
      const { ratio } = await diffImages(
        join(dir, before),
        join(dir, step.screenshot!),
        join(dir, diff),
        0,
      );
      visual.push({
        step: step.index,
        baseStep: step.index,
        url: step.url,
        page: `/page-${step.index}`,
        ratio,
        expected: false,
        before,
        after: step.screenshot!,
        diff,
      });
    }
  } finally {
    await page.close();
  }
  await writeFile(join(dir, 'base', 'report.html'), '<!doctype html><title>Base</title>');
  const report = sampleReport({
    result: 'fail',
    summary: 'Fail: 1 new error found: broken link "Favourites" → 404.',
    criteria: [],
    steps: list,
    findings: [
      sampleFinding({
        id: 'F1',
        check: 'broken-link',
        title: 'Broken link "Favourites" → 404',
        step: 2,
        url: list[1]!.url,
        evidence: `link "Favourites" href=${APP}favourites answered HTTP 404 ${'(the navigation of every page) '.repeat(4)}`,
        baseline: 'new',
      }),
      sampleFinding({
        id: 'F2',
        check: 'http-error',
        severity: 'warning',
        title: 'HTTP 404 from GET /favicon.png',
        step: 1,
        url: list[0]!.url,
        evidence: `GET ${APP}favicon.png → 404 (image)`,
        baseline: 'preexisting',
      }),
    ],
    coverage: {
      visited: list.map((s) => s.url),
      notCovered: [],
      interactive: 9,
      exercised: 3,
      ratio: 1 / 3,
      floor: 0.3,
    },
    usage: { ...sampleReport().usage, model: null, costUsd: null, priceTable: null },
    environment: { ...sampleReport().environment, mode: 'explore' },
    comparison: {
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      method: 'explore',
      baseReport: 'base/report.json',
      baseResult: 'pass',
      failOnPreexisting: false,
      rechecked: false,
      fixed: [
        {
          check: 'console-error',
          severity: 'error',
          title: 'TypeError on the last page',
          url: list.at(-1)!.url,
          evidence: 'TypeError: x is undefined',
        },
      ],
      visual,
      notes: [],
    },
  });
  const written = await writeReport(report, dir, (t) => t);
  return { report, written };
}

/** Every file of the report folder `dir`, zipped as the action's artifact is. */
export async function zipFolder(dir: string): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files[relative(dir, path)] = new Uint8Array(await readFile(path));
    }
  }
  await walk(dir);
  return zipSync(files);
}

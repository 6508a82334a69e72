/**
 * The engine end to end: a real app process, real Chromium, the real report files.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { parseReport } from '../../src/contract/index.js';
import { simulate, type SimulationConfig } from '../../src/simulation/simulate.js';
import { createFixtureRepo, freePort } from '../../fixtures/fixture-repo.js';
import { groupAlive, readAllFiles } from '../helpers/report-files.js';

const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

async function baseConfig(overrides: Partial<SimulationConfig>): Promise<SimulationConfig> {
  return {
    url: 'http://127.0.0.1:1/',
    cwd: process.cwd(),
    readyTimeoutMs: 20_000,
    changedFiles: [],
    pr: null,
    maxSteps: 12,
    timeoutSec: 240,
    viewport: 'desktop',
    outDir: await tempDir('sim-out-'),
    secrets: [],
    secretNames: [],
    ...overrides,
  };
}

// Whole runs: generous timeouts, since CI shares two cores between several browser tests.
describe('simulate', { timeout: 240_000 }, () => {
  it('runs the clean PR, writes a valid report whose HTML shows every screenshot, and stops the app', async () => {
    const repo = await createFixtureRepo('clean');
    cleanup.push(repo.dir);
    let pid: number | null = null;
    const seen: number[] = [];
    const config = await baseConfig({
      startCommand: repo.startCommand,
      url: repo.url,
      cwd: repo.dir,
      changedFiles: repo.changedFiles,
      maxSteps: 60,
    });
    const { report, files } = await simulate(config, {
      onAppStarted: (app) => (pid = app.pid),
      onStep: (step) => seen.push(step.index),
    });

    expect(report.result).toBe('pass');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.budget.stoppedBy).toBe('finished');
    expect(seen).toEqual(report.steps.map((s) => s.index));
    expect(report.coverage.visited.some((url) => url.includes('/favorites'))).toBe(true);
    // Every file the engine says it wrote exists, and report.json reads back through the contract.
    for (const file of files) await stat(file);
    const json = parseReport(await readFile(join(config.outDir, 'report.json'), 'utf8'));
    expect(json.steps).toHaveLength(report.steps.length);
    expect(json.files.trace).toBe('trace.zip');
    expect(pid).not.toBeNull();
    expect(groupAlive(pid!)).toBe(false);

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${join(config.outDir, 'report.html')}`);
      expect((await page.locator('body').textContent()) ?? '').toMatch(/✓ Pass/);
      const widths = await page.$$eval('img', (imgs) =>
        imgs.map((img) => (img as HTMLImageElement).naturalWidth),
      );
      expect(widths.length).toBeGreaterThanOrEqual(report.steps.length);
      expect(widths.every((w) => w > 0)).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('ends in error with the log tail when the app never answers, within its ready timeout', async () => {
    const port = await freePort();
    let pid: number | null = null;
    const config = await baseConfig({
      startCommand: `node -e "console.log('booting slowly'); setInterval(() => {}, 1000)"`,
      url: `http://127.0.0.1:${port}/`,
      readyTimeoutMs: 2_000,
    });
    const { report } = await simulate(config, { onAppStarted: (app) => (pid = app.pid) });
    expect(report.result).toBe('error');
    expect(report.summary).toMatch(/did not answer|timed out|within/i);
    expect(report.appLogTail).toContain('booting slowly');
    expect(report.steps).toEqual([]);
    expect(report.timings.totalMs).toBeLessThan(20_000);
    expect(pid).toBeNull(); // never reached "started"
    parseReport(await readFile(join(config.outDir, 'report.json'), 'utf8'));
  });

  it('ends in error at once when the app exits at start', async () => {
    const port = await freePort();
    const config = await baseConfig({
      startCommand: `node -e "console.error('missing DATABASE_URL'); process.exit(3)"`,
      url: `http://127.0.0.1:${port}/`,
      readyTimeoutMs: 60_000,
    });
    const { report } = await simulate(config);
    expect(report.result).toBe('error');
    expect(report.summary).toMatch(/exit/i);
    expect(report.appLogTail).toContain('missing DATABASE_URL');
    expect(report.timings.totalMs).toBeLessThan(30_000);
  });

  it('is inconclusive with a complete report when the step budget cuts the walk', async () => {
    const repo = await createFixtureRepo('clean');
    cleanup.push(repo.dir);
    const config = await baseConfig({
      startCommand: repo.startCommand,
      url: repo.url,
      cwd: repo.dir,
      maxSteps: 3,
    });
    const { report } = await simulate(config);
    expect(report.result).toBe('inconclusive');
    expect(report.budget.stoppedBy).toBe('steps');
    expect(report.steps).toHaveLength(3);
    expect(report.coverage.notCovered.length).toBeGreaterThan(0);
    const md = await readFile(join(config.outDir, 'report.md'), 'utf8');
    expect(md).toMatch(/inconclusive/i);
    parseReport(await readFile(join(config.outDir, 'report.json'), 'utf8'));
  });

  it('ends in error, not pass, when the app dies during the run, and leaves no process behind', async () => {
    const repo = await createFixtureRepo('clean');
    cleanup.push(repo.dir);
    let pid: number | null = null;
    const config = await baseConfig({
      // The app serves for a few seconds, then its process group leader exits: a crash mid-run.
      startCommand: `${repo.startCommand} & sleep 6; kill $!; echo "app crashed" >&2; exit 1`,
      url: repo.url,
      cwd: repo.dir,
      maxSteps: 200,
    });
    const { report } = await simulate(config, { onAppStarted: (app) => (pid = app.pid) });
    expect(report.result).toBe('error');
    expect(report.findings.map((f) => f.check)).toContain('app-crash');
    expect(groupAlive(pid!)).toBe(false);
  });

  it('writes a secret given to the run into none of its files, the trace included', async () => {
    const repo = await createFixtureRepo('clean');
    cleanup.push(repo.dir);
    const secret = 'sk-test-SECRET-9f8e7d6c5b4a';
    const config = await baseConfig({
      // The secret reaches the app's log (its command line) and the page URL the browser opens.
      startCommand: `echo "starting with token ${secret}"; ${repo.startCommand}`,
      url: `${repo.url}/?token=${secret}`,
      cwd: repo.dir,
      maxSteps: 4,
      secrets: [secret],
      instructions: `Use the token ${secret} if asked`,
    });
    const { report } = await simulate(config);
    expect(report.steps.length).toBeGreaterThan(0);
    const files = await readAllFiles(config.outDir);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['report.json', 'report.md', 'report.html', 'app.log', 'trace.zip']),
    );
    const leaks = [...files].filter(([, text]) => text.includes(secret)).map(([name]) => name);
    expect(leaks).toEqual([]);
    expect(files.get('app.log')).toContain('starting with token ***');
  });
});

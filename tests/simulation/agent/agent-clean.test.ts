/**
 * The agent on a clean PR: verified pass, usage and cost, no secret sent, exported spec.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from '../../../fixtures/fixture-app.js';
import { runScenario, SECRET, ROOT, HERE, run, type ScenarioRun } from './scenario-run.js';
import { favouritesScenario } from '../../../fakes/anthropic/scenarios/favourites.js';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

describe('a clean PR', () => {
  let clean: ScenarioRun;
  beforeAll(async () => {
    clean = await runScenario('clean', favouritesScenario(), { secret: SECRET });
  }, 180_000);

  it('passes, each criterion with evidence the harness verified', () => {
    expect(clean.fake.violations).toEqual([]);
    expect(clean.outcome.stoppedBy).toBe('finished');
    expect(
      clean.outcome.criteria.map((c) => [c.id, c.status]),
      JSON.stringify(clean.outcome.criteria),
    ).toEqual([
      ['C1', 'pass'],
      ['C2', 'pass'],
    ]);
    for (const c of clean.outcome.criteria) expect(c.evidence.every((e) => e.verified)).toBe(true);
    expect(clean.result).toBe('pass');
  });

  it('counts tokens, cache reads and writes, and an estimated cost with its price table', () => {
    const usage = clean.outcome.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(usage.cacheReadTokens).toBeGreaterThan(0);
    expect(usage.costUsd).toBeGreaterThan(0);
    expect(usage.priceTable).toMatch(/anthropic/);
    // The fixed prefix is marked for caching.
    expect(clean.fake.bodies[0]).toContain('"cache_control"');
  });

  it('never sends a secret given to the run to the model', () => {
    expect(clean.fake.bodies.length).toBeGreaterThan(3);
    for (const body of clean.fake.bodies) expect(body).not.toContain(SECRET);
    // …while the context around it did reach the model.
    expect(clean.fake.bodies[0]).toContain('Deploy token: ***');
  });

  it('exports a coworker.spec.ts that runs green with Playwright against the app', async () => {
    const spec = clean.outcome.specCode;
    expect(spec).toContain("import { test, expect } from '@playwright/test'");
    expect(spec).toContain("getByText('Saved to favourites')");
    const dir = join(HERE, `.spec-out-${process.pid}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'coworker.spec.ts'), spec ?? '');
    // A fresh app: the run starred a note, the replay must star it again.
    const app = await startFixture('clean');
    try {
      const { stdout } = await run(
        'npx',
        ['playwright', 'test', '--config', join(HERE, 'playwright.config.ts')],
        { cwd: ROOT, env: { ...process.env, COWORKER_SPEC_DIR: dir, BASE_URL: app.url, CI: '1' } },
      );
      expect(stdout).toMatch(/1 passed/);
    } finally {
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

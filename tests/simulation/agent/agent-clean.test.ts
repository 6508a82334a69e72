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

  it('reads back from the prompt cache everything up to the last elided page view', () => {
    // The conversation of this script, block by block (one block per message unless noted):
    // [0] user: PR context [0][0], first page view [0][1]  [1] plan  [2] its result
    // [3] click the note link  [4] new page: a full view, so the view at [0][1] is elided
    // [5] click "Add to favourites"  [6] a diff  [7] wait_for  [8] its result
    // [9] click "Favourites"  [10] new page: a full view, so [4], [6], [8] are elided.
    // By the documented rules (a hit only where an earlier request put a breakpoint, up to the
    // first block that changed), each request reads up to:
    expect(clean.fake.cacheTraces.map((t) => t.readUpTo)).toEqual([
      null, // nothing cached yet
      'messages[0][1]', // all of request 1
      'messages[0][0]', // request 1's view was just elided: up to the block before it
      'messages[4][0]', // all of request 3
      'messages[6][0]', // all of request 4
      'messages[3][0]', // [4] was just elided: up to the block before it
    ]);
    // Never more breakpoints than the API takes; the system prompt always carries one.
    for (const trace of clean.fake.cacheTraces) {
      expect(trace.breakpoints.length).toBeLessThanOrEqual(4);
      expect(trace.breakpoints).toContain('system[0]');
    }
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

/**
 * The agent on a clean PR: verified pass, usage and cost, no secret sent, exported spec.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startFixture } from '../../../fixtures/fixture-app.js';
import { runScenario, SECRET, ROOT, HERE, run, type ScenarioRun } from './scenario-run.js';
import { favouritesScenario, tourScenario } from '../../../fakes/anthropic/scenarios/favourites.js';
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

  it('reads back from the prompt cache everything before the first block that changed', async () => {
    // The oracle is the conversation itself, as the fake received it: between two requests
    // the prompt only grows at its tail, except where an old page view was elided. Caching
    // that follows the conversation reads every block before the first one that changed (all
    // of the previous request when none did); the fake reads only where an earlier request
    // put a breakpoint, so this holds only if the breakpoints sit where they must.
    const tour = await runScenario('clean', tourScenario());
    let elisions = 0;
    for (const run of [clean, tour]) {
      const requests = run.fake.bodies.map(messageBlocks);
      const reads = run.fake.cacheTraces.map((t) => t.readUpTo);
      expect(reads[0]).toBeNull();
      for (let i = 1; i < requests.length; i++) {
        const before = requests[i - 1]!;
        const now = requests[i]!;
        const changed = before.findIndex((b, k) => now[k]?.content !== b.content);
        if (changed >= 0) elisions += 1;
        const expected = changed < 0 ? before.at(-1)!.label : before[changed - 1]!.label;
        expect(reads[i], `request ${i}`).toBe(expected);
      }
      // Never more breakpoints than the API takes; the system prompt always carries one.
      for (const trace of run.fake.cacheTraces) {
        expect(trace.breakpoints.length).toBeLessThanOrEqual(4);
        expect(trace.breakpoints).toContain('system[0]');
      }
    }
    // The tour moves between pages, so some views were elided and the rule was put to work.
    expect(elisions).toBeGreaterThan(0);
  }, 180_000);

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

/** A request's message blocks in order, labelled as the fake labels them, without cache marks. */
function messageBlocks(body: string): { label: string; content: string }[] {
  const messages = (JSON.parse(body) as { messages: { content: unknown }[] }).messages;
  return messages.flatMap((m, i) => {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    return (blocks as Record<string, unknown>[]).map((block, j) => {
      const { cache_control: _mark, ...content } = block;
      return { label: `messages[${i}][${j}]`, content: JSON.stringify(content) };
    });
  });
}

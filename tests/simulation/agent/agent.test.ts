/**
 * The agent end to end: the real Anthropic SDK talking to a local fake Messages API whose
 * scripted model picks elements by role and name, real Chromium, the fixture apps as real
 * processes, the real checks and verdict rules.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRedactor, decideResult } from '../../../src/report/index.js';
import {
  createAnthropicModel,
  runAgent,
  type AgentOutcome,
} from '../../../src/simulation/agent/index.js';
import type { FixtureVariant } from '../../fixtures/fixture-repo.js';
import {
  favouritesScenario,
  flakyApiScenario,
  loopingScenario,
  silentScenario,
} from '../../fakes/anthropic/scenarios/favourites.js';
import {
  startFakeAnthropic,
  type FakeAnthropic,
  type Scenario,
} from '../../fakes/anthropic/server.js';
import { openBrowser, startFixture } from './app.js';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const SECRET = 'sk-live-Zq81fakeSecretValue42';

interface ScenarioRun {
  outcome: AgentOutcome;
  result: string;
  fake: FakeAnthropic;
  url: string;
}

async function runScenario(
  variant: FixtureVariant,
  scenario: Scenario,
  options: { timeoutMs?: number; maxRetries?: number; secret?: string } = {},
): Promise<ScenarioRun> {
  const app = await startFixture(variant);
  const origin = new URL(app.url).origin;
  const fake = await startFakeAnthropic(scenario);
  const secrets = options.secret ? [options.secret] : [];
  const redact = createRedactor(secrets);
  const browser = await openBrowser([origin], redact);
  try {
    const model = createAnthropicModel({
      apiKey: 'test-key',
      baseUrl: fake.url,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
    });
    const outcome = await runAgent(browser.session, browser.recorder, {
      model,
      context: {
        title: 'Notes can be added to favourites',
        body: `Adds a star toggle on each note and a Favourites page.${options.secret ? ` Deploy token: ${options.secret}` : ''}`,
        diff: options.secret ? `+const TOKEN = '${options.secret}';\n` : '+favourites\n',
        instructions: options.secret ? `Use the token ${options.secret} if asked.` : '',
        changedFiles: app.repo.changedFiles,
        baseUrl: app.url,
      },
      budgets: { maxSteps: 15, deadline: Date.now() + 90_000 },
      redact,
      allowedOrigins: [origin],
      // A secret in the start URL reaches the page's URL line in every tool result.
      startUrl: options.secret ? `${app.url}/?token=${options.secret}` : `${app.url}/`,
    });
    const { result } = decideResult({
      criteria: outcome.criteria,
      findings: outcome.findings,
      stoppedBy: outcome.stoppedBy,
      mode: 'agent',
    });
    return { outcome, result, fake, url: app.url };
  } finally {
    await browser.close();
    await fake.close();
    await app.stop();
  }
}

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

describe('planted bugs', () => {
  const variants: FixtureVariant[] = [
    'uncaught-error',
    'save-500',
    'broken-link',
    'missing-image',
    'unlabeled-button',
  ];
  for (const variant of variants) {
    it(`${variant}: fails, naming the criterion and the finding`, async () => {
      const { outcome, result, fake } = await runScenario(variant, favouritesScenario());
      expect(fake.violations).toEqual([]);
      expect(result).toBe('fail');
      const failed = outcome.criteria.filter((c) => c.status === 'fail');
      expect(failed.length).toBeGreaterThan(0);
      // The failing criterion's reason names a recorded finding by id and check.
      const named = failed.some((c) =>
        outcome.findings.some((f) => c.reason?.includes(`${f.id} ${f.check}`)),
      );
      expect(named, JSON.stringify({ failed, findings: outcome.findings }, null, 1)).toBe(true);
      expect(outcome.specCode).toBeUndefined();
    }, 180_000);
  }
});

describe('a model that lies or misbehaves', () => {
  it('a pass with a made-up quote is not accepted', async () => {
    const { outcome, result } = await runScenario(
      'clean',
      favouritesScenario({ quote: 'Your favourites were synced to the cloud' }),
    );
    const c1 = outcome.criteria.find((c) => c.id === 'C1');
    expect(c1?.status).not.toBe('pass');
    expect(c1?.reason).toMatch(/evidence not found in step \d+/);
    expect(c1?.evidence[0]?.verified).toBe(false);
    expect(result).not.toBe('pass');
  }, 180_000);

  it('a looping model is stopped by loop detection and the report is inconclusive', async () => {
    const { outcome, result, fake } = await runScenario('clean', loopingScenario);
    expect(outcome.stoppedBy).toBe('loop');
    expect(result).toBe('inconclusive');
    expect(outcome.criteria.every((c) => c.status === 'untested')).toBe(true);
    expect(outcome.notCovered.join('\n')).toMatch(/C1: .*stopped early/);
    // Warned once before being stopped.
    expect(fake.bodies.some((b) => b.includes('Doing it again ends the run'))).toBe(true);
  }, 180_000);

  it('429 and 529 answers are retried and the run completes', async () => {
    const { outcome, result, fake } = await runScenario('clean', flakyApiScenario(), {
      maxRetries: 3,
    });
    expect(fake.statuses.slice(0, 3)).toEqual([429, 529, 200]);
    expect(outcome.stoppedBy).toBe('finished');
    expect(result).toBe('pass');
  }, 180_000);

  it('a model that never answers ends in a timeout with an inconclusive report', async () => {
    const { outcome, result } = await runScenario('clean', silentScenario, {
      timeoutMs: 1500,
      maxRetries: 1,
    });
    expect(outcome.stoppedBy).toBe('time');
    expect(result).toBe('inconclusive');
    expect(outcome.notCovered.join('\n')).toMatch(/No test plan/);
  }, 180_000);
});

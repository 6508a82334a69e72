/**
 * `npm run bench:agent`: the prompt cache and the cost of scripted agent runs. The real agent
 * loop drives real Chromium on the Notebook fixture's "favourites" change through the real
 * Anthropic SDK, against the local fake Messages API, whose `usage` follows the cache
 * breakpoints each request carries by the documented rules (`fakes/anthropic/prompt-cache.ts`).
 * Two scripts: the short honest tester, and a longer tour that moves between pages (so older
 * page views are elided from the conversation). Prints, per model turn, plain input, cache
 * writes and cache reads, then each run's cache-read share of input tokens and cost per step
 * from the run's own usage (the agent's price table). Asserts nothing.
 */
import { createRedactor } from '../src/report/index.js';
import { createAnthropicModel, runAgent } from '../src/simulation/agent/index.js';
import { startFakeAnthropic, type Scenario } from '../fakes/anthropic/server.js';
import { favouritesScenario, tourScenario } from '../fakes/anthropic/scenarios/favourites.js';
import { openBrowser, startFixture } from '../fixtures/fixture-app.js';

async function bench(scenario: Scenario): Promise<void> {
  const app = await startFixture('clean');
  const origin = new URL(app.url).origin;
  const fake = await startFakeAnthropic(scenario);
  const redact = createRedactor([]);
  const browser = await openBrowser([origin], redact);
  let outcome: Awaited<ReturnType<typeof runAgent>>;
  try {
    const model = createAnthropicModel({
      apiKey: 'bench-key',
      baseUrl: fake.url,
      timeoutMs: 30_000,
      maxRetries: 0,
    });
    outcome = await runAgent(browser.session, browser.recorder, {
      model,
      context: {
        title: 'Notes can be added to favourites',
        body: 'Adds a star toggle on each note and a Favourites page.',
        diff: '+favourites\n',
        instructions: '',
        changedFiles: app.repo.changedFiles,
        baseUrl: app.url,
      },
      budgets: { maxSteps: 15, deadline: Date.now() + 120_000 },
      redact,
      allowedOrigins: [origin],
      startUrl: `${app.url}/`,
    });
  } finally {
    await browser.close();
    await fake.close();
    await app.stop();
  }
  if (fake.violations.length) throw new Error(`fake API violations: ${fake.violations.join('; ')}`);
  console.log(`\n## ${scenario.name}`);
  console.table(
    fake.usages.map((u, i) => ({
      turn: i + 1,
      'plain input': u.input_tokens,
      'cache write': u.cache_creation_input_tokens,
      'cache read': u.cache_read_input_tokens,
      'read share': `${((u.cache_read_input_tokens / (u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens)) * 100).toFixed(0)}%`,
    })),
  );
  const usage = outcome.usage;
  const input = usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
  const steps = browser.recorder.steps.length;
  console.log(`model ${usage.model ?? '?'}, price table: ${usage.priceTable ?? 'none'}`);
  console.log(
    `model turns: ${fake.usages.length}, browser steps: ${steps}, stopped by: ${outcome.stoppedBy}, criteria: ${outcome.criteria.map((c) => `${c.id} ${c.status}`).join(', ')}`,
  );
  console.log(
    `input tokens: ${input} = plain ${usage.inputTokens} + cache write ${usage.cacheWriteTokens} + cache read ${usage.cacheReadTokens}; output ${usage.outputTokens}`,
  );
  console.log(
    `cache-read share of input tokens: ${((usage.cacheReadTokens / input) * 100).toFixed(1)}%`,
  );
  console.log(
    usage.costUsd === null
      ? 'cost: unknown (no price for this model)'
      : `cost: $${usage.costUsd.toFixed(4)} per run, $${(usage.costUsd / Math.max(1, steps)).toFixed(4)} per step`,
  );
}

await bench(favouritesScenario());
await bench(tourScenario());

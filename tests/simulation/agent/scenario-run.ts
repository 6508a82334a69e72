/**
 * Runs one agent scenario end to end: the real Anthropic SDK talking to a local fake Messages API
 * whose scripted model picks elements by role and name, real Chromium, a fixture app as a real
 * process, the real checks and verdict rules. Shared by the agent test files.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createRedactor, decideResult } from '../../../src/report/index.js';
import {
  createAnthropicModel,
  runAgent,
  type AgentOutcome,
} from '../../../src/simulation/agent/index.js';
import type { FixtureVariant } from '../../../fixtures/fixture-repo.js';
import {
  startFakeAnthropic,
  type FakeAnthropic,
  type Scenario,
} from '../../../fakes/anthropic/server.js';
import { openBrowser, startFixture } from '../../../fixtures/fixture-app.js';

export const run = promisify(execFile);
export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..', '..');
export const SECRET = 'sk-live-Zq81fakeSecretValue42';

export interface ScenarioRun {
  outcome: AgentOutcome;
  result: string;
  fake: FakeAnthropic;
  url: string;
}

export async function runScenario(
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

/**
 * The agent and change coverage: a scripted model (the real Anthropic SDK against the local fake
 * Messages API) on the TodoMVC fixture whose PR adds a function nothing calls. The
 * observations and the `change_coverage` tool tell it which changed function has not run, and the harness refuses
 * its "pass" while that code has not run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/simulation/simulate.js';
import { startFakeAnthropic, type Scenario } from '../../../fakes/anthropic/server.js';
import { createTodoRepo } from '../../fixtures/todomvc-repo.js';

const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A tester who checks the page loads, asks what changed code ran, and claims a pass anyway. */
const SCENARIO: Scenario = {
  name: 'unused-function',
  turns: [
    { calls: [{ tool: 'plan', input: { criteria: [{ description: 'The to-do list loads' }] } }] },
    { calls: [{ tool: 'change_coverage', input: {} }] },
    {
      calls: [
        {
          tool: 'finish',
          input: {
            criteria: [
              {
                id: 'C1',
                status: 'pass',
                reason: 'The list is there.',
                evidence: [{ step: '$lastStep', quote: 'todos' }],
              },
            ],
            summary: 'The list loads.',
          },
        },
      ],
    },
  ],
};

describe('the agent and change coverage', { timeout: 240_000 }, () => {
  it('is told which changed function has not run, and is refused a pass', async () => {
    const repo = await createTodoRepo('unused-function');
    const outDir = await mkdtemp(join(tmpdir(), 'agent-cov-out-'));
    cleanup.push(repo.dir, outDir);
    const fake = await startFakeAnthropic(SCENARIO);
    try {
      const { report } = await simulate({
        startCommand: repo.startCommand,
        url: repo.url,
        cwd: repo.dir,
        readyTimeoutMs: 20_000,
        diff: repo.diff,
        changedFiles: repo.changedFiles,
        pr: null,
        maxSteps: 8,
        timeoutSec: 150,
        viewport: 'desktop',
        outDir,
        secrets: [],
        secretNames: [],
        anthropicApiKey: 'test-key',
        anthropicBaseUrl: fake.url,
      });
      expect(fake.violations).toEqual([]);
      // What the model was sent back for change_coverage: the count and the unrun function.
      const reply = 'changed executable lines have run.';
      const told = fake.bodies
        .map((body) => body.slice(body.indexOf(`of 3 ${reply}`) - 2))
        .find((text) => text.startsWith(`0 of 3 ${reply}`));
      expect(told).toBeDefined();
      expect(told!.slice(0, 300)).toContain('Changed functions never called: exportTodosCsv (js/app.js)');
      // Each observation (here the opening page view after the first navigation) ends with what
      // changed code has not run yet, fenced as data: js/app.js lines 18, 19 and 21.
      const observed = fake.bodies.find((body) =>
        body.includes(
          '<changed_code>\\nChanged code not run yet: exportTodosCsv (js/app.js) (0 of 3 changed lines ran).\\n</changed_code>',
        ),
      );
      expect(observed).toBeDefined();
      // The criterion was verified, yet the changed code never ran: not a pass.
      expect(report.criteria.map((c) => c.status)).toEqual(['pass']);
      expect(report.result).toBe('inconclusive');
      expect(report.summary).toContain('exportTodosCsv');
    } finally {
      await fake.close();
    }
  });
});

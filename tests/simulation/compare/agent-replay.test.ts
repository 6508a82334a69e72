/**
 * The agent path of base-vs-head: a scripted model (the real Anthropic SDK against a local fake
 * Messages API) drives the PR's run; the merge base then gets the same actions replayed by their
 * recorded locators, with no second model run, and the findings are matched across the two.
 * Real git, real app processes, real Chromium.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/contract/index.js';
import { simulateWithBase } from '../../../src/simulation/compare/index.js';
import { startFakeAnthropic, type Scenario } from '../../../fakes/anthropic/server.js';
import { createCompareRepo, LEGACY_BUGS, NEW_ERROR } from '../../../fixtures/compare-repo.js';

const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A tester who reads the About page the PR changed. */
const ABOUT_SCENARIO: Scenario = {
  name: 'about',
  turns: [
    {
      calls: [
        {
          tool: 'plan',
          input: { criteria: [{ description: 'The About page describes Notebook' }] },
        },
      ],
    },
    { calls: [{ tool: 'click', target: { role: 'link', name: 'About' } }] },
    {
      calls: [
        {
          tool: 'finish',
          input: {
            criteria: [
              {
                id: 'C1',
                status: 'pass',
                reason: 'The heading is there.',
                evidence: [{ step: '$lastStep', quote: 'About Notebook' }],
              },
            ],
            summary: 'The About page works.',
          },
        },
      ],
    },
  ],
};

describe('agent run compared with the base', { timeout: 240_000 }, () => {
  it('replays the recorded actions on the base and labels the findings by where they come from', async () => {
    const repo = await createCompareRepo('new-error');
    cleanup.push(repo.dir);
    const outDir = await mkdtemp(join(tmpdir(), 'agent-replay-'));
    cleanup.push(outDir);
    const fake = await startFakeAnthropic(ABOUT_SCENARIO);
    try {
      const { report } = await simulateWithBase(
        {
          startCommand: repo.startCommand,
          url: repo.url,
          cwd: repo.dir,
          readyTimeoutMs: 20_000,
          changedFiles: repo.changedFiles,
          diff: repo.diff,
          pr: null,
          maxSteps: 10,
          timeoutSec: 180,
          viewport: 'desktop',
          outDir,
          secrets: [],
          secretNames: [],
          anthropicApiKey: 'test-key',
          anthropicBaseUrl: fake.url,
        },
        { baseRef: 'main' },
      );
      const modelCalls = fake.bodies.length;
      expect(fake.violations).toEqual([]);
      expect(report.environment.mode).toBe('agent');
      expect(report.comparison).toMatchObject({ method: 'replay', baseRef: 'main' });

      // The base ran the head's steps, by their locators, without the model.
      const base = parseReport(await readFile(join(outDir, 'base', 'report.json'), 'utf8'));
      expect(base.steps.map((s) => s.description)).toEqual(report.steps.map((s) => s.description));
      expect(base.steps.at(-1)?.url).toMatch(/\/about$/);
      expect(base.usage.inputTokens).toBe(0);
      expect(fake.bodies.length).toBe(modelCalls);

      // Matched across the two: the PR's own error is new, the base's two bugs preexisting.
      const label = (text: string) => report.findings.find((f) => f.title.includes(text))?.baseline;
      expect(label(NEW_ERROR)).toBe('new');
      expect(label(LEGACY_BUGS.console)).toBe('preexisting');
      expect(label(LEGACY_BUGS.image)).toBe('preexisting');
      expect(report.result).toBe('fail');
      expect(report.summary).toContain(NEW_ERROR);
      expect(report.summary).not.toContain(LEGACY_BUGS.console);
    } finally {
      await fake.close();
    }
  });
});

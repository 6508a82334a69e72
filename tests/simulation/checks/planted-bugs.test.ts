import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { runChecks } from '../../../src/simulation/checks/index.js';
import { StepRecorder } from '../../../src/simulation/recording.js';
import { startStaticServer } from '../../helpers/static-server.js';
import type { StaticServer } from '../../helpers/static-server.js';
import { AWAY_URL, PAGES, refOf } from '../browser/pages.js';

let server: StaticServer;
let outDir: string;

beforeAll(async () => {
  server = await startStaticServer(PAGES);
  outDir = await mkdtemp(join(tmpdir(), 'checks-'));
});
afterAll(async () => {
  await server.close();
  await rm(outDir, { recursive: true, force: true });
});

describe('checks over a real recorded session', { timeout: 180_000 }, () => {
  it('turns the planted bugs of a page into findings at the steps they happened', async () => {
    const allowedOrigins = [server.origin];
    const session = await launchBrowser({
      executablePath: '/usr/bin/chromium',
      viewport: 'desktop',
      allowedOrigins,
      outDir,
    });
    try {
      const recorder = new StepRecorder(session, (text) => text);
      const home = await recorder.record(
        { kind: 'navigate', url: `${server.origin}/` },
        'Open the shop',
      );
      const snapshot = home.observation.snapshot;
      await recorder.record({ kind: 'click', ref: refOf(snapshot, 'button "Save"') }, 'Click Save');
      await recorder.record({ kind: 'click', ref: refOf(snapshot, 'button "Load"') }, 'Click Load');
      await recorder.record({ kind: 'wait_for', text: 'Load failed' }, 'Wait for the list');
      await recorder.record(
        { kind: 'click', ref: refOf(snapshot, 'link "Elsewhere"') },
        'Click Elsewhere',
      );

      const findings = runChecks(recorder.steps, { allowedOrigins });
      const brief = findings.map((f) => ({ check: f.check, severity: f.severity, step: f.step }));
      const at = (check: string, severity: string, step: number) =>
        expect(brief, JSON.stringify(findings, null, 1)).toContainEqual({ check, severity, step });

      at('broken-link', 'error', 1);
      at('broken-image', 'error', 1);
      at('http-error', 'warning', 1); // the missing image's 404
      at('accessibility', 'warning', 1); // the unlabeled icon button
      at('page-error', 'error', 2);
      at('console-error', 'error', 2);
      expect(
        findings.find((f) => f.check === 'http-error' && f.severity === 'error'),
      ).toMatchObject({
        title: 'HTTP 500 from GET /api/items',
      });
      expect(findings.find((f) => f.check === 'blocked-navigation')).toMatchObject({
        severity: 'info',
        step: 5,
        evidence: expect.stringContaining(AWAY_URL),
      });
      expect(findings.find((f) => f.check === 'broken-link')?.evidence).toContain('"Missing page"');
      // Resource failures are reported once, as requests, not again as console noise.
      expect(
        findings.some(
          (f) => f.check === 'console-error' && f.evidence.includes('Failed to load resource'),
        ),
      ).toBe(false);
      // Errors come first, and ids follow the order.
      expect(findings[0]?.severity).toBe('error');
      expect(findings.map((f) => f.id)).toEqual(findings.map((_, i) => `F${i + 1}`));
    } finally {
      await session.close();
    }
  });
});

/**
 * Test and bench helpers: a fixture app running as a real process, and a real Chromium session
 * with its StepRecorder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFixtureRepo,
  type FixtureRepo,
  type FixtureVariant,
} from '../../fixtures/fixture-repo.js';
import type { BrowserSession } from '../../../src/simulation/browser/driver.js';
import { launchBrowser } from '../../../src/simulation/browser/playwright-driver.js';
import { StepRecorder } from '../../../src/simulation/recording.js';

export interface RunningFixture {
  repo: FixtureRepo;
  url: string;
  stop(): Promise<void>;
}

/** Creates the fixture repo for `variant` and starts its app; resolves once it answers. */
export async function startFixture(variant: FixtureVariant): Promise<RunningFixture> {
  const repo = await createFixtureRepo(variant);
  const child: ChildProcess = spawn(process.execPath, ['server.mjs', '--port', String(repo.port)], {
    cwd: repo.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(repo.url);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`fixture ${variant} did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    repo,
    url: repo.url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(repo.dir, { recursive: true, force: true });
    },
  };
}

export interface BrowserRun {
  session: BrowserSession;
  recorder: StepRecorder;
  outDir: string;
  close(): Promise<void>;
}

/** A real Chromium session on `allowedOrigins`, recording into a temporary folder. */
export async function openBrowser(
  allowedOrigins: string[],
  redact: (text: string) => string = (t) => t,
): Promise<BrowserRun> {
  const outDir = await mkdtemp(join(tmpdir(), 'myfav-agent-'));
  const session = await launchBrowser({
    executablePath: '/usr/bin/chromium',
    viewport: 'desktop',
    allowedOrigins,
    outDir,
  });
  const recorder = new StepRecorder(session, redact);
  return {
    session,
    recorder,
    outDir,
    async close() {
      await session.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * One session of a run: the app started and the browser launched side by side, the app exercised,
 * then both closed and what they left behind collected (steps, trace, app log, coverage). It never
 * throws: a broken app or browser ends as the session's `failure`, so a report is always written.
 */
import { join } from 'node:path';
import type { Finding, Report } from '../contract/index.js';
import { EMPTY_USAGE } from '../contract/index.js';
import type { BrowserSession } from './browser/driver.js';
import {
  prepareNodeCoverage,
  repoRootOf,
  takeBrowserCoverage,
  type NodeCoverage,
  type SideInput,
} from './coverage/index.js';
import { exercise, modeOf, type ExerciseResult } from './exercise.js';
import { AppStartError, startApp, type RunningApp } from './launcher/index.js';
import { StepRecorder, type RecordedStep } from './recording.js';
import { REPORT_FILES } from './report-writer.js';
import type { SimulationConfig, SimulationDeps } from './simulate.js';

/** What one session (app + browser + exercise) left behind, once both are closed. */
export interface SessionResult {
  mode: Report['environment']['mode'];
  allowedOrigins: string[];
  browser: Report['environment']['browser'];
  steps: RecordedStep[];
  exercise: ExerciseResult | null;
  failure: string | null;
  findingsExtra: Omit<Finding, 'id' | 'count'>[];
  appLogTail: string | null;
  /** How the start command ended, when it ended before the run was over. */
  appExit?: Report['appExit'];
  tracePath: string | null;
  timings: { appStartMs: number; browserLaunchMs: number; stepsMs: number };
  /** The browser's JS coverage for change coverage, or why there is none. */
  browserCoverage: SideInput;
  serverCoverage: SideInput;
}

/** Where a session writes and how it reports; shared by its phases. */
interface SessionContext {
  config: SimulationConfig;
  deps: SimulationDeps;
  outDir: string;
  startedAt: Date;
  redact: (text: string) => string;
  log: (line: string) => void;
}

/** What the session has open, to be closed whatever happened. */
interface Opened {
  app: RunningApp | null;
  session: BrowserSession | null;
}

/** Starts the app and the browser, exercises the app, and closes both; never throws. */
export async function runSession(
  config: SimulationConfig,
  deps: SimulationDeps,
  outDir: string,
  startedAt: Date,
  redact: (text: string) => string,
): Promise<SessionResult> {
  const context: SessionContext = {
    config,
    deps,
    outDir,
    startedAt,
    redact,
    log: deps.log ?? (() => {}),
  };
  const result = newSessionResult(config);
  // Server-side change coverage: only worth collecting when there is a diff to measure.
  const nodeCoverage =
    config.startCommand && config.diff ? await prepareNodeCoverage(process.env.NODE_OPTIONS) : null;
  // The browser launches while the app starts: neither needs the other until the first step.
  const launching = launchSession(context, result);
  launching.catch(() => undefined); // awaited below; an app that fails to start comes first
  const opened: Opened = { app: null, session: null };
  try {
    opened.app = await startTheApp(context, nodeCoverage, result);
    opened.session = await launching;
    const { name, version, source } = opened.session.info;
    result.browser = { name, version, source };
    context.log(`Browser: ${name} ${version} (${source})`);
    await exerciseApp(context, opened.session, result);
    noteAppExit(opened.app, result, redact);
  } catch (error) {
    noteFailure(error, result, redact);
    context.log(`Run failed: ${result.failure}`);
  } finally {
    // The app failed first: the browser launched meanwhile is closed unused.
    opened.session ??= await launching.catch(() => null);
    await closeSession(context, opened, nodeCoverage, result);
  }
  return result;
}

/** The session of a run that started nothing, because there was nothing to test. */
export function skippedSession(config: SimulationConfig, why: string): SessionResult {
  return {
    ...newSessionResult(config),
    exercise: {
      criteria: [],
      stoppedBy: 'finished',
      usage: EMPTY_USAGE,
      visited: [],
      notCovered: [`Everything: the app was not started, because ${why}.`],
    },
    browserCoverage: { notMeasured: `the browser was not started: ${why}` },
    serverCoverage: { notMeasured: `the app was not started: ${why}` },
  };
}

/** A session before anything ran: nothing started, nothing measured yet. */
function newSessionResult(config: SimulationConfig): SessionResult {
  return {
    mode: modeOf(config),
    allowedOrigins: [
      new URL(config.url).origin,
      ...(config.allowedOrigins ?? []).map((o) => new URL(o).origin),
    ],
    browser: null,
    steps: [],
    exercise: null,
    failure: null,
    findingsExtra: [],
    appLogTail: null,
    tracePath: null,
    timings: { appStartMs: 0, browserLaunchMs: 0, stepsMs: 0 },
    browserCoverage: { notMeasured: 'the browser did not start' },
    serverCoverage: {
      notMeasured: config.startCommand
        ? 'the app did not start'
        : 'the app was already running (no start command), so its server could not be measured',
    },
  };
}

/** Launches the browser, timing it into `timings.browserLaunchMs`. */
async function launchSession(
  { config, deps, outDir }: SessionContext,
  result: SessionResult,
): Promise<BrowserSession> {
  const t = Date.now();
  const launch =
    deps.launchBrowser ?? (await import('./browser/playwright-driver.js')).launchBrowser;
  const session = await launch({
    executablePath: config.browserPath,
    headed: config.headed,
    viewport: config.viewport,
    allowedOrigins: result.allowedOrigins,
    outDir,
    storageStatePath: config.storageStatePath,
    // Precise coverage costs a little per script: only when there is a diff to measure.
    collectCoverage: Boolean(config.diff),
  });
  result.timings.browserLaunchMs = Date.now() - t;
  return session;
}

/** Starts the app (or checks the one already running at the URL), timing it. */
async function startTheApp(
  { config, deps, outDir, redact, log }: SessionContext,
  nodeCoverage: NodeCoverage | null,
  result: SessionResult,
): Promise<RunningApp> {
  const t = Date.now();
  log(
    config.startCommand
      ? `Starting the app: ${redact(config.startCommand)}`
      : `Using ${config.url}`,
  );
  const app = await startApp({
    command: config.startCommand,
    url: config.url,
    cwd: config.cwd,
    readyTimeoutMs: config.readyTimeoutMs,
    secretNames: config.secretNames,
    logPath: join(outDir, REPORT_FILES.appLog),
    ...(nodeCoverage ? { extraEnv: nodeCoverage.env } : {}),
  });
  deps.onAppStarted?.(app);
  result.timings.appStartMs = Date.now() - t;
  return app;
}

/** Exercises the app within the run's time budget, recording every step into `result`. */
async function exerciseApp(
  { config, deps, startedAt, redact }: SessionContext,
  session: BrowserSession,
  result: SessionResult,
): Promise<void> {
  const t = Date.now();
  const recorder = new StepRecorder(session, redact, (recorded: RecordedStep) =>
    deps.onStep?.(recorded.step),
  );
  result.steps = recorder.steps;
  result.exercise = await exercise(config, session, recorder, {
    deadline: startedAt.getTime() + config.timeoutSec * 1000,
    allowedOrigins: result.allowedOrigins,
    redact,
  });
  result.timings.stepsMs = Date.now() - t;
}

/** Closes the browser and the app, keeping the trace, the app's log and both sides' coverage. */
async function closeSession(
  { config, redact, log }: SessionContext,
  { app, session }: Opened,
  nodeCoverage: NodeCoverage | null,
  result: SessionResult,
): Promise<void> {
  if (session) {
    result.browserCoverage = await takeBrowserCoverage(session);
    try {
      result.tracePath = (await session.close()).tracePath;
    } catch (error) {
      log(`Closing the browser failed: ${(error as Error).message}`);
    }
  }
  if (app) {
    result.appLogTail ??= redact(app.logTail(40));
    await app.stop();
  }
  if (nodeCoverage) {
    const server = await nodeCoverage.read(await repoRootOf(config.cwd));
    if (app) result.serverCoverage = server;
  }
}

/** A session that broke: why, in one redacted line, and the app's own words if it never started. */
function noteFailure(error: unknown, result: SessionResult, redact: (t: string) => string): void {
  const message = error instanceof Error ? error.message : String(error);
  result.failure = redact(message.split('\n')[0] ?? message);
  if (error instanceof AppStartError) {
    result.appLogTail = redact(error.logTail);
    if (error.exit) result.appExit = { phase: 'start', ...error.exit };
  }
}

/** An app that exited during the run is a failure and an error finding. */
function noteAppExit(app: RunningApp, result: SessionResult, redact: (t: string) => string): void {
  const exit = app.exitInfo();
  if (!exit) return;
  result.appExit = { phase: 'run', ...exit };
  result.failure = `The app exited during the run (code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'}).`;
  result.findingsExtra.push({
    check: 'app-crash',
    severity: 'error',
    title: 'The app stopped during the run',
    step: result.steps.length || null,
    url: null,
    evidence: redact(app.logTail(20)),
  });
}

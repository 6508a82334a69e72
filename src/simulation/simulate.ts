/**
 * The engine: start the app, open it in a browser, exercise it (the Claude agent when a model
 * key is given, the deterministic exploration otherwise), check the recordings and write the
 * report. It knows nothing of GitHub or the action; the CLI and the action both call it.
 *
 * It never throws for a broken app or browser: those end in a report whose result is `error`,
 * because a report that is always written is the product's promise.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import os from 'node:os';
import type {
  Criterion,
  Finding,
  PullRequestInfo,
  Report,
  Step,
  StopReason,
  Usage,
} from '../contract/index.js';
import { EMPTY_USAGE, REPORT_SCHEMA_VERSION } from '../contract/index.js';
import {
  createRedactor,
  decideResult,
  DEFAULT_COVERAGE_FLOOR,
  redactDeep,
  summarize,
} from '../report/index.js';
import type { BrowserSession, LaunchBrowser, Viewport } from './browser/driver.js';
import { runChecks } from './checks/index.js';
import { explore } from './explore/index.js';
import { AppStartError, startApp, type RunningApp } from './launcher/index.js';
import { StepRecorder, type RecordedStep } from './recording.js';
import { REPORT_FILES, redactFile, redactZip, writeReport } from './report-writer.js';
import { TOOL_VERSION } from './version.js';

/** Everything one run needs; the CLI and the action each build it from their own inputs. */
export interface SimulationConfig {
  /** Shell command that starts the app; omit when the app already runs at `url`. */
  startCommand?: string;
  url: string;
  cwd: string;
  readyTimeoutMs: number;
  instructions?: string;
  /** The PR's description, when there is a PR. */
  prBody?: string;
  diff?: string;
  changedFiles: string[];
  pr: PullRequestInfo | null;
  maxSteps: number;
  timeoutSec: number;
  viewport: Viewport;
  browserPath?: string;
  headed?: boolean;
  outDir: string;
  /** Secret values: redacted from everything written and everything sent to the model. */
  secrets: string[];
  /** Environment variable names withheld from the app (on top of the built-in list). */
  secretNames: string[];
  anthropicApiKey?: string;
  /** Agent budgets beyond steps and time: total tokens, estimated US dollars. */
  maxTokens?: number;
  maxCostUsd?: number;
  /** A user's price table (JSON text, see agent/pricing.ts) instead of the built-in one. */
  priceTableJson?: string;
  anthropicBaseUrl?: string;
  model?: string;
  /** Extra origins the browser may navigate to besides the app's. */
  allowedOrigins?: string[];
  ci?: { runUrl?: string; jobId?: string; artifactName?: string };
  /** Run the exploration even with a model key (a fork's code with no secrets). */
  forceExplore?: boolean;
  /** Storage state (cookies, localStorage) from a login setup step. */
  storageStatePath?: string;
  /** Exploration: the coverage (0–1) a run with no error must reach for a pass. */
  coverageFloor?: number;
}

export interface SimulationOutcome {
  report: Report;
  outDir: string;
  /** Absolute paths of every file written, for the artifact. */
  files: string[];
}

/** Collaborators, injectable so tests and the CLI can watch progress. */
export interface SimulationDeps {
  onStep?: (step: Step) => void;
  log?: (line: string) => void;
  /** Defaults to the Playwright adapter (imported lazily so the port stays light). */
  launchBrowser?: LaunchBrowser;
  /** Called with the app once it runs (the action records its pid for the post step). */
  onAppStarted?: (app: RunningApp) => void;
}

interface ExerciseResult {
  criteria: Criterion[];
  stoppedBy: StopReason;
  usage: Usage;
  visited: string[];
  notCovered: string[];
  spec?: string;
  /** Exploration: pages and controls seen, and how many were exercised. */
  coverage?: { interactive: number; exercised: number };
}

/** Runs one simulation end to end and writes its report; see the module comment. */
export async function simulate(
  config: SimulationConfig,
  deps: SimulationDeps = {},
): Promise<SimulationOutcome> {
  const log = deps.log ?? (() => {});
  const redact = createRedactor(config.secrets);
  const outDir = resolve(config.outDir);
  await mkdir(join(outDir, 'screenshots'), { recursive: true });
  const startedAt = new Date();
  const appOrigin = new URL(config.url).origin;
  const allowedOrigins = [
    appOrigin,
    ...(config.allowedOrigins ?? []).map((o) => new URL(o).origin),
  ];
  const mode = config.anthropicApiKey && !config.forceExplore ? 'agent' : 'explore';
  const timings = { appStartMs: 0, browserLaunchMs: 0, stepsMs: 0, reportMs: 0 };
  const appLogPath = join(outDir, REPORT_FILES.appLog);

  let app: RunningApp | null = null;
  let session: BrowserSession | null = null;
  let recorder: StepRecorder | null = null;
  let exercise: ExerciseResult | null = null;
  let failure: string | null = null;
  const findingsExtra: Omit<Finding, 'id' | 'count'>[] = [];
  let appLogTail: string | null = null;
  let tracePath: string | null = null;

  try {
    let t = Date.now();
    log(
      config.startCommand
        ? `Starting the app: ${redact(config.startCommand)}`
        : `Using ${config.url}`,
    );
    app = await startApp({
      command: config.startCommand,
      url: config.url,
      cwd: config.cwd,
      readyTimeoutMs: config.readyTimeoutMs,
      secretNames: config.secretNames,
      logPath: appLogPath,
    });
    deps.onAppStarted?.(app);
    timings.appStartMs = Date.now() - t;

    t = Date.now();
    const launch =
      deps.launchBrowser ?? (await import('./browser/playwright-driver.js')).launchBrowser;
    session = await launch({
      executablePath: config.browserPath,
      headed: config.headed,
      viewport: config.viewport,
      allowedOrigins,
      outDir,
      storageStatePath: config.storageStatePath,
    });
    timings.browserLaunchMs = Date.now() - t;
    log(`Browser: ${session.info.name} ${session.info.version} (${session.info.source})`);

    t = Date.now();
    recorder = new StepRecorder(session, redact, (recorded: RecordedStep) =>
      deps.onStep?.(recorded.step),
    );
    const deadline = startedAt.getTime() + config.timeoutSec * 1000;
    exercise =
      mode === 'agent'
        ? await runAgentMode(config, session, recorder, deadline, allowedOrigins, redact)
        : await runExploreMode(config, session, recorder, deadline, allowedOrigins);
    timings.stepsMs = Date.now() - t;

    const exit = app.exitInfo();
    if (exit) {
      failure = `The app exited during the run (code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'}).`;
      findingsExtra.push({
        check: 'app-crash',
        severity: 'error',
        title: 'The app stopped during the run',
        step: recorder.steps.length || null,
        url: null,
        evidence: redact(app.logTail(20)),
      });
    }
  } catch (error) {
    failure = describeFailure(error, redact);
    if (error instanceof AppStartError) appLogTail = redact(error.logTail);
    log(`Run failed: ${failure}`);
  } finally {
    if (session) {
      try {
        tracePath = (await session.close()).tracePath;
      } catch (error) {
        log(`Closing the browser failed: ${(error as Error).message}`);
      }
    }
    if (app) {
      appLogTail ??= redact(app.logTail(40));
      await app.stop();
    }
  }

  const reportStarted = Date.now();
  const steps = recorder?.steps ?? [];
  const findings = assignIds([
    ...runChecks(steps, { allowedOrigins }).map(({ id: _id, ...rest }) => rest),
    ...findingsExtra.map((f) => ({ ...f, count: 1 })),
  ]);
  const criteria = exercise?.criteria ?? [];
  const stoppedBy: StopReason = failure ? 'error' : (exercise?.stoppedBy ?? 'error');
  const coverage = exploreCoverage(exercise, config.coverageFloor);
  const decision = decideResult({
    criteria,
    findings,
    stoppedBy,
    mode,
    crashed: failure ?? false,
    steps: steps.length,
    notCovered: exercise?.notCovered.length ?? 0,
    ...(coverage ? { coverage: { ratio: coverage.ratio, floor: coverage.floor } } : {}),
  });

  const files: string[] = [];
  const hasTrace = tracePath !== null && (await exists(tracePath));
  const hasAppLog = await exists(appLogPath);
  const finishedAt = new Date();
  const reportBase: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'myfav-coworker', version: TOOL_VERSION },
    result: decision.result,
    summary: '',
    criteria,
    findings,
    steps: steps.map((s) => s.step),
    coverage: {
      visited: exercise?.visited ?? [...new Set(steps.map((s) => s.step.url))],
      notCovered: exercise?.notCovered ?? [],
      ...coverage,
    },
    budget: { maxSteps: config.maxSteps, timeoutSec: config.timeoutSec, stoppedBy },
    usage: exercise?.usage ?? EMPTY_USAGE,
    timings: {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      totalMs: finishedAt.getTime() - startedAt.getTime(),
      ...timings,
    },
    environment: {
      mode,
      url: config.url,
      viewport: config.viewport,
      browser: session
        ? { name: session.info.name, version: session.info.version, source: session.info.source }
        : null,
      node: process.version,
      os: `${os.platform()} ${os.release()}`,
      ci: config.ci ?? null,
      pr: config.pr,
      changedFiles: config.changedFiles,
    },
    appLogTail,
    files: {
      json: REPORT_FILES.json,
      markdown: REPORT_FILES.markdown,
      html: REPORT_FILES.html,
      trace: hasTrace ? REPORT_FILES.trace : null,
      appLog: hasAppLog ? REPORT_FILES.appLog : null,
      spec: exercise?.spec ? REPORT_FILES.spec : null,
    },
  };
  // Redact the data, not only the rendered text: escaping in markdown/HTML could otherwise hide
  // a secret from a text search, and callers (the action's outputs) use this object too.
  const report: Report = redactDeep(
    {
      ...reportBase,
      summary: failure
        ? `Error: ${failure}`
        : summarize({ ...reportBase, reason: decision.reason }),
    },
    redact,
  );

  if (hasTrace) {
    await redactZip(join(outDir, REPORT_FILES.trace), redact);
    files.push(join(outDir, REPORT_FILES.trace));
  }
  if (hasAppLog) {
    await redactFile(appLogPath, redact);
    files.push(appLogPath);
  }
  if (exercise?.spec) {
    const specPath = join(outDir, REPORT_FILES.spec);
    await writeFile(specPath, redact(exercise.spec));
    files.push(specPath);
  }
  for (const s of report.steps) if (s.screenshot) files.push(join(outDir, s.screenshot));
  report.timings.reportMs = Date.now() - reportStarted;
  files.push(...(await writeReport(report, outDir, redact)));
  return { report, outDir, files };
}

async function runExploreMode(
  config: SimulationConfig,
  session: BrowserSession,
  recorder: StepRecorder,
  deadline: number,
  allowedOrigins: string[],
): Promise<ExerciseResult> {
  const walk = await explore(session, recorder, {
    baseUrl: config.url,
    changedFiles: config.changedFiles,
    maxSteps: config.maxSteps,
    deadline,
    allowedOrigins,
  });
  return {
    criteria: [],
    stoppedBy: walk.stoppedBy,
    usage: EMPTY_USAGE,
    visited: walk.visited,
    notCovered: walk.notCovered,
    coverage: walk.coverage,
  };
}

/** The exploration's coverage figures for the report and the verdict; none for the agent. */
function exploreCoverage(
  exercise: ExerciseResult | null,
  floor = DEFAULT_COVERAGE_FLOOR,
): { interactive: number; exercised: number; ratio: number; floor: number } | null {
  if (!exercise?.coverage) return null;
  const { interactive, exercised } = exercise.coverage;
  return { interactive, exercised, ratio: interactive > 0 ? exercised / interactive : 0, floor };
}

async function runAgentMode(
  config: SimulationConfig,
  session: BrowserSession,
  recorder: StepRecorder,
  deadline: number,
  allowedOrigins: string[],
  redact: (text: string) => string,
): Promise<ExerciseResult> {
  // Lazy: the exploration path (no key) never loads the model SDK.
  const { parsePriceTable, runAgentWithAnthropic } = await import('./agent/index.js');
  return runAgentWithAnthropic(session, recorder, {
    ...(config.priceTableJson ? { priceTable: parsePriceTable(config.priceTableJson) } : {}),
    apiKey: config.anthropicApiKey ?? '',
    baseUrl: config.anthropicBaseUrl,
    model: config.model,
    context: {
      title: config.pr?.title ?? '',
      body: config.prBody ?? '',
      diff: config.diff ?? '',
      instructions: config.instructions ?? '',
      changedFiles: config.changedFiles,
      baseUrl: config.url,
    },
    budgets: {
      maxSteps: config.maxSteps,
      deadline,
      ...(config.maxTokens ? { maxTokens: config.maxTokens } : {}),
      ...(config.maxCostUsd ? { maxCostUsd: config.maxCostUsd } : {}),
    },
    redact,
    allowedOrigins,
  });
}

function assignIds(findings: Omit<Finding, 'id'>[]): Finding[] {
  return findings.map((finding, i) => ({ ...finding, id: `F${i + 1}` }));
}

function describeFailure(error: unknown, redact: (text: string) => string): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message.split('\n')[0] ?? message);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

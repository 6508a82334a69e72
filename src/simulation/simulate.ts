/**
 * The engine: start the app, open it in a browser, exercise it (the Claude agent when a model
 * key is given, the deterministic exploration otherwise), check the recordings and write the
 * report. It knows nothing of GitHub or the action; the CLI and the action both call it.
 *
 * It never throws for a broken app or browser: those end in a report whose result is `error`,
 * because a report that is always written is the product's promise.
 */
import type { ModelProviderConfig } from './agent/provider.js';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import os from 'node:os';
import type {
  ChangeCoverage,
  Comparison,
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
  DEFAULT_CHANGE_COVERAGE_FLOOR,
  DEFAULT_COVERAGE_FLOOR,
  redactDeep,
  summarize,
} from '../report/index.js';
import type { BrowserSession, LaunchBrowser, Viewport } from './browser/driver.js';
import { runChecks } from './checks/index.js';
import {
  ChangeProgressTracker,
  measureChangeCoverage,
  prepareNodeCoverage,
  repoRootOf,
  takeBrowserCoverage,
  type SideInput,
} from './coverage/index.js';
import { explore } from './explore/index.js';
import { AppStartError, startApp, type RunningApp } from './launcher/index.js';
import { reportStep, StepRecorder, type RecordedStep } from './recording.js';
import { REPORT_FILES, redactFile, redactZip, writeReport } from './report-writer.js';
import { describeChangeCoverage, describeProgress } from './coverage/describe.js';
import { replaySteps } from './compare/replay.js';
import { TOOL_VERSION } from './version.js';
import { untestedChange } from './untested-change.js';

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
  /** Where the agent's model runs; `bedrock` and `vertex` need no Anthropic key. */
  modelProvider?: ModelProviderConfig;
  /** Extra origins the browser may navigate to besides the app's. */
  allowedOrigins?: string[];
  ci?: { runUrl?: string; jobId?: string; artifactName?: string };
  /** Run the exploration even with a model key (a fork's code with no secrets). */
  forceExplore?: boolean;
  /** Storage state (cookies, localStorage) from a login setup step. */
  storageStatePath?: string;
  /**
   * Drive the session by replaying these recorded steps by their locators instead of running
   * the agent or the walk: the base side of an agent run (no second model run).
   */
  replay?: readonly Step[];
  /** Strict verdict: errors already on the merge base (and flaky ones) fail the run too. */
  failOnPreexisting?: boolean;
  /** Which side of a comparison this run is, when it is not the PR's own run. */
  side?: 'base' | 'recheck';
  /** Exploration: the coverage (0–1) a run with no error must reach for a pass. */
  coverageFloor?: number;
  /** The share (0–1) of the diff's changed executable lines that must run for a pass. */
  changeCoverageFloor?: number;
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
  /**
   * Compares the finished head run with another (the PR's merge base). Called once the app and
   * the browser are closed, so two apps are never up at once; see compare/index.ts.
   */
  compare?: (head: HeadRun) => Promise<ComparedRun>;
}

/** What a comparison gets from the head run. */
export interface HeadRun {
  mode: Report['environment']['mode'];
  steps: Step[];
  findings: Finding[];
  outDir: string;
}

/** What a comparison gives back: the head's findings labelled, plus its own section and files. */
export interface ComparedRun {
  findings: Finding[];
  comparison: Comparison;
  files: string[];
}

interface ExerciseResult {
  criteria: Criterion[];
  stoppedBy: StopReason;
  usage: Usage;
  visited: string[];
  notCovered: string[];
  spec?: string;
  /** Why the exercise stopped, in words (the exploration's change-coverage note). */
  stopNote?: string;
  /** Exploration: pages and controls seen, and how many were exercised. */
  coverage?: { interactive: number; exercised: number };
  /** The checks' findings, when the exercise needed them itself (the agent verifies with them). */
  findings?: Finding[];
}

/** What one session (app + browser + exercise) left behind, once both are closed. */
interface SessionResult {
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
  const nothingToTest = emptyChange(config);
  if (nothingToTest) {
    log(`Nothing to test: ${nothingToTest}`);
    return writeOutcome(config, skippedSession(config, nothingToTest), {
      findings: [],
      compared: null,
      compareMs: undefined,
      startedAt,
      outDir,
      redact,
      nothingToTest,
    });
  }
  const run = await runSession(config, deps, outDir, startedAt, redact);

  // The comparison runs once this session's app and browser are closed: one app at a time.
  const compareStarted = Date.now();
  // The checks run once: the agent's verdicts were already verified against these findings.
  const checked =
    run.exercise?.findings ??
    runChecks(run.steps, { allowedOrigins: run.allowedOrigins, changedFiles: config.changedFiles });
  let findings = assignIds([
    ...checked.map(({ id: _id, ...rest }) => rest),
    ...run.findingsExtra.map((f) => ({ ...f, count: 1 })),
  ]);
  const head = { mode: run.mode, steps: run.steps.map(reportStep), findings, outDir };
  const compared =
    deps.compare && !run.failure ? await compareSafely(deps.compare, head, log) : null;
  if (compared) findings = assignIds(compared.findings.map(({ id: _id, ...rest }) => rest));
  const compareMs = compared ? Date.now() - compareStarted : undefined;
  return writeOutcome(config, run, { findings, compared, compareMs, startedAt, outDir, redact });
}

/**
 * Why a run has nothing to test: a change was given (a diff) and it is empty, e.g. `--base main`
 * on `main` itself. A pass there would claim a change was tested when none was.
 */
function emptyChange(config: SimulationConfig): string | null {
  if (config.diff === undefined || config.diff.trim() !== '' || config.changedFiles.length > 0) {
    return null;
  }
  return 'the change is empty (no file differs from the base), so there is nothing to test';
}

/** Why the session never met the change (see untested-change.ts), as a verdict input. */
function untestedOf(config: SimulationConfig, run: SessionResult): { untestedChange?: string } {
  if (run.failure || run.steps.length === 0) return {};
  const served = run.steps.flatMap(({ observation }) => observation.events.served ?? []);
  const why = untestedChange(config.changedFiles, served);
  return why ? { untestedChange: why } : {};
}

/** The agent with a model (or a replay of its steps), else the exploration. */
function modeOf(config: SimulationConfig): Report['environment']['mode'] {
  const cloudModel = config.modelProvider && config.modelProvider.provider !== 'anthropic';
  return config.replay || ((config.anthropicApiKey || cloudModel) && !config.forceExplore)
    ? 'agent'
    : 'explore';
}

/** The session of a run that started nothing, because there was nothing to test. */
function skippedSession(config: SimulationConfig, why: string): SessionResult {
  return {
    mode: modeOf(config),
    allowedOrigins: [new URL(config.url).origin],
    browser: null,
    steps: [],
    exercise: {
      criteria: [],
      stoppedBy: 'finished',
      usage: EMPTY_USAGE,
      visited: [],
      notCovered: [`Everything: the app was not started, because ${why}.`],
    },
    failure: null,
    findingsExtra: [],
    appLogTail: null,
    tracePath: null,
    timings: { appStartMs: 0, browserLaunchMs: 0, stepsMs: 0 },
    browserCoverage: { notMeasured: `the browser was not started: ${why}` },
    serverCoverage: { notMeasured: `the app was not started: ${why}` },
  };
}

/** Starts the app and the browser, exercises the app, and closes both; never throws. */
async function runSession(
  config: SimulationConfig,
  deps: SimulationDeps,
  outDir: string,
  startedAt: Date,
  redact: (text: string) => string,
): Promise<SessionResult> {
  const log = deps.log ?? (() => {});
  const allowedOrigins = [
    new URL(config.url).origin,
    ...(config.allowedOrigins ?? []).map((o) => new URL(o).origin),
  ];
  const mode = modeOf(config);
  const result: SessionResult = {
    mode,
    allowedOrigins,
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
  let app: RunningApp | null = null;
  let session: BrowserSession | null = null;
  // Server-side change coverage: only worth collecting when there is a diff to measure.
  const nodeCoverage =
    config.startCommand && config.diff ? await prepareNodeCoverage(process.env.NODE_OPTIONS) : null;
  // The browser launches while the app starts: neither needs the other until the first step.
  const launching = launchSession(config, deps, { allowedOrigins, outDir }, result.timings);
  launching.catch(() => undefined); // awaited below; an app that fails to start comes first
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
      logPath: join(outDir, REPORT_FILES.appLog),
      ...(nodeCoverage ? { extraEnv: nodeCoverage.env } : {}),
    });
    deps.onAppStarted?.(app);
    result.timings.appStartMs = Date.now() - t;

    session = await launching;
    const { name, version, source } = session.info;
    result.browser = { name, version, source };
    log(`Browser: ${name} ${version} (${source})`);

    t = Date.now();
    const recorder = new StepRecorder(session, redact, (recorded: RecordedStep) =>
      deps.onStep?.(recorded.step),
    );
    result.steps = recorder.steps;
    const deadline = startedAt.getTime() + config.timeoutSec * 1000;
    result.exercise = config.replay
      ? await runReplayMode(config.replay, session, recorder, deadline)
      : mode === 'agent'
        ? await runAgentMode(config, session, recorder, deadline, allowedOrigins, redact)
        : await runExploreMode(config, session, recorder, deadline, allowedOrigins);
    result.timings.stepsMs = Date.now() - t;
    noteAppExit(app, result, redact);
  } catch (error) {
    result.failure = describeFailure(error, redact);
    if (error instanceof AppStartError) {
      result.appLogTail = redact(error.logTail);
      if (error.exit) result.appExit = { phase: 'start', ...error.exit };
    }
    log(`Run failed: ${result.failure}`);
  } finally {
    // The app failed first: the browser launched meanwhile is closed unused.
    session ??= await launching.catch(() => null);
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
  return result;
}

/** Launches the browser, timing it into `timings.browserLaunchMs`. */
async function launchSession(
  config: SimulationConfig,
  deps: SimulationDeps,
  where: { allowedOrigins: string[]; outDir: string },
  timings: SessionResult['timings'],
): Promise<BrowserSession> {
  const t = Date.now();
  const launch =
    deps.launchBrowser ?? (await import('./browser/playwright-driver.js')).launchBrowser;
  const session = await launch({
    executablePath: config.browserPath,
    headed: config.headed,
    viewport: config.viewport,
    allowedOrigins: where.allowedOrigins,
    outDir: where.outDir,
    storageStatePath: config.storageStatePath,
    // Precise coverage costs a little per script: only when there is a diff to measure.
    collectCoverage: Boolean(config.diff),
  });
  timings.browserLaunchMs = Date.now() - t;
  return session;
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

/** The verdict, the report object, and every file of the report folder. */
async function writeOutcome(
  config: SimulationConfig,
  run: SessionResult,
  extra: {
    findings: Finding[];
    compared: ComparedRun | null;
    compareMs: number | undefined;
    startedAt: Date;
    outDir: string;
    redact: (text: string) => string;
    nothingToTest?: string;
  },
): Promise<SimulationOutcome> {
  const { findings, compared, outDir, redact } = extra;
  const reportStarted = Date.now();
  const { exercise, failure } = run;
  const criteria = exercise?.criteria ?? [];
  const stoppedBy: StopReason = failure ? 'error' : (exercise?.stoppedBy ?? 'error');
  const failOnPreexisting = config.failOnPreexisting ?? false;
  const coverage = exploreCoverage(exercise, config.coverageFloor);
  const changeCoverage = await sessionChangeCoverage(config, run);
  const decision = decideResult({
    criteria,
    findings,
    failOnPreexisting,
    stoppedBy,
    mode: run.mode,
    crashed: failure ?? false,
    steps: run.steps.length,
    notCovered: exercise?.notCovered.length ?? 0,
    ...(coverage ? { coverage: { ratio: coverage.ratio, floor: coverage.floor } } : {}),
    ...(changeCoverage ? { changeCoverage } : {}),
    ...(extra.nothingToTest ? { nothingToTest: extra.nothingToTest } : {}),
    ...untestedOf(config, run),
  });
  const appLogPath = join(outDir, REPORT_FILES.appLog);
  const hasTrace = run.tracePath !== null && (await exists(run.tracePath));
  const hasAppLog = await exists(appLogPath);
  const finishedAt = new Date();
  const reportBase: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'myfav-coworker', version: TOOL_VERSION },
    result: decision.result,
    summary: '',
    criteria,
    findings,
    steps: run.steps.map(reportStep),
    coverage: {
      visited: exercise?.visited ?? [...new Set(run.steps.map((s) => s.step.url))],
      notCovered: exercise?.notCovered ?? [],
      ...coverage,
    },
    budget: {
      maxSteps: config.maxSteps,
      timeoutSec: config.timeoutSec,
      stoppedBy,
      ...(exercise?.stopNote ? { stopNote: exercise.stopNote } : {}),
    },
    usage: exercise?.usage ?? EMPTY_USAGE,
    timings: {
      startedAt: extra.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      totalMs: finishedAt.getTime() - extra.startedAt.getTime(),
      ...run.timings,
      reportMs: 0,
      ...(extra.compareMs !== undefined ? { compareMs: extra.compareMs } : {}),
    },
    environment: {
      mode: run.mode,
      url: config.url,
      viewport: config.viewport,
      browser: run.browser,
      node: process.version,
      os: `${os.platform()} ${os.release()}`,
      ci: config.ci ?? null,
      pr: config.pr,
      ...(config.side ? { side: config.side } : {}),
      changedFiles: config.changedFiles,
    },
    appLogTail: run.appLogTail,
    ...(run.appExit ? { appExit: run.appExit } : {}),
    files: {
      json: REPORT_FILES.json,
      markdown: REPORT_FILES.markdown,
      html: REPORT_FILES.html,
      trace: hasTrace ? REPORT_FILES.trace : null,
      appLog: hasAppLog ? REPORT_FILES.appLog : null,
      spec: exercise?.spec ? REPORT_FILES.spec : null,
    },
    ...(compared ? { comparison: compared.comparison } : {}),
    ...(changeCoverage ? { changeCoverage } : {}),
  };
  // Redact the data, not only the rendered text: escaping in markdown/HTML could otherwise hide
  // a secret from a text search, and callers (the action's outputs) use this object too.
  const report: Report = redactDeep(
    {
      ...reportBase,
      summary: failure
        ? `Error: ${failure}`
        : summarize({ ...reportBase, failOnPreexisting, reason: decision.reason }),
    },
    redact,
  );
  const files = await writeSideFiles(report, run, { hasTrace, hasAppLog, outDir, redact });
  if (compared) files.push(...compared.files);
  report.timings.reportMs = Date.now() - reportStarted;
  files.push(...(await writeReport(report, outDir, redact)));
  return { report, outDir, files };
}

/** Redacts the trace and the app log, writes the spec; returns them and the screenshots. */
async function writeSideFiles(
  report: Report,
  run: SessionResult,
  at: { hasTrace: boolean; hasAppLog: boolean; outDir: string; redact: (t: string) => string },
): Promise<string[]> {
  const files: string[] = [];
  const { outDir, redact } = at;
  if (at.hasTrace) {
    await redactZip(join(outDir, REPORT_FILES.trace), redact);
    files.push(join(outDir, REPORT_FILES.trace));
  }
  if (at.hasAppLog) {
    await redactFile(join(outDir, REPORT_FILES.appLog), redact);
    files.push(join(outDir, REPORT_FILES.appLog));
  }
  if (run.exercise?.spec) {
    const specPath = join(outDir, REPORT_FILES.spec);
    await writeFile(specPath, redact(run.exercise.spec));
    files.push(specPath);
  }
  for (const s of report.steps) if (s.screenshot) files.push(join(outDir, s.screenshot));
  return files;
}

async function runExploreMode(
  config: SimulationConfig,
  session: BrowserSession,
  recorder: StepRecorder,
  deadline: number,
  allowedOrigins: string[],
): Promise<ExerciseResult> {
  const progress = await changeProgress(config, session);
  const walk = await explore(session, recorder, {
    baseUrl: config.url,
    changedFiles: config.changedFiles,
    maxSteps: config.maxSteps,
    deadline,
    allowedOrigins,
    ...(progress ? { changeProgress: () => progress.next() } : {}),
  });
  return {
    criteria: [],
    stoppedBy: walk.stoppedBy,
    ...(walk.stopNote ? { stopNote: walk.stopNote } : {}),
    usage: EMPTY_USAGE,
    visited: walk.visited,
    notCovered: walk.notCovered,
    coverage: walk.coverage,
  };
}

/** Per-step change coverage for steering, when the diff changes code and coverage is collected. */
async function changeProgress(
  config: SimulationConfig,
  session: BrowserSession,
): Promise<ChangeProgressTracker | null> {
  if (!config.diff || !session.coverageDelta) return null;
  const read = session.coverageDelta.bind(session);
  const tracker = new ChangeProgressTracker({
    diff: config.diff,
    repoRoot: await repoRootOf(config.cwd),
    read,
  });
  return tracker.hasCode ? tracker : null;
}

async function runReplayMode(
  steps: readonly Step[],
  session: BrowserSession,
  recorder: StepRecorder,
  deadline: number,
): Promise<ExerciseResult> {
  const replay = await replaySteps(steps, session, recorder, deadline);
  return {
    criteria: [],
    stoppedBy: replay.stoppedBy,
    usage: EMPTY_USAGE,
    visited: [...new Set(recorder.steps.map((s) => s.step.url))],
    notCovered: replay.skipped,
  };
}

/**
 * Runs the comparison; if it breaks, the head's findings stay unlabelled, which the verdict
 * treats strictly (every error counts): a comparison that could not run never hides an error.
 */
async function compareSafely(
  compare: NonNullable<SimulationDeps['compare']>,
  head: HeadRun,
  log: (line: string) => void,
): Promise<ComparedRun | null> {
  try {
    return await compare(head);
  } catch (error) {
    log(`Comparison with the base failed, every error counts: ${(error as Error).message}`);
    return null;
  }
}

/** Which of the diff's changed lines ran in this session; null without a diff. */
async function sessionChangeCoverage(
  config: SimulationConfig,
  run: SessionResult,
): Promise<ChangeCoverage | null> {
  if (!config.diff) return null;
  const base = {
    diff: config.diff,
    repoRoot: await repoRootOf(config.cwd),
    floor: config.changeCoverageFloor ?? DEFAULT_CHANGE_COVERAGE_FLOOR,
  };
  try {
    return await measureChangeCoverage({
      ...base,
      browser: run.browserCoverage,
      server: run.serverCoverage,
    });
  } catch (error) {
    const notMeasured = `measuring change coverage failed: ${(error as Error).message}`;
    return measureChangeCoverage({ ...base, browser: { notMeasured }, server: { notMeasured } });
  }
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
  const progress = await changeProgress(config, session);
  return runAgentWithAnthropic(session, recorder, {
    ...(config.priceTableJson ? { priceTable: parsePriceTable(config.priceTableJson) } : {}),
    apiKey: config.anthropicApiKey ?? '',
    baseUrl: config.anthropicBaseUrl,
    model: config.model,
    ...(config.modelProvider ? { provider: config.modelProvider } : {}),
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
    ...(config.diff ? { changeCoverage: () => changeCoverageSoFar(config, session) } : {}),
    ...(progress ? { changedNotRun: async () => describeProgress(await progress.next()) } : {}),
  });
}

/** The agent's reading of change coverage mid-session: the browser side so far. */
async function changeCoverageSoFar(
  config: SimulationConfig,
  session: BrowserSession,
): Promise<string> {
  if (!session.coverageSoFar) return 'This browser does not report coverage.';
  const coverage = await measureChangeCoverage({
    diff: config.diff ?? '',
    repoRoot: await repoRootOf(config.cwd),
    floor: config.changeCoverageFloor ?? DEFAULT_CHANGE_COVERAGE_FLOOR,
    browser: { scripts: await session.coverageSoFar() },
    server: { notMeasured: 'the server side is read when the run ends' },
  });
  return describeChangeCoverage(coverage);
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

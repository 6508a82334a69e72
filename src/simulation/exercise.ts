/**
 * Exercising the running app in an open browser, one of three ways: replaying recorded steps (the
 * base side of an agent run), the Claude agent (a model key or a cloud model), or the
 * deterministic exploration. Each gives back the same kind of result for the report.
 */
import type { Criterion, Finding, Report, Step, StopReason, Usage } from '../contract/index.js';
import { EMPTY_USAGE } from '../contract/index.js';
import { DEFAULT_CHANGE_COVERAGE_FLOOR } from '../report/index.js';
import type { BrowserSession } from './browser/driver.js';
import { replaySteps } from './compare/replay.js';
import { ChangeProgressTracker, measureChangeCoverage, repoRootOf } from './coverage/index.js';
import { describeChangeCoverage, describeProgress } from './coverage/describe.js';
import { explore } from './explore/index.js';
import type { StepRecorder } from './recording.js';
import type { SimulationConfig } from './simulate.js';

/** What exercising the app gave, whichever way it ran. */
export interface ExerciseResult {
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

/** Where and how long an exercise may go. */
export interface ExerciseBounds {
  deadline: number;
  allowedOrigins: string[];
  redact: (text: string) => string;
}

/** The agent with a model (or a replay of its steps), else the exploration. */
export function modeOf(config: SimulationConfig): Report['environment']['mode'] {
  const cloudModel = config.modelProvider && config.modelProvider.provider !== 'anthropic';
  return config.replay || ((config.anthropicApiKey || cloudModel) && !config.forceExplore)
    ? 'agent'
    : 'explore';
}

/** Exercises the app the way `config` asks for; every step goes through `recorder`. */
export async function exercise(
  config: SimulationConfig,
  session: BrowserSession,
  recorder: StepRecorder,
  bounds: ExerciseBounds,
): Promise<ExerciseResult> {
  if (config.replay) return runReplay(config.replay, session, recorder, bounds.deadline);
  return modeOf(config) === 'agent'
    ? runAgent(config, session, recorder, bounds)
    : runExploration(config, session, recorder, bounds);
}

async function runExploration(
  config: SimulationConfig,
  session: BrowserSession,
  recorder: StepRecorder,
  { deadline, allowedOrigins }: ExerciseBounds,
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

async function runReplay(
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

async function runAgent(
  config: SimulationConfig,
  session: BrowserSession,
  recorder: StepRecorder,
  { deadline, allowedOrigins, redact }: ExerciseBounds,
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

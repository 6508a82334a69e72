/**
 * The engine: start the app, open it in a browser, exercise it (the Claude agent when a model
 * key is given, the deterministic exploration otherwise), check the recordings and write the
 * report. It knows nothing of GitHub or the action; the CLI and the action both call it.
 *
 * It never throws for a broken app or browser: those end in a report whose result is `error`,
 * because a report that is always written is the product's promise. The session (session.ts)
 * runs the app and the browser; the outcome (outcome.ts) decides the verdict and writes the files.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Comparison, Finding, PullRequestInfo, Report, Step } from '../contract/index.js';
import { createRedactor } from '../report/index.js';
import type { ModelProviderConfig } from './agent/provider.js';
import type { LaunchBrowser, Viewport } from './browser/driver.js';
import { runChecks } from './checks/index.js';
import type { RunningApp } from './launcher/index.js';
import { writeOutcome } from './outcome.js';
import { reportStep } from './recording.js';
import { runSession, skippedSession } from './session.js';

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

/** Numbers the findings F1, F2, … in report order. */
function assignIds(findings: Omit<Finding, 'id'>[]): Finding[] {
  return findings.map((finding, i) => ({ ...finding, id: `F${i + 1}` }));
}

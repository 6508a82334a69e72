/**
 * The end of a run: the verdict from the session and its findings, the report object (redacted as
 * data, not only as text), and every file of the report folder written and listed.
 */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import os from 'node:os';
import type { ChangeCoverage, Finding, Report, StopReason } from '../contract/index.js';
import { EMPTY_USAGE, REPORT_SCHEMA_VERSION } from '../contract/index.js';
import {
  decideResult,
  DEFAULT_CHANGE_COVERAGE_FLOOR,
  DEFAULT_COVERAGE_FLOOR,
  redactDeep,
  summarize,
} from '../report/index.js';
import { measureChangeCoverage, repoRootOf } from './coverage/index.js';
import type { ExerciseResult } from './exercise.js';
import { reportStep } from './recording.js';
import { REPORT_FILES, redactFile, redactZip, writeReport } from './report-writer.js';
import type { SessionResult } from './session.js';
import type { ComparedRun, SimulationConfig, SimulationOutcome } from './simulate.js';
import { untestedChange } from './untested-change.js';
import { TOOL_VERSION } from './version.js';

/** What the run adds to its session's result to make the report. */
export interface OutcomeInput {
  findings: Finding[];
  compared: ComparedRun | null;
  compareMs: number | undefined;
  startedAt: Date;
  outDir: string;
  redact: (text: string) => string;
  /** Why there was nothing to test, when the app was not started for that reason. */
  nothingToTest?: string;
}

/** The verdict, the report object, and every file of the report folder. */
export async function writeOutcome(
  config: SimulationConfig,
  run: SessionResult,
  extra: OutcomeInput,
): Promise<SimulationOutcome> {
  const { compared, outDir, redact } = extra;
  const reportStarted = Date.now();
  const changeCoverage = await sessionChangeCoverage(config, run);
  const appLogPath = join(outDir, REPORT_FILES.appLog);
  const hasTrace = run.tracePath !== null && (await exists(run.tracePath));
  const hasAppLog = await exists(appLogPath);
  const report = buildReport(config, run, extra, { changeCoverage, hasTrace, hasAppLog });
  const files = await writeSideFiles(report, run, { hasTrace, hasAppLog, outDir, redact });
  if (compared) files.push(...compared.files);
  report.timings.reportMs = Date.now() - reportStarted;
  files.push(...(await writeReport(report, outDir, redact)));
  return { report, outDir, files };
}

/** What the report says of files and change coverage, found before it is built. */
interface Measured {
  changeCoverage: ChangeCoverage | null;
  hasTrace: boolean;
  hasAppLog: boolean;
}

/** The report object with its verdict and summary, redacted. */
function buildReport(
  config: SimulationConfig,
  run: SessionResult,
  extra: OutcomeInput,
  { changeCoverage, hasTrace, hasAppLog }: Measured,
): Report {
  const { exercise, failure } = run;
  const stoppedBy: StopReason = failure ? 'error' : (exercise?.stoppedBy ?? 'error');
  const failOnPreexisting = config.failOnPreexisting ?? false;
  const coverage = exploreCoverage(exercise, config.coverageFloor);
  const decision = decideResult({
    criteria: exercise?.criteria ?? [],
    findings: extra.findings,
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
  const finishedAt = new Date();
  const reportBase: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'myfav-coworker', version: TOOL_VERSION },
    result: decision.result,
    summary: '',
    criteria: exercise?.criteria ?? [],
    findings: extra.findings,
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
    environment: environmentOf(config, run),
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
    ...(extra.compared ? { comparison: extra.compared.comparison } : {}),
    ...(changeCoverage ? { changeCoverage } : {}),
  };
  const summary = failure
    ? `Error: ${failure}`
    : summarize({ ...reportBase, failOnPreexisting, reason: decision.reason });
  // Redact the data, not only the rendered text: escaping in markdown/HTML could otherwise hide
  // a secret from a text search, and callers (the action's outputs) use this object too.
  return redactDeep({ ...reportBase, summary }, extra.redact);
}

/** Where the run happened: the app's URL, the browser, Node, the OS, CI and the PR. */
function environmentOf(config: SimulationConfig, run: SessionResult): Report['environment'] {
  return {
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
  };
}

/** Why the session never met the change (see untested-change.ts), as a verdict input. */
function untestedOf(config: SimulationConfig, run: SessionResult): { untestedChange?: string } {
  if (run.failure || run.steps.length === 0) return {};
  const served = run.steps.flatMap(({ observation }) => observation.events.served ?? []);
  const why = untestedChange(config.changedFiles, served);
  return why ? { untestedChange: why } : {};
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

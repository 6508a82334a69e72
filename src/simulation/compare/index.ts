/**
 * Base-vs-head: runs the same session on the PR's merge base and labels every head finding
 * `new`, `preexisting` or `flaky`, lists what the PR fixed, and compares the screenshots of the
 * page states both sides reached. Plugs into `simulate` as its `compare` step, which runs after
 * the head's app and browser are closed: one app process at a time.
 */
import { join } from 'node:path';
import type { Comparison, Finding, Report } from '../../contract/index.js';
import {
  simulate,
  type ComparedRun,
  type HeadRun,
  type SimulationConfig,
  type SimulationDeps,
  type SimulationOutcome,
} from '../simulate.js';
import { checkoutBase } from './base-worktree.js';
import { classifyFindings } from './match.js';
import { compareScreenshots, visualFindings } from './visual.js';

/** What the comparison needs on top of the run's own settings. */
export interface CompareOptions {
  /** The PR's base ref; the merge base of it and HEAD is what runs. */
  baseRef: string;
  /** Installs the base's dependencies when its lockfile differs from the head's. */
  baseSetup?: string;
}

/** Why a run without a start command is never compared. */
export const NO_START_COMMAND =
  "there is no start command to start the base's code with (the app already running is this change's own)";

/** Runs `config` on the head, then on the merge base, and writes one compared report. */
export function simulateWithBase(
  config: SimulationConfig,
  options: CompareOptions,
  deps: SimulationDeps = {},
): Promise<SimulationOutcome> {
  return simulate(config, {
    ...deps,
    compare: (head) => compareWithBase(config, options, head, deps),
  });
}

/** The `compare` step of {@link simulateWithBase}. Never throws: a failure becomes a note. */
export async function compareWithBase(
  config: SimulationConfig,
  options: CompareOptions,
  head: HeadRun,
  deps: SimulationDeps,
): Promise<ComparedRun> {
  const log = deps.log ?? (() => {});
  const method = head.mode === 'agent' ? 'replay' : 'explore';
  if (!config.startCommand) {
    // Without a start command the "base" session would test the app already running, the
    // PR's own code: every new error would be classed preexisting.
    return notCompared(head, options.baseRef, method, config, NO_START_COMMAND);
  }
  let checkout;
  try {
    checkout = await checkoutBase({
      cwd: config.cwd,
      ref: options.baseRef,
      setup: options.baseSetup,
      secretNames: config.secretNames,
      log,
    });
  } catch (error) {
    return notCompared(head, options.baseRef, method, config, (error as Error).message);
  }
  try {
    log(`Base: running the same session on ${checkout.sha.slice(0, 12)} (${options.baseRef})`);
    const base = await sideRun(config, deps, head, checkout.cwd, join(head.outDir, 'base'), 'base');
    const baseFindings = base.report.result === 'error' ? [] : base.report.findings;
    const recheck = await recheckIfNeeded(config, deps, head, baseFindings, log);
    const { findings, fixed } = classifyFindings(
      head.findings,
      baseFindings,
      recheck?.report.findings ?? null,
    );
    const visual = await compareScreenshots({
      headSteps: head.steps,
      baseSteps: base.report.steps,
      headDir: head.outDir,
      baseDir: join(head.outDir, 'base'),
      changedFiles: config.changedFiles,
    });
    const notes = [...checkout.notes, ...baseNotes(base.report, method)];
    const comparison: Comparison = {
      baseRef: options.baseRef,
      baseSha: checkout.sha,
      method,
      baseReport: 'base/report.json',
      baseResult: base.report.result,
      failOnPreexisting: config.failOnPreexisting ?? false,
      rechecked: recheck !== null,
      fixed: base.report.result === 'error' ? [] : fixed,
      visual: visual.changes,
      notes,
    };
    return {
      findings: [
        ...findings,
        ...visualFindings(visual.changes).map((f, i) => ({ ...f, id: `V${i + 1}` })),
      ],
      comparison,
      files: [...base.files, ...(recheck?.files ?? []), ...visual.files],
    };
  } finally {
    await checkout.remove();
  }
}

/** A second session (the base, or a re-check of the head) into its own subfolder. */
function sideRun(
  config: SimulationConfig,
  deps: SimulationDeps,
  head: HeadRun,
  cwd: string,
  outDir: string,
  side: 'base' | 'recheck',
): Promise<SimulationOutcome> {
  return simulate(
    {
      ...config,
      cwd,
      outDir,
      side,
      // Change coverage is measured on head only: the base does not hold the changed lines.
      diff: undefined,
      ...(head.mode === 'agent' ? { replay: head.steps } : { forceExplore: true }),
    },
    // No onStep: the second run's steps are not the PR's progress. onAppStarted is kept, so the
    // action's post step can still stop the base's app if the job is cancelled mid-run.
    {
      ...(deps.launchBrowser ? { launchBrowser: deps.launchBrowser } : {}),
      ...(deps.onAppStarted ? { onAppStarted: deps.onAppStarted } : {}),
      log: deps.log,
    },
  );
}

/**
 * New errors are re-checked with a second head run before they fail a PR: one that does not
 * show again was seen once only (`flaky`). Skipped when there is no new error to re-check.
 */
async function recheckIfNeeded(
  config: SimulationConfig,
  deps: SimulationDeps,
  head: HeadRun,
  baseFindings: readonly Finding[],
  log: (line: string) => void,
): Promise<SimulationOutcome | null> {
  const { findings } = classifyFindings(head.findings, baseFindings, null);
  const fresh = findings.filter((f) => f.baseline === 'new' && f.severity === 'error');
  if (fresh.length === 0) return null;
  log(`Re-checking ${fresh.length} new error(s) with a second run of the PR`);
  const recheck = await sideRun(
    config,
    deps,
    head,
    config.cwd,
    join(head.outDir, 'recheck'),
    'recheck',
  );
  return recheck.report.result === 'error' ? null : recheck;
}

function baseNotes(report: Report, method: Comparison['method']): string[] {
  const notes: string[] = [];
  if (report.result === 'error') {
    notes.push(
      `The base run failed (${report.summary}): nothing could be compared, every error counts.`,
    );
  }
  // Only a replay has steps that fail to replay; an exploration's not-covered list is not that.
  const skipped = method === 'replay' ? report.coverage.notCovered.length : 0;
  if (skipped > 0) {
    notes.push(
      `${skipped} step(s) could not be replayed on the base (the element is not there, or the step has no replayable code).`,
    );
  }
  return notes;
}

function notCompared(
  head: HeadRun,
  baseRef: string,
  method: Comparison['method'],
  config: SimulationConfig,
  why: string,
): ComparedRun {
  return {
    findings: head.findings,
    comparison: {
      baseRef,
      baseSha: '',
      method,
      baseReport: null,
      baseResult: 'error',
      failOnPreexisting: config.failOnPreexisting ?? false,
      rechecked: false,
      fixed: [],
      visual: [],
      notes: [`Not compared with the base, so every error counts: ${why}`],
    },
    files: [],
  };
}

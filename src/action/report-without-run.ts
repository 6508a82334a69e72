/**
 * The report of a run that never exercised the app: refused on purpose (fork safety), or the
 * engine itself crashed. A real report all the same, so the comment, the artifact and the server
 * all say why nothing was tested.
 */
import os from 'node:os';
import type { PullRequestInfo, Report } from '../contract/index.js';
import { EMPTY_USAGE, REPORT_SCHEMA_VERSION } from '../contract/index.js';
import { TOOL_VERSION } from '../simulation/version.js';

/** What a report of a run that never started records. */
export interface RefusedReportInput {
  reason: string;
  /** What was not covered, e.g. "The app was not started (fork safety)." */
  notCovered: string;
  url: string;
  viewport: 'desktop' | 'mobile';
  maxSteps: number;
  timeoutSec: number;
  pr: PullRequestInfo | null;
  changedFiles: string[];
  ci: { runUrl?: string; jobId?: string; artifactName?: string };
}

/** A report with result `error` whose summary is the reason, and no steps. */
export function reportWithoutRun(input: RefusedReportInput, now = new Date()): Report {
  const at = now.toISOString();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'myfav-coworker', version: TOOL_VERSION },
    result: 'error',
    summary: input.reason,
    criteria: [],
    findings: [],
    steps: [],
    coverage: { visited: [], notCovered: [input.notCovered] },
    budget: { maxSteps: input.maxSteps, timeoutSec: input.timeoutSec, stoppedBy: 'error' },
    usage: { ...EMPTY_USAGE },
    timings: {
      startedAt: at,
      finishedAt: at,
      totalMs: 0,
      appStartMs: 0,
      browserLaunchMs: 0,
      stepsMs: 0,
      reportMs: 0,
    },
    environment: {
      mode: 'explore',
      url: input.url,
      viewport: input.viewport,
      browser: null,
      node: process.version,
      os: `${os.platform()} ${os.release()}`,
      ci: input.ci,
      pr: input.pr,
      changedFiles: input.changedFiles,
    },
    appLogTail: null,
    files: {
      json: 'report.json',
      markdown: 'report.md',
      html: 'report.html',
      trace: null,
      appLog: null,
      spec: null,
    },
  };
}

/**
 * The action's outputs (action.yml `outputs:`) and the exit status decided by `fail-on`.
 */
import type { Report, Result } from '../contract/index.js';
import type { ActionRuntime } from './runtime.js';

/** Every output of action.yml. action.yml and the README must list the same. */
export const OUTPUT_NAMES = [
  'result',
  'summary',
  'report-path',
  'artifact-id',
  'job-id',
  'cost',
] as const;

/** What the action publishes as outputs. */
export interface ActionOutputs {
  result: Result;
  summary: string;
  reportPath: string;
  artifactId: number | null;
  jobId: string | null;
  costUsd: number | null;
}

/** Sets every output (empty string when a value is unknown, so later steps can test it). */
export function setOutputs(runtime: ActionRuntime, outputs: ActionOutputs): void {
  runtime.setOutput('result', outputs.result);
  runtime.setOutput('summary', outputs.summary);
  runtime.setOutput('report-path', outputs.reportPath);
  runtime.setOutput('artifact-id', outputs.artifactId === null ? '' : String(outputs.artifactId));
  runtime.setOutput('job-id', outputs.jobId ?? '');
  runtime.setOutput('cost', outputs.costUsd === null ? '' : outputs.costUsd.toFixed(4));
}

/** The outputs of a finished report. */
export function outputsOf(
  report: Report,
  reportPath: string,
  artifactId: number | null,
  jobId: string | null,
): ActionOutputs {
  return {
    result: report.result,
    summary: report.summary,
    reportPath,
    artifactId,
    jobId,
    costUsd: report.usage.costUsd,
  };
}

/**
 * Whether the step fails for this result. `fail` (default): a failing or broken run fails the
 * check. `inconclusive`: an inconclusive run fails it too. `never`: report only.
 */
export function shouldFail(result: Result, failOn: 'fail' | 'inconclusive' | 'never'): boolean {
  if (failOn === 'never') return false;
  if (result === 'fail' || result === 'error') return true;
  return failOn === 'inconclusive' && result === 'inconclusive';
}

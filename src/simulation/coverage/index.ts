/**
 * Change coverage for the engine: collect each side's V8 coverage, then measure which of the
 * diff's changed executable lines ran (see change-coverage.ts).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BrowserSession } from '../browser/driver.js';
import type { SideInput } from './change-coverage.js';

export { measureChangeCoverage, type ChangeCoverageInput, type SideInput } from './change-coverage.js';
export { changedLinesFromDiff, type ChangedLines } from './changed-lines.js';
export { prepareNodeCoverage, type NodeCoverage } from './node-coverage.js';
export {
  ChangeProgressTracker,
  type ChangeProgress,
  type ProgressInput,
} from './step-progress.js';

const run = promisify(execFile);

/** Takes the browser's coverage, or says why there is none; never throws. */
export async function takeBrowserCoverage(session: BrowserSession): Promise<SideInput> {
  if (!session.takeCoverage) return { notMeasured: 'this browser driver does not collect coverage' };
  try {
    return { scripts: await session.takeCoverage() };
  } catch (error) {
    return { notMeasured: `reading the browser's coverage failed: ${(error as Error).message}` };
  }
}

/** The repository's top folder (the diff's paths are relative to it); `cwd` outside git. */
export async function repoRootOf(cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd });
    return stdout.trim() || cwd;
  } catch {
    return cwd;
  }
}

/**
 * Change coverage in a few lines for the agent: the count, then each changed function or range
 * that has not run yet, by file. Short on purpose: it goes into the model's context.
 */
import type { ChangeCoverage } from '../../contract/index.js';
import type { ChangeProgress } from './step-progress.js';

/** Ranges listed before "and N more". */
const MAX_RANGES = 12;

/** The agent's view of change coverage; see the module comment. */
export function describeChangeCoverage(coverage: ChangeCoverage): string {
  const { changedLines, ranLines } = coverage.totals;
  if (changedLines === 0) return 'The diff changes no executable line the browser loaded.';
  const lines = [`${ranLines} of ${changedLines} changed executable lines have run.`];
  const missing = coverage.files.flatMap((file) =>
    file.notRun.map((range) => {
      const where = range.start === range.end ? `line ${range.start}` : `lines ${range.start}-${range.end}`;
      const names = range.functions.length > 0 ? ` (in ${range.functions.join(', ')})` : '';
      return `- ${file.path} ${where}${names}`;
    }),
  );
  if (missing.length > 0) {
    lines.push('Not run yet:', ...missing.slice(0, MAX_RANGES));
    if (missing.length > MAX_RANGES) lines.push(`… and ${missing.length - MAX_RANGES} more`);
  }
  if (coverage.functionsNotRun.length > 0) {
    lines.push(`Changed functions never called: ${coverage.functionsNotRun.join(', ')}`);
  }
  return lines.join('\n');
}

/** Changed functions named per observation before "and N more". */
const MAX_FUNCTIONS = 5;

/**
 * The line each agent observation ends with: the changed functions that have not run yet, or
 * null when the diff changes no executable code. Lines not run inside code that did run (a branch
 * not taken) are counted instead of named.
 */
export function describeProgress(progress: ChangeProgress): string | null {
  const { executable, ran, functionsNotRun, unknownFiles } = progress;
  if (executable === 0 && unknownFiles.length === 0) return null;
  const count = `${ran} of ${executable} changed lines ran`;
  const parts: string[] = [];
  if (functionsNotRun.length > 0) {
    const more = functionsNotRun.length - MAX_FUNCTIONS;
    const named = functionsNotRun.slice(0, MAX_FUNCTIONS).join(', ');
    parts.push(`${named}${more > 0 ? ` and ${more} more` : ''}`);
  }
  if (unknownFiles.length > 0) parts.push(`files no page loaded: ${unknownFiles.join(', ')}`);
  if (parts.length === 0) {
    return ran < executable
      ? `Changed code not run yet: ${executable - ran} lines in code that otherwise ran (${count}).`
      : `Changed code not run yet: none (${count}).`;
  }
  return `Changed code not run yet: ${parts.join('; ')} (${count}).`;
}

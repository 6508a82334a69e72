/**
 * Change coverage step by step, for the exploration and the agent: each reading adds what ran
 * since the previous one to what ran before, and says how many of the diff's changed executable
 * lines have run so far and which changed functions have not. Only scripts that hold a changed
 * file are converted (see map-scripts.ts), so a reading costs little; the report's own figures
 * are measured once at the end from the whole session (change-coverage.ts).
 */
import type { ScriptCoverage } from '../browser/driver.js';
import { neverLoaded } from './change-coverage.js';
import { changedLinesFromDiff } from './changed-lines.js';
import type { FileLineCoverage, FunctionSpan } from './istanbul-convert.js';
import { mapScripts, merge } from './map-scripts.js';
import { isCodeFile } from './match-files.js';

/** The browser side's change coverage so far. */
export interface ChangeProgress {
  /**
   * Changed executable lines known so far: in files a page loaded, and in plain JavaScript files
   * no page loaded yet (read from the file).
   */
  executable: number;
  ran: number;
  /** Lines that ran for the first time in this reading. */
  newlyRan: number;
  /** Changed code files whose executable lines are not known (never loaded, not plain JS). */
  unknownFiles: string[];
  /** Changed functions that have not run yet, as `name (file)`, outermost only. */
  functionsNotRun: string[];
}

/** Where the readings come from. */
export interface ProgressInput {
  diff: string;
  repoRoot: string;
  /** What ran since the previous reading. */
  read: () => Promise<ScriptCoverage[]>;
}

/** Accumulates per-step readings of the browser's coverage; see the module comment. */
export class ChangeProgressTracker {
  private readonly changed: Map<string, number[]>;
  private readonly merged = new Map<string, FileLineCoverage>();
  /** Plain JS files no page loaded: their statement lines, read once. */
  private readonly unloaded = new Map<string, FileLineCoverage | null>();
  private ranBefore = 0;
  /** Scripts (URL and text length) that hold no changed file: skipped in later readings. */
  private readonly unrelated = new Set<string>();

  constructor(private readonly input: ProgressInput) {
    const all = changedLinesFromDiff(input.diff);
    this.changed = new Map([...all].filter(([path]) => isCodeFile(path)));
  }

  /** True when the diff changes a code file at all (else there is nothing to steer by). */
  get hasCode(): boolean {
    return this.changed.size > 0;
  }

  /** Takes one reading and returns the progress so far. */
  async next(): Promise<ChangeProgress> {
    const context = { repoRoot: this.input.repoRoot, changed: [...this.changed.keys()] };
    for (const script of await this.input.read()) {
      const key = `${script.url}\n${script.source?.length ?? -1}`;
      if (this.unrelated.has(key)) continue;
      const mapped = await mapScripts([script], context);
      // A script that holds no changed file never will (same URL, same text): not mapped again.
      if (mapped.files.size === 0 && mapped.unmapped.size === 0) this.unrelated.add(key);
      for (const [file, coverage] of mapped.files) merge(this.merged, file, coverage);
    }
    let executable = 0;
    let ran = 0;
    const unknownFiles: string[] = [];
    const functionsNotRun: string[] = [];
    for (const [path, lines] of this.changed) {
      const coverage = this.merged.get(path) ?? (await this.neverLoaded(path));
      if (!coverage) {
        unknownFiles.push(path);
        continue;
      }
      const runnable = lines.filter((line) => coverage.lines.has(line));
      const done = runnable.filter((line) => (coverage.lines.get(line) ?? 0) > 0);
      executable += runnable.length;
      ran += done.length;
      const notRun = runnable.filter((line) => !done.includes(line));
      functionsNotRun.push(...unranAround(coverage.functions, notRun).map((n) => `${n} (${path})`));
    }
    const newlyRan = Math.max(0, ran - this.ranBefore);
    this.ranBefore = ran;
    return { executable, ran, newlyRan, unknownFiles, functionsNotRun };
  }

  private async neverLoaded(path: string): Promise<FileLineCoverage | null> {
    if (!this.unloaded.has(path)) {
      this.unloaded.set(path, await neverLoaded(this.input.repoRoot, path));
    }
    return this.unloaded.get(path) ?? null;
  }
}

/** The outermost functions that never ran and hold one of `lines`, by name. */
function unranAround(functions: readonly FunctionSpan[], lines: readonly number[]): string[] {
  const holds = (fn: FunctionSpan): boolean =>
    lines.some((line) => fn.startLine <= line && line <= fn.endLine);
  const unran = functions.filter((fn) => fn.count === 0 && holds(fn));
  const inside = (inner: FunctionSpan, outer: FunctionSpan): boolean =>
    outer !== inner && outer.startLine <= inner.startLine && inner.endLine <= outer.endLine;
  const names = unran
    .filter((fn) => !unran.some((outer) => inside(fn, outer)))
    .map((fn) => fn.name || '(anonymous)');
  return [...new Set(names)];
}

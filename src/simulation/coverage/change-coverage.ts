/**
 * Change coverage of a session: the diff's changed executable lines, which of them ran in the
 * browser or on the server, the ranges and functions that did not, and whether each side was
 * measured at all. "Not measured" is stated, never counted as "ran".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeCoverage, ChangedFileCoverage, NotRunRange } from '../../contract/index.js';
import type { ScriptCoverage } from '../browser/driver.js';
import { changedLinesFromDiff, headHunksFromDiff, type HeadHunk } from './changed-lines.js';

/** Hunk lines kept per file for the patch view; the rest of a long diff stays in the PR. */
const MAX_HUNK_LINES = 400;
import { toLineCoverage, type FileLineCoverage, type FunctionSpan } from './istanbul-convert.js';
import { isCodeFile } from './match-files.js';
import { mapScripts, merge, type MappedCoverage } from './map-scripts.js';

/** One side's scripts, or why there are none. */
export type SideInput = { scripts: readonly ScriptCoverage[] } | { notMeasured: string };

export interface ChangeCoverageInput {
  diff: string;
  repoRoot: string;
  /** The share (0–1) of changed executable lines that must run for a pass. */
  floor: number;
  browser: SideInput;
  server: SideInput;
  /** Reads a source map a script names by URL (injectable for tests). */
  fetchText?: (url: string) => Promise<string>;
}

/** Measures what of the diff's code ran; see the module comment. */
export async function measureChangeCoverage(input: ChangeCoverageInput): Promise<ChangeCoverage> {
  const changed = changedLinesFromDiff(input.diff);
  const hunks = headHunksFromDiff(input.diff);
  const codeFiles = [...changed.keys()].filter(isCodeFile);
  const context = { repoRoot: input.repoRoot, changed: codeFiles, fetchText: input.fetchText };
  const browser = await mapSide(input.browser, context);
  const server = await mapSide(input.server, context);
  const bothMeasured = 'scripts' in input.browser && 'scripts' in input.server;
  const files: ChangedFileCoverage[] = [];
  const unmapped: ChangeCoverage['unmapped'] = [];
  const functionsNotRun: string[] = [];
  for (const path of codeFiles) {
    const seen = combine(path, browser, server);
    let coverage = seen?.coverage ?? null;
    if (!coverage && bothMeasured) coverage = await neverLoaded(input.repoRoot, path);
    if (!coverage) {
      const why =
        browser?.unmapped.get(path) ??
        server?.unmapped.get(path) ??
        notLoadedReason(input.browser, input.server);
      unmapped.push({ path, reason: why });
      continue;
    }
    const file = fileCoverage(path, seen?.side ?? 'none', changed.get(path) ?? [], coverage);
    if (file.changedLines.length === 0) continue;
    files.push({ ...file, ...capHunks(hunks.get(path) ?? []) });
    functionsNotRun.push(...unranFunctions(file, coverage.functions).map((n) => `${n} (${path})`));
  }
  const changedLines = files.reduce((sum, f) => sum + f.changedLines.length, 0);
  const ranLines = files.reduce((sum, f) => sum + f.ranLines.length, 0);
  return {
    files,
    totals: { changedLines, ranLines },
    functionsNotRun,
    unmapped,
    browser: sideStatus(input.browser),
    server: sideStatus(input.server),
    floor: input.floor,
  };
}

function capHunks(hunks: readonly HeadHunk[]): Pick<ChangedFileCoverage, 'hunks' | 'hunksTruncated'> {
  const kept: HeadHunk[] = [];
  let left = MAX_HUNK_LINES;
  for (const hunk of hunks) {
    if (left <= 0) return { hunks: kept, hunksTruncated: true };
    kept.push({ start: hunk.start, lines: hunk.lines.slice(0, left) });
    left -= hunk.lines.length;
  }
  return left < 0 ? { hunks: kept, hunksTruncated: true } : { hunks: kept };
}

async function mapSide(
  side: SideInput,
  context: Parameters<typeof mapScripts>[1],
): Promise<MappedCoverage | null> {
  return 'scripts' in side ? mapScripts(side.scripts, context) : null;
}

function combine(
  path: string,
  browser: MappedCoverage | null,
  server: MappedCoverage | null,
): { side: ChangedFileCoverage['side']; coverage: FileLineCoverage } | null {
  const inBrowser = browser?.files.get(path);
  const onServer = server?.files.get(path);
  if (!inBrowser && !onServer) return null;
  const merged = new Map<string, FileLineCoverage>();
  if (inBrowser) merge(merged, path, inBrowser);
  if (onServer) merge(merged, path, onServer);
  return { side: inBrowser ? 'browser' : 'server', coverage: merged.get(path)! };
}

/** A code file neither side loaded: its statement lines, none of them run. */
export async function neverLoaded(repoRoot: string, path: string): Promise<FileLineCoverage | null> {
  if (!/\.[cm]?js$/.test(path)) return null;
  let source: string;
  try {
    source = await readFile(join(repoRoot, path), 'utf8');
  } catch {
    return null;
  }
  const nothingRan = [
    {
      functionName: '',
      isBlockCoverage: true,
      ranges: [{ startOffset: 0, endOffset: source.length, count: 0 }],
    },
  ];
  try {
    const files = await toLineCoverage(
      { url: path, source, functions: nothingRan },
      `file:///${path}`,
    );
    return [...files.values()][0] ?? null;
  } catch {
    return null;
  }
}

function fileCoverage(
  path: string,
  side: ChangedFileCoverage['side'],
  changedLines: readonly number[],
  coverage: FileLineCoverage,
): ChangedFileCoverage {
  const executable = changedLines.filter((line) => coverage.lines.has(line));
  const ranLines = executable.filter((line) => (coverage.lines.get(line) ?? 0) > 0);
  const notRun: NotRunRange[] = [];
  let open: NotRunRange | null = null;
  for (const line of executable) {
    if ((coverage.lines.get(line) ?? 0) > 0) {
      open = null;
      continue;
    }
    const name = outermostUnran(coverage.functions, line);
    if (open) {
      open.end = line;
      if (name && !open.functions.includes(name)) open.functions.push(name);
    } else {
      open = { start: line, end: line, functions: name ? [name] : [] };
      notRun.push(open);
    }
  }
  return { path, side, changedLines: executable, ranLines, notRun };
}

/**
 * The name to show for a line that did not run: the largest function around it that never ran
 * (a callback inside an unrun function reads as that function), else the innermost one.
 */
function outermostUnran(functions: readonly FunctionSpan[], line: number): string | undefined {
  const unran = functions.filter((fn) => fn.count === 0 && fn.startLine <= line && line <= fn.endLine);
  unran.sort((a, b) => b.endLine - b.startLine - (a.endLine - a.startLine));
  return (unran[0] ?? innermost(functions, line))?.name;
}

/** The smallest function whose span holds `line`. */
function innermost(functions: readonly FunctionSpan[], line: number): FunctionSpan | undefined {
  let best: FunctionSpan | undefined;
  for (const fn of functions) {
    if (fn.startLine > line || fn.endLine < line) continue;
    if (!best || fn.endLine - fn.startLine < best.endLine - best.startLine) best = fn;
  }
  return best;
}

/** The functions that hold changed executable lines and never ran, outermost first. */
function unranFunctions(file: ChangedFileCoverage, functions: readonly FunctionSpan[]): string[] {
  const unran = functions.filter(
    (fn) => fn.count === 0 && file.changedLines.some((l) => fn.startLine <= l && l <= fn.endLine),
  );
  // Name the outermost: a callback inside a function that never ran is part of it.
  return unran
    .filter((fn) => !unran.some((outer) => outer !== fn && contains(outer, fn)))
    .map((fn) => fn.name);
}

function contains(outer: FunctionSpan, inner: FunctionSpan): boolean {
  return outer.startLine <= inner.startLine && inner.endLine <= outer.endLine;
}

function sideStatus(side: SideInput): ChangeCoverage['browser'] {
  return 'scripts' in side ? { measured: true } : { measured: false, reason: side.notMeasured };
}

function notLoadedReason(browser: SideInput, server: SideInput): string {
  if (!('scripts' in browser)) return `the browser side was not measured: ${browser.notMeasured}`;
  if (!('scripts' in server)) {
    return `not loaded by any page; the server side was not measured (${server.notMeasured})`;
  }
  return 'not loaded by any page or by the server';
}

/**
 * The one module that imports `ast-v8-to-istanbul` and `acorn`: V8's byte-range coverage of one
 * script becomes, per original source file (through the script's source map when it has one),
 * the lines holding statements with their run counts, and the functions with their line spans.
 * Working from the parsed code is what makes "executable" precise: comments, blank lines,
 * type-only lines (absent from the generated code) and markup hold no statement.
 */
import { parse, type Options as AcornOptions } from 'acorn';
import { convert } from 'ast-v8-to-istanbul';
import type { ScriptCoverage } from '../browser/driver.js';

/** An encoded source map (version 3). */
export interface RawSourceMap {
  version: number;
  sources: (string | null)[];
  mappings: string;
  names?: string[];
  sourcesContent?: (string | null)[];
  sourceRoot?: string;
  file?: string;
}

/** A function of a source file: its name, the lines it spans, and how often it ran. */
export interface FunctionSpan {
  name: string;
  startLine: number;
  endLine: number;
  count: number;
}

/** What ran in one source file: run count per statement line, and its functions. */
export interface FileLineCoverage {
  /** Line (1-based) → the highest run count of a statement starting on it. */
  lines: Map<number, number>;
  functions: FunctionSpan[];
}

/**
 * Converts one script's coverage. Keys of the answer are the script's `url` when it has no
 * source map, else the map's sources resolved against the url's folder (the caller normalizes
 * them). Throws when the script cannot be parsed as JavaScript.
 */
export async function toLineCoverage(
  script: ScriptCoverage & { source: string },
  url: string,
  sourceMap?: RawSourceMap,
): Promise<Map<string, FileLineCoverage>> {
  const data = await convert({
    code: script.source,
    coverage: { url, functions: script.functions },
    ast: parseScript(script.source) as never,
    ...(sourceMap ? { sourceMap: sourceMap as never } : {}),
  });
  const files = new Map<string, FileLineCoverage>();
  for (const [path, raw] of Object.entries(data)) {
    const file = ('data' in raw ? raw.data : raw) as IstanbulFile;
    files.set(path, fromIstanbul(file));
  }
  return files;
}

interface IstanbulRange {
  start: { line: number };
  end: { line: number };
}

interface IstanbulFile {
  statementMap: Record<string, IstanbulRange>;
  s: Record<string, number>;
  fnMap: Record<string, { name: string; loc: IstanbulRange; decl: IstanbulRange }>;
  f: Record<string, number>;
}

function fromIstanbul(file: IstanbulFile): FileLineCoverage {
  const lines = new Map<number, number>();
  for (const [id, range] of Object.entries(file.statementMap)) {
    const count = file.s[id] ?? 0;
    const line = range.start.line;
    lines.set(line, Math.max(lines.get(line) ?? 0, count));
  }
  const functions = Object.entries(file.fnMap).map(([id, fn]) => ({
    name: fn.name,
    startLine: fn.decl.start.line,
    endLine: fn.loc.end.line,
    count: file.f[id] ?? 0,
  }));
  return { lines, functions };
}

/** Parses as a classic script first (what a `<script>` tag runs), then as a module. */
function parseScript(code: string): unknown {
  const base: AcornOptions = {
    ecmaVersion: 'latest',
    allowHashBang: true,
    allowReturnOutsideFunction: true,
  };
  try {
    return parse(code, { ...base, sourceType: 'script' });
  } catch {
    return parse(code, { ...base, sourceType: 'module' });
  }
}

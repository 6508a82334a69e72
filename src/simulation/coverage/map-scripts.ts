/**
 * V8 script coverage → line coverage of the changed repository files. A script served as a file
 * maps by its URL path (when what was served is that file's text); a built or transformed script
 * maps through its source map. Scripts that touch no changed file are not converted at all.
 */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScriptCoverage } from '../browser/driver.js';
import { toLineCoverage, type FileLineCoverage, type RawSourceMap } from './istanbul-convert.js';
import { fileForSourcePath, fileForUrlPath, sourceToPath } from './match-files.js';
import { loadSourceMap } from './source-maps.js';

/** Line coverage per changed file, and what could not be mapped (file → why). */
export interface MappedCoverage {
  files: Map<string, FileLineCoverage>;
  unmapped: Map<string, string>;
}

/** Where the scripts came from and what they are compared with. */
export interface MapContext {
  repoRoot: string;
  /** Changed code files (repository paths). */
  changed: readonly string[];
  /** Reads a source map a script names by URL (injectable for tests). */
  fetchText?: (url: string) => Promise<string>;
}

/** A changed file's text by its repository path (null when it cannot be read). */
type FileReader = (file: string) => Promise<string | null>;

/** Maps every script's coverage onto the changed files, merging repeated loads of one file. */
export async function mapScripts(
  scripts: readonly ScriptCoverage[],
  context: MapContext,
): Promise<MappedCoverage> {
  const mapped: MappedCoverage = { files: new Map(), unmapped: new Map() };
  // Every page load of a script is an entry of its own: its file is read once for all of them.
  const texts = new Map<string, Promise<string | null>>();
  const read = (file: string) => {
    let text = texts.get(file);
    if (!text) texts.set(file, (text = readText(join(context.repoRoot, file))));
    return text;
  };
  // Per-step readings repeat each script: one that holds no changed file is looked at once.
  const unrelated = new Set<string>();
  for (const script of scripts) {
    if (!script.source || !/^(?:https?|file):/.test(script.url)) continue;
    const key = `${script.url}\n${script.source.length}`;
    if (unrelated.has(key)) continue;
    try {
      const touched = await mapScript({ ...script, source: script.source }, { ...context, read }, mapped);
      if (!touched) unrelated.add(key);
    } catch (error) {
      const file = directFile(script.url, context);
      if (file) mapped.unmapped.set(file, `${script.url}: ${(error as Error).message}`);
    }
  }
  for (const file of mapped.files.keys()) mapped.unmapped.delete(file);
  return mapped;
}

/** Maps one script; false when it holds no changed file (nothing recorded). */
async function mapScript(
  script: ScriptCoverage & { source: string },
  context: MapContext & { read: FileReader },
  mapped: MappedCoverage,
): Promise<boolean> {
  const pathname = new URL(script.url).pathname;
  const direct = directFile(script.url, context) ?? (await servedCopyOf(script, context));
  if (direct && (await context.read(direct)) === script.source) {
    const files = await toLineCoverage(script, pathToFileURL(`/${direct}`).href);
    for (const coverage of files.values()) merge(mapped.files, direct, coverage);
    return true;
  }
  const map = await loadSourceMap(script.source, script.url, context.fetchText);
  if (!map) {
    if (direct) {
      mapped.unmapped.set(direct, `${script.url} differs from the file and has no source map`);
    }
    return direct !== null;
  }
  const sources = map.sources.map((s) => (s === null ? null : sourceToPath(s, script.url, map.sourceRoot)));
  const wanted = sources.map((p) => (p ? fileForSourcePath(p, context.repoRoot, context.changed) : null));
  if (!wanted.some(Boolean)) return false;
  const normalized: RawSourceMap = {
    ...map,
    sourceRoot: undefined,
    sources: sources.map((p) => (p ? pathToFileURL(p).href : null)),
  };
  const files = await toLineCoverage(script, pathToFileURL(pathname).href, normalized);
  for (const [path, coverage] of files) {
    const file = fileForSourcePath(path, context.repoRoot, context.changed);
    if (file) merge(mapped.files, file, coverage);
  }
  return true;
}

/** The changed file a script's URL names: by URL path (served) or by file path (Node). */
function directFile(url: string, context: MapContext): string | null {
  if (url.startsWith('file:')) {
    return fileForSourcePath(fileURLToPath(url), context.repoRoot, context.changed);
  }
  return fileForUrlPath(new URL(url).pathname, context.changed);
}

/**
 * The changed file a script is a byte-for-byte copy of, among those of its file name: a static
 * server often mounts a folder under another prefix (`public/app.js` served as `/static/app.js`),
 * which the URL path alone cannot tell.
 */
async function servedCopyOf(
  script: ScriptCoverage & { source: string },
  context: MapContext & { read: FileReader },
): Promise<string | null> {
  if (script.url.startsWith('file:')) return null;
  const name = posix.basename(new URL(script.url).pathname);
  for (const file of context.changed) {
    if (posix.basename(file) !== name) continue;
    if ((await context.read(file)) === script.source) return file;
  }
  return null;
}

/** Adds one load's coverage of a file to what earlier loads (other pages) recorded. */
export function merge(
  into: Map<string, FileLineCoverage>,
  file: string,
  coverage: FileLineCoverage,
): void {
  const known = into.get(file);
  if (!known) {
    into.set(file, { lines: new Map(coverage.lines), functions: [...coverage.functions] });
    return;
  }
  for (const [line, count] of coverage.lines) {
    known.lines.set(line, Math.max(known.lines.get(line) ?? 0, count));
  }
  for (const fn of coverage.functions) {
    const same = known.functions.find(
      (f) => f.name === fn.name && f.startLine === fn.startLine && f.endLine === fn.endLine,
    );
    if (same) same.count = Math.max(same.count, fn.count);
    else known.functions.push({ ...fn });
  }
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

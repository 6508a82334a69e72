/**
 * Stack frames → the original files they ran from. A bundle puts a library and the app's own
 * code in one script, so the script's URL cannot say who wrote a line; its source map can
 * (`node_modules/react-dom/…` or `src/App.jsx`). Each script and its map are read once per run.
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { StackFrame } from '../browser/driver.js';
import { loadSourceMap } from '../coverage/source-maps.js';

/** Reads a script's (or a map's) text by URL. */
export type FetchText = (url: string) => Promise<string>;

/** A script's map, null when it names none; throws when it names one that cannot be read. */
type MapLoad = Promise<TraceMap | null>;

/** Resolves frames through their scripts' source maps, caching each script's map. */
export class FrameSources {
  private readonly maps = new Map<string, MapLoad>();

  constructor(private readonly fetchText: FetchText = fetchScript) {}

  /**
   * Sets `source` on every frame whose script serves a source map (or `sourceMapError` when the
   * map it names cannot be read). Frames of scripts without a map are left as they are: their
   * URL is their file.
   */
  async resolve(frames: readonly StackFrame[]): Promise<void> {
    for (const frame of frames) {
      let map: TraceMap | null;
      try {
        map = await this.mapOf(frame.url);
      } catch (error) {
        frame.sourceMapError = (error as Error).message;
        continue;
      }
      if (!map) continue;
      const position = originalPositionFor(map, { line: frame.line, column: frame.column - 1 });
      if (position.source) frame.source = position.source;
    }
  }

  private mapOf(url: string): MapLoad {
    let map = this.maps.get(url);
    if (!map) {
      map = this.load(url);
      this.maps.set(url, map);
    }
    return map;
  }

  private async load(url: string): MapLoad {
    const source = await this.fetchText(url);
    const raw = await loadSourceMap(source, url, this.fetchText);
    // Sources resolve against the script's URL, so `../node_modules/x.js` keeps its folder.
    return raw ? new TraceMap(raw as ConstructorParameters<typeof TraceMap>[0], url) : null;
  }
}

async function fetchScript(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

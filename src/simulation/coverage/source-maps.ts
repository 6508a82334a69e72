/**
 * A script's source map: inline (`data:` URL, what dev servers such as Vite serve) or a file next
 * to the script (what bundlers write), found by the script's last `sourceMappingURL` comment.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RawSourceMap } from './istanbul-convert.js';

const MAP_COMMENT = /[#@]\s*sourceMappingURL=(\S+)\s*(?:\*\/)?\s*$/;

/** The map's URL as the script names it (absolute), or null when it names none. */
export function sourceMapUrl(source: string, scriptUrl: string): string | null {
  const tail = source.slice(-4096).trimEnd().split('\n').at(-1) ?? '';
  const match = MAP_COMMENT.exec(tail);
  if (!match?.[1]) return null;
  try {
    return new URL(match[1], scriptUrl).toString();
  } catch {
    return null;
  }
}

/**
 * Loads the map a script names; null when it names none. Throws, naming the map, when it is
 * named but cannot be read: a map that failed to load is not the same as no map.
 */
export async function loadSourceMap(
  source: string,
  scriptUrl: string,
  fetchText: (url: string) => Promise<string> = fetchMap,
): Promise<RawSourceMap | null> {
  const url = sourceMapUrl(source, scriptUrl);
  if (!url) return null;
  const text = url.startsWith('data:') ? decodeDataUrl(url) : await fetchText(url);
  let map: RawSourceMap;
  try {
    map = JSON.parse(text) as RawSourceMap;
  } catch {
    throw new Error(`the source map ${shortUrl(url)} is not JSON`);
  }
  if (!Array.isArray(map.sources) || typeof map.mappings !== 'string') {
    throw new Error(`the source map ${shortUrl(url)} has no sources or mappings`);
  }
  return map;
}

function decodeDataUrl(url: string): string {
  const comma = url.indexOf(',');
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  return meta.endsWith(';base64')
    ? Buffer.from(body, 'base64').toString('utf8')
    : decodeURIComponent(body);
}

async function fetchMap(url: string): Promise<string> {
  // A Node module's map sits next to it on disk.
  if (url.startsWith('file:')) return readFile(fileURLToPath(url), 'utf8');
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`the source map ${url} answered ${response.status}`);
  return response.text();
}

function shortUrl(url: string): string {
  return url.startsWith('data:') ? '(inline)' : url;
}

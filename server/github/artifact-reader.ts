/**
 * Reads `report.json` out of a run's artifact zip without trusting the zip: anyone can make
 * their own repo's workflow upload a zip bomb. The zip is fed to a streaming reader in small
 * slices (so one slice inflates to a bounded amount), only `report.json` entries are inflated,
 * the inflated size and the number of entries are capped, the whole read has a time budget, and
 * the event loop gets a turn between slices so the server keeps answering meanwhile. Beside
 * it, the few small pictures the action writes under `previews/` (the deciding ones, the
 * before/after of the first visual changes) are kept, each capped.
 */
import { Unzip, UnzipInflate, strFromU8, type UnzipFile } from 'fflate';
import { REPORT_FILE } from '../../src/contract/index.js';
import { formatBytes } from '../../src/report/format.js';

/** Limits on an artifact the server reads. */
export interface ArtifactLimits {
  /** Largest artifact zip downloaded (GitHub's `size_in_bytes`, then the bytes received). */
  maxZipBytes: number;
  /** Most entries read from the zip's directory. */
  maxEntries: number;
  /** Largest inflated `report.json`. */
  maxReportBytes: number;
  /** Wall-clock budget for reading the zip. */
  timeBudgetMs: number;
}

export const DEFAULT_ARTIFACT_LIMITS: ArtifactLimits = {
  maxZipBytes: 64 * 1024 * 1024,
  maxEntries: 10_000,
  maxReportBytes: 8 * 1024 * 1024,
  timeBudgetMs: 10_000,
};

/** The artifact breaks a limit; the message says which, for the job's failure reason. */
export class ArtifactLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactLimitError';
  }
}

/** Compressed bytes fed per slice: a DEFLATE slice inflates to at most ~1032× its size. */
const SLICE = 256;
/** The event loop gets a turn at least this often while the zip is read. */
const YIELD_EVERY_MS = 3;

interface Found {
  depth: number;
  chunks: Uint8Array[];
}

/** The deciding pictures the report lists (`previews/1.jpg` …), read beside it. */
const PREVIEW_ENTRY = /^previews\/[1-3]\.jpg$/;
/** The before/after pictures of the first visual changes (`previews/visual-1-before.jpg` …). */
const VISUAL_PREVIEW_ENTRY = /^previews\/visual-[1-3]-(?:before|after)\.jpg$/;
/** Largest preview read: the action writes them well under this. */
export const MAX_PREVIEW_BYTES = 300 * 1024;
/** Largest before/after picture read (the action writes them under 64 KiB). */
export const MAX_VISUAL_PREVIEW_BYTES = 64 * 1024;

/** What the server keeps of an artifact: `report.json`'s text and the small deciding pictures. */
export interface ArtifactContent {
  report: string | null;
  /** JPEG bytes by their path in the zip; a picture over its cap is skipped. */
  previews: Map<string, Uint8Array>;
}

/** `report.json` at the root of the zip, else the shallowest one; null when there is none. */
export async function readReportFromZip(
  zip: Uint8Array,
  limits: ArtifactLimits = DEFAULT_ARTIFACT_LIMITS,
): Promise<string | null> {
  return (await readArtifactContent(zip, limits)).report;
}

/** `report.json` (as {@link readReportFromZip} finds it) and the previews at the zip's root. */
export async function readArtifactContent(
  zip: Uint8Array,
  limits: ArtifactLimits = DEFAULT_ARTIFACT_LIMITS,
): Promise<ArtifactContent> {
  const started = Date.now();
  const found: Found[] = [];
  const previews = new Map<string, Uint8Array>();
  let failure: Error | null = null;
  let entries = 0;
  const unzip = new Unzip((file) => {
    entries += 1;
    if (entries > limits.maxEntries) {
      failure ??= new ArtifactLimitError(
        `The report artifact holds more than ${limits.maxEntries} files; the server does not read it.`,
      );
      return;
    }
    const cap = PREVIEW_ENTRY.test(file.name)
      ? MAX_PREVIEW_BYTES
      : VISUAL_PREVIEW_ENTRY.test(file.name)
        ? MAX_VISUAL_PREVIEW_BYTES
        : 0;
    if (cap > 0) {
      readPreview(file, cap, (data) => previews.set(file.name, data));
      return;
    }
    if (file.name !== REPORT_FILE && !file.name.endsWith(`/${REPORT_FILE}`)) return;
    const entry: Found = { depth: file.name.split('/').length, chunks: [] };
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = error;
        return;
      }
      size += chunk.length;
      if (size > limits.maxReportBytes) {
        failure = new ArtifactLimitError(
          `${file.name} in the report artifact inflates to more than ${formatBytes(limits.maxReportBytes)}; the server does not read it.`,
        );
        file.terminate();
        return;
      }
      entry.chunks.push(chunk);
      if (final) found.push(entry);
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  let yielded = Date.now();
  for (let offset = 0; offset < zip.length && !failure; offset += SLICE) {
    unzip.push(zip.subarray(offset, offset + SLICE), offset + SLICE >= zip.length);
    const now = Date.now();
    if (now - started > limits.timeBudgetMs) {
      failure = new ArtifactLimitError(
        `Reading the report artifact took more than ${limits.timeBudgetMs / 1000} s; the server gave up.`,
      );
    } else if (now - yielded >= YIELD_EVERY_MS) {
      // Let the server answer other requests between slices.
      await new Promise((resolve) => setImmediate(resolve));
      yielded = Date.now();
    }
  }
  if (failure) throw failure;
  const best = found.sort((a, b) => a.depth - b.depth)[0];
  return { report: best ? strFromU8(concat(best.chunks)) : null, previews };
}

/** Inflates one preview, dropping it (not failing the read) past `cap` bytes. */
function readPreview(file: UnzipFile, cap: number, done: (data: Uint8Array) => void): void {
  const chunks: Uint8Array[] = [];
  let size = 0;
  file.ondata = (error, chunk, final) => {
    if (error || size < 0) return;
    size += chunk.length;
    if (size > cap) {
      size = -1;
      file.terminate();
      return;
    }
    chunks.push(chunk);
    if (final) done(concat(chunks));
  };
  file.start();
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

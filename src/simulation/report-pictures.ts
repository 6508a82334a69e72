/**
 * Which pictures `report.html` carries inline, at what size, and which deciding pictures go
 * beside the report for a chat client. The page must stay one file a phone opens (see
 * {@link MAX_INLINE_BYTES}); when every picture at full width would not fit, all of them get
 * smaller together, and only past the smallest size are the least telling ones left to the zip.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../contract/index.js';
import { countsAgainstPr } from '../report/verdict.js';
import { pictureSize } from '../report/html-target.js';
import { compactPng, pngToJpeg, type PictureSize } from './picture.js';

/** Base64 bytes of inline pictures the page may hold: the page stays under 5 MB with its text. */
export const MAX_INLINE_BYTES = 4_400_000;

/** Sizes tried in turn until every picture fits; the first is a desktop shot at full width. */
export const INLINE_SIZES: readonly PictureSize[] = [
  { maxWidth: 1280, quality: 72 },
  { maxWidth: 1024, quality: 62 },
  { maxWidth: 800, quality: 55 },
];

/** Size of the pictures a chat client is handed, and the most bytes one may weigh. */
const PREVIEW_SIZE: PictureSize = { maxWidth: 800, quality: 70 };
const MAX_PREVIEW_BYTES = 250_000;

/** What the page carries. */
export interface InlinePictures {
  /** A `data:` URL (the PNG as it is, or its JPEG) by the picture's path in the report folder. */
  images: Record<string, string>;
  /** Pictures left to the zip to keep the page under its bound, most telling first. */
  omitted: string[];
  /** Widest the inlined pictures are (px), for the page to say. */
  maxWidth: number;
  /**
   * Each inlined picture's own size (px), by path: a step's target box is in the screenshot's
   * pixels, and the JPEG that replaces it may be scaled down.
   */
  sizes: Record<string, { width: number; height: number }>;
}

/** Every picture the report shows, most telling first: visual changes, failing steps, the rest. */
export function picturePaths(report: Report): string[] {
  const visual = (report.comparison?.visual ?? []).flatMap((v) => [v.diff, v.before, v.after]);
  const stepsWithFindings = new Set(report.findings.map((f) => f.step));
  const telling = report.steps.filter(
    (s) => s.outcome === 'error' || stepsWithFindings.has(s.index),
  );
  const ordered = [
    ...visual,
    ...telling.map((s) => s.screenshot),
    ...report.steps.map((s) => s.screenshot),
  ];
  return [...new Set(ordered.filter((p): p is string => typeof p === 'string'))];
}

/** Reads and re-encodes the pictures of `report` from `outDir` within the page's bound. */
export async function inlinePictures(report: Report, outDir: string): Promise<InlinePictures> {
  const sources = new Map<string, Buffer>();
  for (const path of picturePaths(report)) {
    try {
      sources.set(path, await readFile(join(outDir, path)));
    } catch {
      // A missing screenshot (browser died mid-step) must not cost the rest of the report.
    }
  }
  const size = sizeThatFits(sources);
  const encoded = encodeAll(sources, size);
  const images: Record<string, string> = {};
  const omitted: string[] = [];
  let used = 0;
  for (const [path, url] of encoded) {
    if (used + url.length > MAX_INLINE_BYTES) {
      omitted.push(path);
      continue;
    }
    images[path] = url;
    used += url.length;
  }
  const sizes: InlinePictures['sizes'] = {};
  for (const path of Object.keys(images)) {
    const found = pictureSize(sources.get(path)!);
    if (found) sizes[path] = found;
  }
  return { images, omitted, maxWidth: size.maxWidth, sizes };
}

/** Pictures sampled to pick a size: encoding is slow in pure JS, so every picture is encoded once. */
const SAMPLE = 3;

/**
 * The first size at which the pictures, judged by a few of them, fit the page's bound (with a
 * margin, as the sample may be lighter than the rest); the smallest size when none does.
 */
function sizeThatFits(sources: Map<string, Buffer>): PictureSize {
  const sample = new Map([...sources].slice(0, SAMPLE));
  for (const size of INLINE_SIZES) {
    if (sample.size === 0) return size;
    const each = total(encodeAll(sample, size)) / sample.size;
    if (each * sources.size <= MAX_INLINE_BYTES * 0.85) return size;
  }
  return INLINE_SIZES.at(-1)!;
}

/**
 * Pictures already encoded in this process, by content hash and size: a compared run writes its
 * report twice (before and after the comparison), and encoding in pure JS is the slow part.
 */
const encodedCache = new Map<string, string | null>();
const MAX_CACHED = 200;

function encodeAll(sources: Map<string, Buffer>, size: PictureSize): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, bytes] of sources) {
    const key = `${createHash('sha1').update(bytes).digest('hex')}:${path.slice(-5)}:${size.maxWidth}:${size.quality}`;
    let url = encodedCache.get(key);
    if (url === undefined) {
      url = toDataUrl(path, bytes, size);
      if (encodedCache.size >= MAX_CACHED) encodedCache.clear();
      encodedCache.set(key, url);
    }
    if (url) out.set(path, url);
  }
  return out;
}

function toDataUrl(path: string, bytes: Buffer, size: PictureSize): string | null {
  if (!/\.png$/i.test(path)) {
    // Already compressed (a JPEG or WebP picture): kept as it is.
    const mime = /\.jpe?g$/i.test(path)
      ? 'image/jpeg'
      : /\.webp$/i.test(path)
        ? 'image/webp'
        : null;
    return mime ? `data:${mime};base64,${bytes.toString('base64')}` : null;
  }
  try {
    const picture = compactPng(bytes, size);
    return `data:${picture.mime};base64,${picture.data.toString('base64')}`;
  } catch {
    return null; // not a readable PNG: shown as missing rather than breaking the report
  }
}

function total(encoded: Map<string, string>): number {
  let sum = 0;
  for (const url of encoded.values()) sum += url.length;
  return sum;
}

/** A deciding picture written beside the report, for a chat client to show. */
export interface Preview {
  /** The JPEG, relative to the report folder. */
  path: string;
  /** The picture it was made from (a step screenshot or a visual difference). */
  source: string;
  caption: string;
  step: number | null;
}

/**
 * The pictures that decided the verdict: the screenshot of the step where the first finding
 * that fails the PR was seen (or the first step that broke, or a failed criterion's evidence),
 * and, when a visual change on that step or an unexpected one was found, its difference and
 * its before picture. At most three.
 */
export function decidingPictures(report: Report): Omit<Preview, 'path'>[] {
  const strict = report.comparison?.failOnPreexisting ?? false;
  const finding = report.findings.find((f) => f.step !== null && countsAgainstPr(f, strict));
  const broken = report.steps.find((s) => s.outcome === 'error');
  const criterion = report.criteria.find((c) => c.status === 'fail' && c.evidence.length > 0);
  const stepIndex = finding?.step ?? broken?.index ?? criterion?.evidence[0]?.step ?? null;
  const step = report.steps.find((s) => s.index === stepIndex);
  const out: Omit<Preview, 'path'>[] = [];
  if (step?.screenshot && report.result !== 'pass') {
    out.push({
      source: step.screenshot,
      caption: `Screenshot after step ${step.index}: ${finding?.title ?? step.description}`,
      step: step.index,
    });
  }
  const visual = report.comparison?.visual ?? [];
  const change = visual.find((v) => v.step === stepIndex) ?? visual.find((v) => !v.expected);
  if (change) {
    out.push({
      source: change.diff,
      caption: `Visual difference on ${change.page} at step ${change.step} (changed pixels in red)`,
      step: change.step,
    });
    out.push({
      source: change.before,
      caption: `Before (base) of ${change.page}`,
      step: change.step,
    });
  }
  return out.slice(0, 3);
}

/** Writes the deciding pictures as small JPEGs under `previews/`; returns those written. */
export async function writePreviews(
  report: Report,
  outDir: string,
  write: (path: string, data: Buffer) => Promise<void>,
): Promise<Preview[]> {
  const written: Preview[] = [];
  for (const [i, picture] of decidingPictures(report).entries()) {
    try {
      const png = await readFile(join(outDir, picture.source));
      let jpeg = pngToJpeg(png, PREVIEW_SIZE).jpeg;
      if (jpeg.length > MAX_PREVIEW_BYTES)
        jpeg = pngToJpeg(png, { maxWidth: 480, quality: 55 }).jpeg;
      if (jpeg.length > MAX_PREVIEW_BYTES) continue;
      const path = `previews/${i + 1}.jpg`;
      await write(path, jpeg);
      written.push({ path, ...picture });
    } catch {
      // The picture is missing or unreadable: the chat gets the others and the report's text.
    }
  }
  return written;
}

/** Size of the before/after pictures a chat client's card shows, and the most one may weigh. */
const VISUAL_PREVIEW_SIZES: readonly PictureSize[] = [
  { maxWidth: 480, quality: 60 },
  { maxWidth: 320, quality: 50 },
];
export const MAX_VISUAL_PREVIEW_BYTES = 64 * 1024;
/** Visual changes that get pictures for the card: the first ones, as the report lists them. */
const VISUAL_PREVIEWS = 3;

/** The before/after pictures written for one visual change (paths relative to the report). */
export interface VisualPreview {
  change: number;
  before: string | null;
  after: string | null;
}

/** `png` as a JPEG under {@link MAX_VISUAL_PREVIEW_BYTES}, or null when it cannot be. */
async function smallJpeg(file: string): Promise<Buffer | null> {
  try {
    const png = await readFile(file);
    for (const size of VISUAL_PREVIEW_SIZES) {
      const { jpeg } = pngToJpeg(png, size);
      if (jpeg.length <= MAX_VISUAL_PREVIEW_BYTES) return jpeg;
    }
  } catch {
    // Missing or unreadable: that side has no picture, the card still names the page.
  }
  return null;
}

/**
 * Writes small before/after JPEGs of the first visual changes under `previews/`, for a chat
 * client's card to show beside the page's name; returns what was written, change by change.
 */
export async function writeVisualPreviews(
  report: Report,
  outDir: string,
  write: (path: string, data: Buffer) => Promise<void>,
): Promise<VisualPreview[]> {
  const out: VisualPreview[] = [];
  const changes = (report.comparison?.visual ?? []).slice(0, VISUAL_PREVIEWS);
  for (const [change, visual] of changes.entries()) {
    const written: VisualPreview = { change, before: null, after: null };
    for (const side of ['before', 'after'] as const) {
      const jpeg = await smallJpeg(join(outDir, visual[side]));
      if (!jpeg) continue;
      const path = `previews/visual-${change + 1}-${side}.jpg`;
      await write(path, jpeg);
      written[side] = path;
    }
    if (written.before || written.after) out.push(written);
  }
  return out;
}

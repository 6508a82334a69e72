/**
 * The one file that compares pixels (pixelmatch) and writes the difference as a PNG (pngjs).
 * Anti-aliased pixels are detected and ignored, so a font rendered a hair differently is not a
 * visual change. Screenshots are JPEGs from the same encoder on both sides: the same rendering
 * gives the same bytes, and a change spreads at most to the 16-pixel blocks around it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { decodePicture, type Pixels } from '../picture.js';

/** How two screenshots differ. */
export interface ImageDiff {
  /** Pixels that differ (anti-aliasing ignored), counted over the larger of the two sizes. */
  pixels: number;
  /** `pixels` over the compared area, 0..1. */
  ratio: number;
}

/**
 * Compares two screenshots (PNG or JPEG); when they differ by at least `minRatio`, writes the difference image
 * (changed pixels red over a faded copy) to `diffPath`. Byte-identical files are not decoded.
 * Images of different sizes are compared on the larger canvas, the missing part counted as
 * changed.
 */
export async function diffImages(
  beforePath: string,
  afterPath: string,
  diffPath: string,
  minRatio: number,
): Promise<ImageDiff> {
  const [beforeBytes, afterBytes] = await Promise.all([readFile(beforePath), readFile(afterPath)]);
  if (beforeBytes.equals(afterBytes)) return { pixels: 0, ratio: 0 };
  const before = decodePicture(beforeBytes);
  const after = decodePicture(afterBytes);
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const output = new PNG({ width, height });
  const pixels = pixelmatch(
    onCanvas(before, width, height),
    onCanvas(after, width, height),
    output.data,
    width,
    height,
    { threshold: 0.1, includeAA: false },
  );
  const ratio = width * height ? pixels / (width * height) : 0;
  if (ratio >= minRatio) await writeFile(diffPath, PNG.sync.write(output));
  return { pixels, ratio };
}

/** The image's pixels on a transparent canvas of the given size. */
function onCanvas(image: Pixels, width: number, height: number): Uint8Array {
  if (image.width === width && image.height === height) return image.data;
  const canvas = new Uint8Array(width * height * 4);
  const row = image.width * 4;
  for (let y = 0; y < image.height; y += 1) {
    canvas.set(image.data.subarray(y * row, (y + 1) * row), y * width * 4);
  }
  return canvas;
}

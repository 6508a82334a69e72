/**
 * The one file that reads PNGs and compares pixels (pngjs + pixelmatch). Anti-aliased pixels are
 * detected and ignored, so a font rendered a hair differently is not a visual change.
 */
import { readFile, writeFile } from 'node:fs/promises';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** How two screenshots differ. */
export interface ImageDiff {
  /** Pixels that differ (anti-aliasing ignored), counted over the larger of the two sizes. */
  pixels: number;
  /** `pixels` over the compared area, 0..1. */
  ratio: number;
}

/**
 * Compares two PNG files and writes the difference image (changed pixels red over a faded
 * copy of the head's screenshot). Images of different sizes are compared on the larger canvas,
 * the missing part counted as changed.
 */
export async function diffImages(
  beforePath: string,
  afterPath: string,
  diffPath: string,
): Promise<ImageDiff> {
  const [before, after] = await Promise.all([readPng(beforePath), readPng(afterPath)]);
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const a = onCanvas(before, width, height);
  const b = onCanvas(after, width, height);
  const output = new PNG({ width, height });
  const pixels = pixelmatch(a, b, output.data, width, height, { threshold: 0.1, includeAA: false });
  await writeFile(diffPath, PNG.sync.write(output));
  return { pixels, ratio: width * height ? pixels / (width * height) : 0 };
}

async function readPng(path: string): Promise<PNG> {
  return PNG.sync.read(await readFile(path));
}

/** The image's pixels on a transparent canvas of the given size. */
function onCanvas(image: PNG, width: number, height: number): Uint8Array {
  if (image.width === width && image.height === height) return image.data;
  const canvas = new PNG({ width, height, fill: true });
  canvas.data.fill(0);
  PNG.bitblt(image, canvas, 0, 0, image.width, image.height, 0, 0);
  return canvas.data;
}

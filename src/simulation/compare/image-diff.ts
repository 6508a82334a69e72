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
 * Compares two PNG files; when they differ by at least `minRatio`, writes the difference image
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
  const before = PNG.sync.read(beforeBytes);
  const after = PNG.sync.read(afterBytes);
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
function onCanvas(image: PNG, width: number, height: number): Uint8Array {
  if (image.width === width && image.height === height) return image.data;
  const canvas = new PNG({ width, height, fill: true });
  canvas.data.fill(0);
  PNG.bitblt(image, canvas, 0, 0, image.width, image.height, 0, 0);
  return canvas.data;
}

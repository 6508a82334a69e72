/**
 * The one file that re-encodes screenshots for people to read (pngjs + jpeg-js): a 1280×800 PNG
 * of a page weighs 100–400 KB, the same picture as a JPEG a reader cannot tell apart weighs a
 * fraction of that, which is what lets `report.html` carry every picture inline and stay small
 * enough to open on a phone. The full-size PNGs stay in the artifact zip.
 */
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

/** How to re-encode: the widest the picture may be, and the JPEG quality (1–100). */
export interface PictureSize {
  maxWidth: number;
  quality: number;
}

/** A re-encoded picture. */
export interface Picture {
  jpeg: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes a PNG, scales it down to `maxWidth` (never up; each target pixel is the mean of the
 * source pixels it covers), lays it on white (JPEG has no transparency) and encodes a JPEG.
 */
export function pngToJpeg(png: Uint8Array, size: PictureSize): Picture {
  const source = PNG.sync.read(Buffer.from(png));
  const scale = Math.min(1, size.maxWidth / source.width);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const data = downscale(source.data, source.width, source.height, width, height);
  const encoded = encodeJpeg({ data, width, height }, size.quality);
  return { jpeg: Buffer.from(encoded.data), width, height };
}

/** RGBA pixels scaled by area averaging and composited on white. */
function downscale(
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  width: number,
  height: number,
): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  const fx = srcWidth / width;
  const fy = srcHeight / height;
  for (let y = 0; y < height; y += 1) {
    const y0 = Math.floor(y * fy);
    const y1 = Math.max(y0 + 1, Math.min(srcHeight, Math.floor((y + 1) * fy)));
    for (let x = 0; x < width; x += 1) {
      const x0 = Math.floor(x * fx);
      const x1 = Math.max(x0 + 1, Math.min(srcWidth, Math.floor((x + 1) * fx)));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let sy = y0; sy < y1; sy += 1) {
        for (let sx = x0; sx < x1; sx += 1) {
          const at = (sy * srcWidth + sx) * 4;
          const alpha = src[at + 3]! / 255;
          // On white: what the page looked like where a diff image left pixels transparent.
          r += src[at]! * alpha + 255 * (1 - alpha);
          g += src[at + 1]! * alpha + 255 * (1 - alpha);
          b += src[at + 2]! * alpha + 255 * (1 - alpha);
          n += 1;
        }
      }
      const to = (y * width + x) * 4;
      out[to] = r / n;
      out[to + 1] = g / n;
      out[to + 2] = b / n;
      out[to + 3] = 255;
    }
  }
  return out;
}

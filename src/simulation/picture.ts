/**
 * The one file that re-encodes screenshots for people to read (pngjs + jpeg-js). A heavy PNG (a
 * photo, a gradient: 100–400 KB at 1280×800) becomes a JPEG a reader cannot tell apart at a
 * fraction of its bytes, which lets `report.html` carry every picture inline and stay small
 * enough to open on a phone. Re-encoding in pure JS costs about 0.15–0.3 s a picture, so a PNG
 * that is already compact (a flat app page's weighs about what its JPEG would) is carried as it
 * is. The full-size PNGs stay in the artifact zip.
 */
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { pictureSize } from '../report/html-target.js';

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

/** A PNG up to this size is carried as it is: its JPEG would save little and cost the most time. */
export const AS_IS_PNG_BYTES = 120_000;

/** A picture ready to be carried inline. */
export interface CompactPicture {
  data: Buffer;
  mime: 'image/png' | 'image/jpeg';
}

/**
 * The PNG itself when it is no wider than `size.maxWidth` and at most {@link AS_IS_PNG_BYTES};
 * otherwise its JPEG (see {@link pngToJpeg}).
 */
export function compactPng(png: Uint8Array, size: PictureSize): CompactPicture {
  const known = png.length <= AS_IS_PNG_BYTES ? pictureSize(png) : null;
  if (known && known.width <= size.maxWidth) return { data: Buffer.from(png), mime: 'image/png' };
  return { data: pngToJpeg(png, size).jpeg, mime: 'image/jpeg' };
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

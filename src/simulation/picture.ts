/**
 * The one file that decodes and re-encodes pictures (pngjs + jpeg-js). Step screenshots are PNGs
 * (a visual comparison needs exact pixels); a page people read carries them inline. Decoding and
 * re-encoding in pure JS costs about 0.15–0.3 s a picture, so a picture that is already compact
 * (a flat app page's PNG weighs about what its JPEG would) is handed on as it is, and only a heavy
 * one (a photo, a gradient, a page that must shrink to fit its bound) becomes a JPEG.
 */
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { pictureSize } from '../report/html-target.js';

/** How to re-encode: the widest the picture may be, and the JPEG quality (1–100). */
export interface PictureSize {
  maxWidth: number;
  quality: number;
}

/** A JPEG picture. */
export interface Picture {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** RGBA pixels of a decoded picture. */
export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Whether the bytes are a JPEG (SOI marker). */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Decodes a PNG or a JPEG to RGBA pixels; throws on anything else. */
export function decodePicture(bytes: Uint8Array): Pixels {
  if (isJpeg(bytes)) {
    const image = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true });
    return { data: image.data, width: image.width, height: image.height };
  }
  const image = PNG.sync.read(Buffer.from(bytes));
  return { data: image.data, width: image.width, height: image.height };
}

/** A PNG up to this size is carried as it is: its JPEG would save little and cost the most time. */
export const AS_IS_PNG_BYTES = 120_000;

/** A picture ready to be carried inline. */
export interface CompactPicture {
  data: Buffer;
  mime: 'image/png' | 'image/jpeg';
}

/**
 * The picture itself when it is no wider than `size.maxWidth` and already compact (a JPEG, or a
 * PNG of at most {@link AS_IS_PNG_BYTES}); otherwise its JPEG (see {@link toJpeg}).
 */
export function compactPicture(bytes: Uint8Array, size: PictureSize): CompactPicture {
  const png = !isJpeg(bytes) && bytes.length <= AS_IS_PNG_BYTES;
  const known = isJpeg(bytes) || png ? pictureSize(bytes) : null;
  if (known && known.width <= size.maxWidth) {
    return { data: Buffer.from(bytes), mime: png ? 'image/png' : 'image/jpeg' };
  }
  return { data: toJpeg(bytes, size).jpeg, mime: 'image/jpeg' };
}

/**
 * The picture as a JPEG no wider than `size.maxWidth`. A JPEG that is already narrow enough is
 * returned as it is (re-encoding would cost time and sharpness for no bytes worth having);
 * anything else is decoded, scaled down (never up; each target pixel is the mean of the source
 * pixels it covers), laid on white (JPEG has no transparency) and encoded.
 */
export function toJpeg(bytes: Uint8Array, size: PictureSize): Picture {
  const known = isJpeg(bytes) ? pictureSize(bytes) : null;
  if (known && known.width <= size.maxWidth) return { jpeg: Buffer.from(bytes), ...known };
  const source = decodePicture(bytes);
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

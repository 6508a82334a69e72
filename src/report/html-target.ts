/**
 * The outline over a step's screenshot that marks the element the step acted on. The screenshot
 * already carries a tint, baked into its pixels, but a tint is faint on some colours; the outline
 * is drawn by the page (an absolutely positioned box, no script: the report's CSP allows none),
 * placed in percentages of the image so it follows the image at any width.
 */
import { imageSize } from 'image-size';
import type { Step } from '../contract/index.js';

/** Base64 characters decoded to find a size: a JPEG's frame header comes after its tables. */
const HEADER_CHARS = 16_384;

/**
 * Width and height of a base64 (or `data:` URL) PNG or JPEG from its header; null when it is
 * neither or the header is cut. atob, not Buffer: the report is also rendered where Node's Buffer
 * may be missing.
 */
export function imageSizeOf(base64: string | undefined): { width: number; height: number } | null {
  if (!base64) return null;
  const data = base64.replace(/^data:image\/[a-z]+;base64,/, '').replace(/\s+/g, '');
  try {
    const head = atob(data.slice(0, HEADER_CHARS));
    return pictureSize(Uint8Array.from(head, (c) => c.charCodeAt(0)));
  } catch {
    return null; // not base64
  }
}

/** Width and height of a PNG or JPEG from its header, without decoding it; null when unknown. */
export function pictureSize(bytes: Uint8Array): { width: number; height: number } | null {
  try {
    const { width, height } = imageSize(bytes);
    return width > 0 && height > 0 ? { width, height } : null;
  } catch {
    return null; // not a picture, or its header lies past the bytes given
  }
}

/**
 * The outline element, or '' when the step has no target or the image size is unknown. `size` is
 * the screenshot's own size when `image` is a re-encoded (possibly smaller) copy of it.
 */
export function targetOutline(
  step: Step,
  image: string | undefined,
  size: { width: number; height: number } | null = imageSizeOf(image),
): string {
  const box = step.target;
  if (!box || !size) return '';
  // Clip to the image: a box partly scrolled out of a viewport shot is outlined where it shows.
  const left = clamp(box.x, size.width);
  const top = clamp(box.y, size.height);
  const right = clamp(box.x + box.width, size.width);
  const bottom = clamp(box.y + box.height, size.height);
  if (right <= left || bottom <= top) return '';
  const pct = (value: number, of: number) => `${((value / of) * 100).toFixed(3)}%`;
  const style = [
    `left:${pct(left, size.width)}`,
    `top:${pct(top, size.height)}`,
    `width:${pct(right - left, size.width)}`,
    `height:${pct(bottom - top, size.height)}`,
  ].join(';');
  return `<span class="acted-on" style="${style}" title="The element this step acted on"></span>`;
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}

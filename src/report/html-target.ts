/**
 * The outline over a step's screenshot that marks the element the step acted on. The screenshot
 * already carries a tint, baked into its pixels, but a tint is faint on some colours; the outline
 * is drawn by the page (an absolutely positioned box, no script: the report's CSP allows none),
 * placed in percentages of the image so it follows the image at any width.
 */
import type { Step } from '../contract/index.js';

/** Width and height of a base64 PNG, from its IHDR chunk; null when it is not a PNG. */
export function pngSize(base64: string | undefined): { width: number; height: number } | null {
  if (!base64) return null;
  const data = base64.replace(/^data:image\/png;base64,/, '').replace(/\s+/g, '');
  // Signature (8 bytes), chunk length (4), "IHDR" (4), width (4), height (4): 24 bytes = 32 chars.
  // atob, not Buffer: the report is also rendered where Node's Buffer may be missing.
  let head: string;
  try {
    head = atob(data.slice(0, 32));
  } catch {
    return null;
  }
  if (head.length < 24 || head.slice(12, 16) !== 'IHDR') return null;
  const u32 = (at: number) =>
    ((head.charCodeAt(at) << 24) >>> 0) +
    (head.charCodeAt(at + 1) << 16) +
    (head.charCodeAt(at + 2) << 8) +
    head.charCodeAt(at + 3);
  const width = u32(16);
  const height = u32(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * The outline element, or '' when the step has no target or the image size is unknown. `size` is
 * the screenshot's own size when `image` is a re-encoded (possibly smaller) copy of it.
 */
export function targetOutline(
  step: Step,
  image: string | undefined,
  size: { width: number; height: number } | null = pngSize(image),
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

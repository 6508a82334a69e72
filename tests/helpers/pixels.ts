/**
 * Telling two pictures apart by what a person sees: each image's mean colour on a coarse grid,
 * so a downscaled JPEG of a screenshot stays close to its PNG and far from another page's.
 */

/** Decoded RGBA pixels (pngjs and jpeg-js both give this shape). */
export type Pixels = { width: number; height: number; data: Uint8Array };

/** An image's mean colour in each cell of a `cols`×`rows` grid (RGB). */
function cells(image: Pixels, cols: number, rows: number): number[] {
  const out: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    for (let col = 0; col < cols; col += 1) {
      const sum = [0, 0, 0];
      let n = 0;
      const [x0, x1] = [col, col + 1].map((c) => Math.floor((c * image.width) / cols));
      const [y0, y1] = [row, row + 1].map((r) => Math.floor((r * image.height) / rows));
      for (let y = y0!; y < y1!; y += 1) {
        for (let x = x0!; x < x1!; x += 1) {
          const at = (y * image.width + x) * 4;
          for (let k = 0; k < 3; k += 1) sum[k]! += image.data[at + k]!;
          n += 1;
        }
      }
      out.push(...sum.map((v) => v / n));
    }
  }
  return out;
}

/** Mean absolute difference of two images' colours on a 16×10 grid, 0–255. */
export function distance(a: Pixels, b: Pixels): number {
  const [x, y] = [cells(a, 16, 10), cells(b, 16, 10)];
  return x.reduce((sum, v, i) => sum + Math.abs(v - y[i]!), 0) / x.length;
}

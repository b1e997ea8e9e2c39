import { readFile } from 'node:fs/promises';
import { decodePng, type Region, type Rgb } from './png.ts';

/** Pixels within `tolerance` (per channel) of each colour, inside a region of a screenshot. */
export async function countColors(
  pngPath: string,
  region: Region,
  colors: Record<string, Rgb>,
  tolerance = 24,
): Promise<Record<string, number>> {
  const image = decodePng(await readFile(pngPath));
  const counts = Object.fromEntries(Object.keys(colors).map((k) => [k, 0]));
  const x0 = Math.max(0, Math.floor(region.x));
  const y0 = Math.max(0, Math.floor(region.y));
  const x1 = Math.min(image.width, Math.floor(region.x + region.width));
  const y1 = Math.min(image.height, Math.floor(region.y + region.height));
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      const r = image.data[i]!;
      const g = image.data[i + 1]!;
      const b = image.data[i + 2]!;
      for (const [name, [cr, cg, cb]] of Object.entries(colors))
        if (
          Math.abs(r - cr) <= tolerance &&
          Math.abs(g - cg) <= tolerance &&
          Math.abs(b - cb) <= tolerance
        )
          counts[name]! += 1;
    }
  return counts;
}

// Minimal PNG decoder for screenshots (8-bit, non-interlaced greyscale/RGB/RGBA, as Chromium
// writes them) and pixel statistics, so that tests can check that a canvas really drew.
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  data: Uint8Array;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Rgb = readonly [number, number, number];

export interface PixelStats {
  /** Pixels in the (clipped) region. */
  pixels: number;
  /** Number of distinct RGB colours. */
  distinctColors: number;
  /** The background colour: the one given, or else the most frequent colour. */
  background: Rgb;
  /** Pixels differing from the background by more than the tolerance on some channel. */
  nonBackground: number;
  /** nonBackground / pixels (0 for an empty region). */
  nonBackgroundRatio: number;
}

export interface PixelStatsOptions {
  /** Background colour; defaults to the most frequent colour of the region. */
  background?: Rgb;
  /** Per-channel difference (0–255) still counted as background. Default 8. */
  tolerance?: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

export function decodePng(png: Uint8Array): RgbaImage {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('decodePng: not a PNG');
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  for (let offset = 8; offset + 8 <= buf.length;) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const chunk = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      const bitDepth = chunk[8];
      colorType = chunk[9] ?? -1;
      const interlace = chunk[12];
      if (bitDepth !== 8 || interlace !== 0 || CHANNELS[colorType] === undefined) {
        throw new Error(
          `decodePng: unsupported PNG (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`,
        );
      }
    } else if (type === 'IDAT') {
      idat.push(chunk);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (channels === undefined || width === 0) throw new Error('decodePng: missing IHDR');

  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i] ?? 0;
      const a = i >= channels ? (pixels[dst + i - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[dst - stride + i] ?? 0) : 0;
      const c = y > 0 && i >= channels ? (pixels[dst - stride + i - channels] ?? 0) : 0;
      let value: number;
      switch (filter) {
        case 0:
          value = x;
          break;
        case 1:
          value = x + a;
          break;
        case 2:
          value = x + b;
          break;
        case 3:
          value = x + ((a + b) >> 1);
          break;
        case 4:
          value = x + paeth(a, b, c);
          break;
        default:
          throw new Error(`decodePng: bad filter ${filter} in row ${y}`);
      }
      pixels[dst + i] = value & 0xff;
    }
  }

  if (channels === 4) return { width, height, data: pixels };
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    const grey = channels <= 2;
    data[p * 4] = pixels[s] ?? 0;
    data[p * 4 + 1] = (grey ? pixels[s] : pixels[s + 1]) ?? 0;
    data[p * 4 + 2] = (grey ? pixels[s] : pixels[s + 2]) ?? 0;
    data[p * 4 + 3] = channels === 2 ? (pixels[s + 1] ?? 255) : 255;
  }
  return { width, height, data };
}

/** Colour statistics of a region (default: the whole image) of a decoded image. */
export function pixelStats(
  image: RgbaImage,
  region?: Region,
  options: PixelStatsOptions = {},
): PixelStats {
  const x0 = Math.max(0, Math.floor(region?.x ?? 0));
  const y0 = Math.max(0, Math.floor(region?.y ?? 0));
  const x1 = Math.min(image.width, Math.floor((region?.x ?? 0) + (region?.width ?? image.width)));
  const y1 = Math.min(
    image.height,
    Math.floor((region?.y ?? 0) + (region?.height ?? image.height)),
  );
  const counts = new Map<number, number>();
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      const rgb =
        ((image.data[i] ?? 0) << 16) | ((image.data[i + 1] ?? 0) << 8) | (image.data[i + 2] ?? 0);
      counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
    }
  }
  const pixels = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  let background = options.background;
  if (!background) {
    let best = 0;
    let bestCount = -1;
    for (const [rgb, count] of counts) {
      if (count > bestCount) [best, bestCount] = [rgb, count];
    }
    background = [(best >> 16) & 0xff, (best >> 8) & 0xff, best & 0xff];
  }
  const tolerance = options.tolerance ?? 8;
  const [br, bg, bb] = background;
  let nonBackground = 0;
  for (const [rgb, count] of counts) {
    const differs =
      Math.abs(((rgb >> 16) & 0xff) - br) > tolerance ||
      Math.abs(((rgb >> 8) & 0xff) - bg) > tolerance ||
      Math.abs((rgb & 0xff) - bb) > tolerance;
    if (differs) nonBackground += count;
  }
  return {
    pixels,
    distinctColors: counts.size,
    background,
    nonBackground,
    nonBackgroundRatio: pixels === 0 ? 0 : nonBackground / pixels,
  };
}

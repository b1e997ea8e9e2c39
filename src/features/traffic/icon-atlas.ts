// The intersections' shapes as an icon atlas drawn in code (no image file, no canvas API, so the
// same pixels in a test): white shapes on transparent, tinted by deck.gl's IconLayer (`mask`).
// ● running, ▲ manual, ◆ flashing, ■ with "!" fault, dashed ○ offline; hollow ○ △ ◇ for a running
// controller whose log is incomplete (docs/VISUAL: stale is the hollow of its shape).

export const ICON_PX = 64;
export const ICONS = [
  'circle',
  'triangle',
  'diamond',
  'fault',
  'offline',
  'circle-hollow',
  'triangle-hollow',
  'diamond-hollow',
] as const;
export type IconName = (typeof ICONS)[number];

type Shape = (x: number, y: number) => boolean;

// Shapes in unit coordinates: x, y in [-1, 1], y down.
const circle: Shape = (x, y) => x * x + y * y <= 0.88 * 0.88;
const ring =
  (inner: number): Shape =>
  (x, y) => {
    const r2 = x * x + y * y;
    return r2 <= 0.88 * 0.88 && r2 >= inner * inner;
  };
const edge = (ax: number, ay: number, bx: number, by: number, x: number, y: number) =>
  (bx - ax) * (y - ay) - (by - ay) * (x - ax);
const triangleOf =
  (scale: number): Shape =>
  (x, y) => {
    // Upward, centred on its centroid.
    const cy = 0.12;
    const p = [
      [0, -0.95 * scale + cy],
      [0.95 * scale, 0.7 * scale + cy],
      [-0.95 * scale, 0.7 * scale + cy],
    ] as const;
    const e0 = edge(p[0][0], p[0][1], p[1][0], p[1][1], x, y);
    const e1 = edge(p[1][0], p[1][1], p[2][0], p[2][1], x, y);
    const e2 = edge(p[2][0], p[2][1], p[0][0], p[0][1], x, y);
    return (e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0);
  };
const triangle = triangleOf(1);
const diamondOf =
  (r: number): Shape =>
  (x, y) =>
    Math.abs(x) + Math.abs(y) <= r;
const fault: Shape = (x, y) => {
  if (Math.abs(x) > 0.84 || Math.abs(y) > 0.84) return false;
  const bar = Math.abs(x) <= 0.15 && y >= -0.6 && y <= 0.2;
  const dot = Math.abs(x) <= 0.15 && y >= 0.36 && y <= 0.62;
  return !bar && !dot;
};
const offline: Shape = (x, y) => {
  if (!ring(0.56)(x, y)) return false;
  const angle = Math.atan2(y, x) + Math.PI;
  return Math.floor(angle / (Math.PI / 6)) % 2 === 0;
};

const SHAPES: Readonly<Record<IconName, Shape>> = {
  circle,
  triangle,
  diamond: diamondOf(0.95),
  fault,
  offline,
  'circle-hollow': ring(0.5),
  'triangle-hollow': (x, y) => triangle(x, y) && !triangleOf(0.45)(x, y),
  'diamond-hollow': (x, y) => diamondOf(0.95)(x, y) && !diamondOf(0.48)(x, y),
};

export interface IconAtlas {
  width: number;
  height: number;
  /** RGBA, white with the shape's coverage as alpha. */
  data: Uint8ClampedArray;
  mapping: Record<IconName, { x: number; y: number; width: number; height: number; mask: true }>;
}

/** Draws every icon side by side, 4×4 samples per pixel for smooth edges. */
export function drawIconAtlas(px = ICON_PX): IconAtlas {
  const width = px * ICONS.length;
  const height = px;
  const data = new Uint8ClampedArray(width * height * 4);
  const S = 4;
  const mapping = {} as IconAtlas['mapping'];
  ICONS.forEach((name, k) => {
    const shape = SHAPES[name];
    mapping[name] = { x: k * px, y: 0, width: px, height: px, mask: true };
    for (let py = 0; py < px; py += 1)
      for (let pxi = 0; pxi < px; pxi += 1) {
        let hits = 0;
        for (let sy = 0; sy < S; sy += 1)
          for (let sx = 0; sx < S; sx += 1) {
            const x = ((pxi + (sx + 0.5) / S) / px) * 2 - 1;
            const y = ((py + (sy + 0.5) / S) / px) * 2 - 1;
            if (shape(x, y)) hits += 1;
          }
        const o = (py * width + k * px + pxi) * 4;
        data[o] = 255;
        data[o + 1] = 255;
        data[o + 2] = 255;
        data[o + 3] = Math.round((255 * hits) / (S * S));
      }
  });
  return { width, height, data, mapping };
}

/** The icon of a controller: its state's shape, hollow when its log is incomplete. */
export function iconOf(state: number, incomplete: boolean): IconName {
  switch (state) {
    case 1:
      return incomplete ? 'triangle-hollow' : 'triangle';
    case 2:
      return incomplete ? 'diamond-hollow' : 'diamond';
    case 3:
      return 'fault';
    case 4:
      return 'offline';
    default:
      return incomplete ? 'circle-hollow' : 'circle';
  }
}

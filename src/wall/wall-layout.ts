// The wall's geometry, pure: which layout a screen is, how big a design unit is in real pixels,
// how large the smallest text must be for the farthest viewer, where the seams are.

/** A wall layout: a grid of 16:9 modules rendered at the device's real pixels. */
export interface WallLayout {
  id: '1080p' | '4k' | '5760x1080' | '7680x2160';
  width: number;
  height: number;
  /** Modules across and down; each is 1920×1080 design units. */
  cols: number;
  rows: number;
  /** Real pixels per design unit (du = 1/1920 of a module's width). */
  du: number;
}

export const WALL_LAYOUTS: readonly WallLayout[] = [
  { id: '1080p', width: 1920, height: 1080, cols: 1, rows: 1, du: 1 },
  { id: '4k', width: 3840, height: 2160, cols: 1, rows: 1, du: 2 },
  { id: '5760x1080', width: 5760, height: 1080, cols: 3, rows: 1, du: 1 },
  { id: '7680x2160', width: 7680, height: 2160, cols: 4, rows: 2, du: 1 },
];

/**
 * A module's width in metres when the configuration does not say: a 3×3 wall of 55″ panels
 * (docs/VISUAL.md: 3.6 m, 1.875 mm per pixel at 1080p).
 */
export const MODULE_WIDTH_M = 3.6;

/**
 * The layout asked for (`?layout=`), or the one whose pixel size is nearest the window's (by
 * aspect first, then by size).
 */
export function chooseLayout(param: string | null, width: number, height: number): WallLayout {
  const named = WALL_LAYOUTS.find((l) => l.id === param);
  if (named) return named;
  const aspect = width / Math.max(1, height);
  return [...WALL_LAYOUTS].sort(
    (a, b) =>
      Math.abs(Math.log(a.width / a.height / aspect)) -
        Math.abs(Math.log(b.width / b.height / aspect)) ||
      Math.abs(a.width - width) - Math.abs(b.width - width),
  )[0]!;
}

/** The wall ramp in design units (docs/VISUAL.md §2): never smaller than `unit`. */
export const WALL_RAMP = {
  unit: 14,
  body: 16,
  title: 20,
  kpi: 28,
  kpiLarge: 44,
  hero: 72,
  screen: 40,
} as const;

/**
 * The smallest font size, in real pixels, the farthest viewer reads, on a wall `widthM` wide
 * shown with `pixelsWide` pixels: its cap height (≈ 0.72 em) is at least D/200, about 17.2
 * arc-minutes, above the 16′ of ISO 9241-3 and NUREG-0700; an ideograph (≈ 0.9 em) then
 * subtends about 21′, the size Chinese text asks for. Never under 12 physical pixels.
 */
export function minFontPx(distanceM: number, widthM: number, pixelsWide: number): number {
  const pitchMm = (widthM * 1000) / pixelsWide;
  const capMm = (distanceM * 1000) / 200;
  return Math.max(12, Math.ceil(capMm / 0.72 / pitchMm - 1e-9));
}

/** The angle, in arc-minutes, the cap height of a font of `px` pixels subtends at `distanceM`. */
export function capArcMinutes(px: number, distanceM: number, widthM: number, pixelsWide: number) {
  const capMm = px * 0.72 * ((widthM * 1000) / pixelsWide);
  return ((2 * Math.atan(capMm / 2 / (distanceM * 1000)) * 180) / Math.PI) * 60;
}

/**
 * How much the ramp scales so that its smallest step (`unit` design units at `du` pixels) is at
 * least the minimum font size for the distance: 1 when it already is (never smaller than the
 * design), more for a wall read from farther than its modules are wide.
 */
export function typeScale(layout: WallLayout, distanceM: number, widthM?: number): number {
  const width = widthM ?? MODULE_WIDTH_M * layout.cols;
  const min = minFontPx(distanceM, width, layout.width);
  return Math.max(1, min / (WALL_RAMP.unit * layout.du));
}

/** Positions of the seams between modules, in real pixels (x of vertical seams, y of horizontal). */
export function seams(layout: WallLayout): { x: number[]; y: number[] } {
  const mw = layout.width / layout.cols;
  const mh = layout.height / layout.rows;
  return {
    x: Array.from({ length: layout.cols - 1 }, (_, i) => Math.round(mw * (i + 1))),
    y: Array.from({ length: layout.rows - 1 }, (_, i) => Math.round(mh * (i + 1))),
  };
}

/**
 * Which part of the logical wall a window shows: `?tile=2/4` is the second of four outputs side
 * by side (or `2/4x2`: four across, two down, numbered row by row). Null: the whole wall.
 */
export function tileRect(
  param: string | null,
  layout: WallLayout,
): { x: number; y: number; width: number; height: number } | null {
  const m = param ? /^(\d+)\/(\d+)(?:x(\d+))?$/.exec(param) : null;
  if (!m) return null;
  const index = Number(m[1]);
  const across = Number(m[2]);
  const down = Number(m[3] ?? '1');
  if (!(across >= 1 && down >= 1 && index >= 1 && index <= across * down)) return null;
  const width = layout.width / across;
  const height = layout.height / down;
  const col = (index - 1) % across;
  const row = Math.floor((index - 1) / across);
  return { x: Math.round(col * width), y: Math.round(row * height), width, height };
}

/** Whether a local time "HH:MM" (now, in minutes since midnight) falls in a window that may wrap midnight. */
export function inWindow(minutes: number, from: string, to: string): boolean {
  const parse = (t: string) => {
    const [h, m] = t.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  const a = parse(from);
  const b = parse(to);
  return a <= b ? minutes >= a && minutes < b : minutes >= a || minutes < b;
}

/** Burn-in care: the wall moves one real pixel every five minutes around a square of ±4 px. */
export const ORBIT_STEP_MS = 5 * 60_000;

/** The orbit's offset at real time `ms`, in real pixels: the same in every window of the wall. */
export function orbitAt(ms: number): [number, number] {
  const k = ((Math.floor(ms / ORBIT_STEP_MS) % 32) + 32) % 32;
  const side = Math.floor(k / 8);
  const t = k % 8;
  if (side === 0) return [-4 + t, -4];
  if (side === 1) return [4, -4 + t];
  if (side === 2) return [4 - t, 4];
  return [-4, 4 - t];
}

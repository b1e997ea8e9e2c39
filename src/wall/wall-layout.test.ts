import { describe, expect, it } from 'vitest';
import {
  capArcMinutes,
  chooseLayout,
  inWindow,
  minFontPx,
  orbitAt,
  ORBIT_STEP_MS,
  seams,
  tileRect,
  typeScale,
  WALL_LAYOUTS,
} from './wall-layout';

const layout = (id: string) => WALL_LAYOUTS.find((l) => l.id === id)!;

describe('wall layouts', () => {
  it('takes the layout asked for, else the nearest to the window by aspect then size', () => {
    expect(chooseLayout('5760x1080', 100, 100).id).toBe('5760x1080');
    expect(chooseLayout(null, 1920, 1080).id).toBe('1080p');
    expect(chooseLayout(null, 3840, 2160).id).toBe('4k');
    expect(chooseLayout(null, 2560, 1440).id).toBe('1080p');
    expect(chooseLayout(null, 5760, 1080).id).toBe('5760x1080');
    expect(chooseLayout(null, 7680, 2160).id).toBe('7680x2160');
    expect(chooseLayout('nonsense', 3700, 2100).id).toBe('4k');
  });

  it('puts seams between modules only', () => {
    expect(seams(layout('1080p'))).toEqual({ x: [], y: [] });
    expect(seams(layout('5760x1080'))).toEqual({ x: [1920, 3840], y: [] });
    expect(seams(layout('7680x2160'))).toEqual({ x: [1920, 3840, 5760], y: [1080] });
  });
});

describe('type from viewing distance', () => {
  it('gives a cap height of D/200 (a 3.6 m wall at 1080p and 4K)', () => {
    // Pitch 1.875 mm at 1080p: 6 m → cap 30 mm → em 41.7 mm → 23 px; 10 m → 38; at 4K
    // (0.9375 mm): 6 m → 45. 3 m would be 12 (the floor).
    expect(minFontPx(3, 3.6, 1920)).toBe(12);
    expect(minFontPx(6, 3.6, 1920)).toBe(23);
    expect(minFontPx(10, 3.6, 1920)).toBe(38);
    expect(minFontPx(6, 3.6, 3840)).toBe(45);
    // Never under 12 physical pixels (CJK strokes).
    expect(minFontPx(0.5, 3.6, 1920)).toBe(12);
  });

  it('gives text of at least 16 arc-minutes at the configured distance', () => {
    for (const d of [3, 5, 8, 10])
      for (const l of WALL_LAYOUTS) {
        const width = 3.6 * l.cols;
        const px = minFontPx(d, width, l.width);
        expect(capArcMinutes(px, d, width, l.width)).toBeGreaterThanOrEqual(16);
        // The rule of thumb: cap height about 1/200 of the distance.
        expect(px * 0.72 * ((width * 1000) / l.width)).toBeGreaterThanOrEqual((d * 1000) / 200);
      }
  });

  it('scales the ramp up only, so its smallest step meets the minimum', () => {
    // 1080p, 3.6 m, 5 m: min 19 px against a 14-px unit → ×1.36.
    expect(typeScale(layout('1080p'), 5)).toBeCloseTo(19 / 14, 5);
    // Close viewers never shrink the design.
    expect(typeScale(layout('1080p'), 1)).toBe(1);
    // 4K draws the design at 2 px per unit: the same wall needs the same physical size.
    expect(typeScale(layout('4k'), 5) * 14 * 2).toBeGreaterThanOrEqual(minFontPx(5, 3.6, 3840));
  });
});

describe('tiles and times', () => {
  it('cuts the logical wall into one rectangle per output', () => {
    const wide = layout('5760x1080');
    expect(tileRect('2/3', wide)).toEqual({ x: 1920, y: 0, width: 1920, height: 1080 });
    expect(tileRect('4/2x2', layout('7680x2160'))).toEqual({
      x: 3840,
      y: 1080,
      width: 3840,
      height: 1080,
    });
    for (const bad of [null, '', '0/3', '4/3', 'a/b', '1/0'])
      expect(tileRect(bad, wide)).toBeNull();
  });

  it('knows night windows that wrap midnight', () => {
    expect(inWindow(23 * 60, '22:00', '07:00')).toBe(true);
    expect(inWindow(6 * 60 + 59, '22:00', '07:00')).toBe(true);
    expect(inWindow(7 * 60, '22:00', '07:00')).toBe(false);
    expect(inWindow(12 * 60, '09:00', '17:00')).toBe(true);
  });
});

describe('burn-in orbit', () => {
  it('moves one pixel every five minutes, never more than 4 px from the centre, and comes back', () => {
    const seen: [number, number][] = [];
    for (let k = 0; k < 64; k += 1) seen.push(orbitAt(k * ORBIT_STEP_MS + 1000));
    for (let k = 1; k < seen.length; k += 1) {
      const [x0, y0] = seen[k - 1]!;
      const [x1, y1] = seen[k]!;
      expect(Math.abs(x1 - x0) + Math.abs(y1 - y0)).toBe(1);
    }
    expect(Math.max(...seen.flat().map(Math.abs))).toBe(4);
    expect(seen[32]).toEqual(seen[0]);
    // Within a step it stands still: every window of the wall agrees.
    expect(orbitAt(ORBIT_STEP_MS * 3 + 10)).toEqual(orbitAt(ORBIT_STEP_MS * 4 - 10));
  });
});

import { getResolution, isValidCell, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '@/domain/common';
import { cellCentre, cellOf, cellPolygon, GRID_RESOLUTION, isGridCell } from './cells';

const gulou: LngLat = [119.296, 26.08];

describe('grid cells', () => {
  it('puts a point into its resolution-9 H3 cell (lng/lat order respected)', () => {
    const cell = cellOf(gulou);
    expect(GRID_RESOLUTION).toBe(9);
    expect(isValidCell(cell)).toBe(true);
    expect(getResolution(cell)).toBe(9);
    expect(cell).toBe(latLngToCell(gulou[1], gulou[0], 9));
    // Swapped coordinates would land somewhere else entirely.
    expect(cell).not.toBe(latLngToCell(gulou[0] - 90, gulou[1], 9));
  });

  it('recognises grid cells only', () => {
    const cell = cellOf(gulou);
    expect(isGridCell(cell)).toBe(true);
    expect(isGridCell('350102')).toBe(false);
    expect(isGridCell('350102001001')).toBe(false);
    expect(isGridCell(latLngToCell(gulou[1], gulou[0], 7))).toBe(false);
    expect(isGridCell(latLngToCell(gulou[1], gulou[0], 10))).toBe(false);
    expect(isGridCell('')).toBe(false);
  });

  it('has its centre near the point and inside the same cell', () => {
    const cell = cellOf(gulou);
    const centre = cellCentre(cell);
    expect(cellOf(centre)).toBe(cell);
    // A res-9 cell is ~350 m across: the centre is within ~0.005° of any point in it.
    expect(Math.abs(centre[0] - gulou[0])).toBeLessThan(0.005);
    expect(Math.abs(centre[1] - gulou[1])).toBeLessThan(0.005);
  });

  it('outlines a cell with a closed [lng, lat] ring around the centre', () => {
    const cell = cellOf(gulou);
    const ring = cellPolygon(cell);
    expect(ring.length).toBeGreaterThanOrEqual(7); // 6 vertices (a pentagon has 5) + closing point
    expect(ring[ring.length - 1]).toEqual(ring[0]);
    const centre = cellCentre(cell);
    for (const [lng, lat] of ring) {
      expect(Math.abs(lng - centre[0])).toBeLessThan(0.01);
      expect(Math.abs(lat - centre[1])).toBeLessThan(0.01);
    }
    const lngs = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    expect(Math.min(...lngs)).toBeLessThan(centre[0]);
    expect(Math.max(...lngs)).toBeGreaterThan(centre[0]);
    expect(Math.min(...lats)).toBeLessThan(centre[1]);
    expect(Math.max(...lats)).toBeGreaterThan(centre[1]);
  });
});

import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import {
  buildCube,
  HotspotGrid,
  stepIndex,
  stepStart,
  timeSteps,
  windowSteps,
  type DetectionLike,
} from './hotspot-cube';

const MIN = 60_000;
const HOUR = 60 * MIN;
// 10:10 in Fuzhou (UTC+8) on a Thursday; the city's day began at 00:00 local.
const NOW = Date.UTC(2026, 10, 19, 2, 10);
const DAY_START = Date.UTC(2026, 10, 18, 16, 0);

const CENTRE = h3.latLngToCell(26.08, 119.296, 9);
const at = (cell: string): [number, number] => {
  const [lat, lng] = h3.cellToLatLng(cell);
  return [lng, lat];
};
let serial = 0;
const detection = (cell: string, observedAt: number, id = `D-${serial++}`): DetectionLike => ({
  id,
  observedAt,
  position: at(cell),
});

describe('time steps', () => {
  it('lays out each window', () => {
    const hour = windowSteps('1h', NOW, DAY_START);
    expect(hour).toEqual({ start: NOW - HOUR, end: NOW, step: 5 * MIN, count: 12 });
    const week = windowSteps('7d', NOW, DAY_START);
    expect(week.count).toBe(28);
    // Today at 10:10: 20 half-hours and a first step of ten minutes (00:00–00:10).
    const today = windowSteps('today', NOW, DAY_START);
    expect(today).toEqual({ start: DAY_START, end: NOW, step: 30 * MIN, count: 21 });
    expect(stepStart(today, 0)).toBe(DAY_START);
    expect(stepStart(today, 1)).toBe(DAY_START + 10 * MIN);
    expect(stepStart(today, 20)).toBe(NOW - 30 * MIN);
  });

  it('cuts a window at the time the feed holds data from', () => {
    const heldFrom = DAY_START - 24 * HOUR; // the feed carries yesterday and today
    const week = windowSteps('7d', NOW, DAY_START, heldFrom);
    expect(week.start).toBe(heldFrom);
    expect(week.count).toBe(Math.ceil((NOW - heldFrom) / (6 * HOUR)));
    expect(windowSteps('1h', NOW, DAY_START, heldFrom).count).toBe(12);
  });

  it('places times in steps that end at the window end, boundaries to the earlier step', () => {
    const steps = timeSteps(0, 60 * MIN, 5 * MIN);
    expect(stepIndex(steps, 60 * MIN)).toBe(11);
    expect(stepIndex(steps, 55 * MIN + 1)).toBe(11);
    expect(stepIndex(steps, 55 * MIN)).toBe(10);
    expect(stepIndex(steps, 1)).toBe(0);
    expect(stepIndex(steps, 0)).toBe(0); // the start belongs to the window
    expect(stepIndex(steps, -1)).toBe(-1);
    expect(stepIndex(steps, 60 * MIN + 1)).toBe(12);
    const clipped = timeSteps(0, 12 * MIN, 5 * MIN); // steps [0, 2], (2, 7], (7, 12]
    expect(clipped.count).toBe(3);
    expect(stepIndex(clipped, 2 * MIN)).toBe(0);
    expect(stepIndex(clipped, 2 * MIN + 1)).toBe(1);
    expect(stepIndex(timeSteps(5, 5, MIN), 5)).toBe(-1); // no steps at all
  });

  it('refuses nonsense', () => {
    expect(() => timeSteps(0, NaN, MIN)).toThrow(RangeError);
    expect(() => timeSteps(0, HOUR, 0)).toThrow(RangeError);
  });
});

describe('the space-time cube', () => {
  const steps = timeSteps(0, 60 * MIN, 5 * MIN);
  const ring = h3.gridDisk(CENTRE, 1).filter((c) => c !== CENTRE);
  const beside = ring[0] as string;

  it('counts detections per cell and step, with the neighbours of detected cells as zeros', () => {
    const grid = new HotspotGrid(h3);
    const items = [
      detection(CENTRE, 1 * MIN),
      detection(CENTRE, 2 * MIN),
      detection(CENTRE, 59 * MIN),
      detection(beside, 30 * MIN),
    ];
    const cube = buildCube(grid, items, steps, 9);
    expect(cube.detected).toBe(2);
    expect(cube.cells.slice(0, 2)).toEqual([CENTRE, beside]);
    // Two adjacent hexagons share themselves and two neighbours: 7 + 7 − 4 cells.
    expect(cube.cells).toHaveLength(10);
    expect(new Set(cube.cells)).toEqual(
      new Set([...h3.gridDisk(CENTRE, 1), ...h3.gridDisk(beside, 1)]),
    );
    expect(cube.counts).toHaveLength(12 * cube.cells.length);
    // Cell-major: the centre's twelve steps, then the neighbour's.
    expect(Array.from(cube.counts.subarray(0, 12))).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(cube.counts.subarray(12, 24))).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(cube.totals)).toEqual([3, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(cube.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(cube.used).toBe(4);
  });

  it('lists each cell with itself and its neighbours inside the study area, symmetrically', () => {
    const grid = new HotspotGrid(h3);
    const cube = buildCube(grid, [detection(CENTRE, MIN), detection(beside, MIN)], steps, 9);
    const index = new Map(cube.cells.map((c, i) => [c, i]));
    const neighboursOf = (i: number) =>
      Array.from(cube.neighbours.subarray(cube.neighbourStart[i], cube.neighbourStart[i + 1]));
    cube.cells.forEach((cell, i) => {
      const list = neighboursOf(i);
      expect(list[0]).toBe(i);
      const expected = h3
        .gridDisk(cell, 1)
        .filter((c) => index.has(c))
        .map((c) => index.get(c));
      expect(new Set(list)).toEqual(new Set(expected));
      for (const j of list) expect(neighboursOf(j)).toContain(i);
    });
    expect(neighboursOf(0)).toHaveLength(7); // detected cells see their whole k-ring
  });

  it('aggregates to a coarser resolution through the parent cell', () => {
    const grid = new HotspotGrid(h3);
    const parent = h3.cellToParent(CENTRE, 7);
    const children = h3.cellToChildren(parent, 9).slice(0, 3);
    const cube = buildCube(
      grid,
      children.map((c) => detection(c, MIN)),
      steps,
      7,
    );
    expect(cube.cells[0]).toBe(parent);
    expect(cube.detected).toBe(1);
    expect(cube.totals[0]).toBe(3);
    expect(cube.cells).toHaveLength(7);
    expect(grid.cellOf(detection(CENTRE, 0), 7)).toBe(parent);
    expect(() => buildCube(grid, [], steps, 10)).toThrow(RangeError);
  });

  it('prefers a valid precomputed cell, takes the parent of a finer one, falls back to the position', () => {
    const grid = new HotspotGrid(h3);
    const fine = h3.cellToChildren(beside, 11)[0] as string;
    const items: DetectionLike[] = [
      { id: 'a', observedAt: MIN, cell: CENTRE },
      { id: 'b', observedAt: MIN, cell: fine },
      { id: 'c', observedAt: MIN, cell: h3.cellToParent(CENTRE, 7), position: at(beside) },
      { id: 'd', observedAt: MIN, cell: 'not-a-cell', position: at(CENTRE) },
      { id: 'e', observedAt: MIN, cell: 'not-a-cell' },
    ];
    const cube = buildCube(grid, items, steps, 9);
    expect(cube.cells.slice(0, 2)).toEqual([CENTRE, beside]);
    expect(Array.from(cube.totals.subarray(0, 2))).toEqual([2, 2]);
    expect(cube.invalid).toBe(1);
  });

  it('rejects detections from untrusted feeds without throwing', () => {
    const grid = new HotspotGrid(h3);
    const end = steps.end;
    const items: DetectionLike[] = [
      { id: 'nan-lng', observedAt: MIN, position: [NaN, 26.08] },
      { id: 'nan-lat', observedAt: MIN, position: [119.3, NaN] },
      { id: 'far', observedAt: MIN, position: [200, 26.08] },
      { id: 'no-place', observedAt: MIN, position: null },
      { id: 'nan-time', observedAt: NaN, position: at(CENTRE) },
      { id: 'infinite', observedAt: Infinity, position: at(CENTRE) },
      { id: 'skewed', observedAt: end + 30_000, position: at(CENTRE) }, // a clock slightly ahead
      { id: 'future', observedAt: end + 2 * MIN, position: at(CENTRE) },
      { id: 'old', observedAt: -1, position: at(CENTRE) },
      { id: 'dup', observedAt: 10 * MIN, position: at(CENTRE) },
      { id: 'dup', observedAt: 20 * MIN, position: at(CENTRE) },
      { id: 'ok', observedAt: 20 * MIN, position: at(CENTRE) },
    ];
    const cube = buildCube(grid, items, steps, 9);
    expect(cube.invalid).toBe(6);
    expect(cube.future).toBe(1);
    expect(cube.outside).toBe(1);
    expect(cube.duplicate).toBe(1);
    expect(cube.used).toBe(3);
    expect(cube.counts[11]).toBe(1); // the skewed one, in the last step
    expect(cube.counts[1]).toBe(1); // the first 'dup' (10 min) counts
    expect(buildCube(grid, items, steps, 9, { futureToleranceMs: 0 }).future).toBe(2);
  });

  it('takes every entry of a Map (its keys are the ids) and an empty input', () => {
    const grid = new HotspotGrid(h3);
    const same = (observedAt: number): DetectionLike => ({
      id: 'x',
      observedAt,
      position: at(CENTRE),
    });
    const store = new Map([
      ['x', same(MIN)],
      ['y', same(2 * MIN)],
    ]);
    expect(buildCube(grid, store, steps, 9).used).toBe(2);
    const empty = buildCube(grid, new Map(), steps, 9);
    expect(empty.cells).toHaveLength(0);
    expect(empty.counts).toHaveLength(0);
    expect(Array.from(empty.neighbourStart)).toEqual([0]);
  });

  it('gives a shared grid the same cubes as a fresh one, whatever came before', () => {
    const shared = new HotspotGrid(h3);
    const far = h3.latLngToCell(26.2, 119.5, 9);
    const batches = [
      [detection(CENTRE, MIN), detection(beside, 2 * MIN)],
      [detection(far, 3 * MIN), detection(CENTRE, 4 * MIN)],
      [detection(beside, 5 * MIN)],
    ];
    for (const batch of batches) {
      const a = buildCube(shared, batch, steps, 9);
      const b = buildCube(new HotspotGrid(h3), batch, steps, 9);
      expect(a.cells).toEqual(b.cells);
      expect(a.counts).toEqual(b.counts);
      expect(a.neighbourStart).toEqual(b.neighbourStart);
      expect(a.neighbours).toEqual(b.neighbours);
    }
  });

  it('remembers cells per item and reuses them across cubes', () => {
    const grid = new HotspotGrid(h3);
    const item = detection(CENTRE, MIN);
    const first = buildCube(grid, [item], steps, 9);
    const second = buildCube(grid, [item], timeSteps(0, 30 * MIN, 5 * MIN), 9);
    expect(second.cells).toEqual(first.cells);
    expect(second.counts).toHaveLength(6 * 7);
  });

  it('adds counts the source already binned, at the cube resolution or finer, as items would be', () => {
    const parent = h3.cellToParent(CENTRE, 8);
    const binned = [
      { cell: CENTRE, at: 2.5 * MIN, count: 3 },
      { cell: beside, at: 57.5 * MIN, count: 2 },
      { cell: parent, at: 30 * MIN, count: 4 }, // coarser than 9: not usable here
      { cell: 'nonsense', at: 30 * MIN, count: 1 },
      { cell: CENTRE, at: 2 * 60 * MIN, count: 5 }, // after the window
      { cell: CENTRE, at: 30 * MIN, count: 0 },
    ];
    const items = [
      detection(CENTRE, 2 * MIN),
      detection(CENTRE, 3 * MIN),
      detection(CENTRE, 4 * MIN),
      detection(beside, 58 * MIN),
      detection(beside, 59 * MIN),
    ];
    const fromItems = buildCube(new HotspotGrid(h3), items, steps, 9);
    const fromBins = buildCube(new HotspotGrid(h3), [], steps, 9, { binned });
    expect(fromBins.cells).toEqual(fromItems.cells);
    expect(fromBins.counts).toEqual(fromItems.counts);
    expect(fromBins.used).toBe(5);
    expect(fromBins.invalid).toBe(5);
    expect(fromBins.outside).toBe(5);
    // At resolution 8 the parent's own count is usable, and the finer cells go to their parent.
    const coarse = buildCube(new HotspotGrid(h3), [], steps, 8, { binned });
    expect(coarse.used).toBe(9);
    const sameParent = h3.cellToParent(beside, 8) === parent;
    expect(coarse.cells[0]).toBe(parent);
    expect(coarse.totals[0]).toBe(sameParent ? 9 : 7);
  });

  it('leaves out items before `itemsFrom`: the binned counts stand for that stretch', () => {
    const items = [detection(CENTRE, 5 * MIN), detection(CENTRE, 40 * MIN)];
    const cube = buildCube(new HotspotGrid(h3), items, steps, 9, {
      itemsFrom: 30 * MIN,
      binned: [{ cell: CENTRE, at: 7.5 * MIN, count: 2 }],
    });
    expect(cube.outside).toBe(1);
    expect(cube.used).toBe(3);
    expect(Array.from(cube.counts.subarray(0, 12))).toEqual([0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

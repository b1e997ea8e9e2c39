import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { analyseHotspots, rankHotspots, type HotspotOptions } from './hotspot-analysis';
import { className, type HotspotClass } from './hotspot-classes';
import { buildCube, HotspotGrid, timeSteps, type DetectionLike } from './hotspot-cube';
import { twoSidedP } from './normal';

const STEP = 5 * 60_000;
const CENTRE = h3.latLngToCell(26.08, 119.296, 9);
/** The district under watch: 91 cells around the centre, with street-order detections everywhere. */
const AREA = h3.gridDisk(CENTRE, 5);
/** The centre and its six neighbours: where a hot spot grows (or fades) in each story. */
const CLUSTER = new Set(h3.gridDisk(CENTRE, 1));

/** Seeded uniform numbers (mulberry32) and Poisson draws (Knuth), so every run sees the same city. */
function random(seed: number): { poisson(lambda: number): number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    poisson(lambda) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = uniform();
      while (p > limit) {
        k++;
        p *= uniform();
      }
      return k;
    },
  };
}

interface Story {
  steps: number;
  /** Detections added per step to each cluster cell (may be negative: fewer than usual). */
  extra?: (t: number) => number;
  /** Mean detections per cell and step across the area. */
  background?: (t: number) => number;
  seed?: number;
}

/** Detections of a story, one object per detection (placed by cell, as the worker may pass them). */
function detections({ steps, extra = () => 0, background = () => 4, seed = 1 }: Story) {
  const rng = random(seed);
  const items: DetectionLike[] = [];
  for (let t = 0; t < steps; t++) {
    for (const cell of AREA) {
      const mean = Math.max(0, background(t) + (CLUSTER.has(cell) ? extra(t) : 0));
      const n = rng.poisson(mean);
      for (let k = 0; k < n; k++)
        items.push({ id: `${cell}-${t}-${k}`, observedAt: t * STEP + STEP / 2, cell });
    }
  }
  return items;
}

function analyse(story: Story, options: HotspotOptions = {}) {
  const cube = buildCube(
    new HotspotGrid(h3),
    detections(story),
    timeSteps(0, story.steps * STEP, STEP),
    9,
  );
  const analysis = analyseHotspots(cube, options);
  const i = analysis.cells.indexOf(CENTRE);
  const n = story.steps;
  const states = Array.from(analysis.state.subarray(i * n, i * n + n), (s) =>
    s === 1 ? '+' : s === -1 ? '-' : '.',
  ).join('');
  return { analysis, i, states, klass: className(analysis.classes[i] ?? 0) };
}

describe('space-time hot spots on synthetic districts', () => {
  const stories: [HotspotClass, Story][] = [
    ['new-hot', { steps: 12, extra: (t) => (t === 11 ? 12 : 0) }],
    ['consecutive-hot', { steps: 12, extra: (t) => (t >= 8 ? 12 : 0) }],
    ['intensifying-hot', { steps: 12, extra: (t) => 6 + 3 * t }],
    ['persistent-hot', { steps: 12, extra: () => 12 }],
    ['diminishing-hot', { steps: 12, extra: (t) => 40 - 3 * t }],
    ['sporadic-hot', { steps: 12, extra: (t) => ([1, 5, 8, 11].includes(t) ? 15 : 0) }],
    ['oscillating-hot', { steps: 12, extra: (t) => (t < 4 ? -4 : t === 11 ? 15 : 0) }],
    // With a time lag of one step a hot spot cools a step late: quiet for the last two of 20
    // steps leaves it hot in 19 (≥ 90 %) and not in the last.
    ['historical-hot', { steps: 20, extra: (t) => (t < 18 ? 12 : 0) }],
  ];

  it.each(stories)('%s', (expected, story) => {
    const { analysis, i, states, klass } = analyse(story);
    expect(analysis.eligible[i]).toBe(1);
    expect(klass, `states ${states}`).toBe(expected);
  });

  it('reads the hot spot as it grows: rising intensity and counts, then falling', () => {
    const up = analyse({ steps: 12, extra: (t) => 6 + 3 * t });
    expect(up.analysis.trendZ[up.i]).toBeGreaterThan(1.96);
    expect(up.analysis.countTrendZ[up.i]).toBeGreaterThan(1.96);
    expect(up.analysis.hotSteps[up.i]).toBe(12);
    const down = analyse({ steps: 12, extra: (t) => 40 - 3 * t });
    expect(down.analysis.trendZ[down.i]).toBeLessThan(-1.96);
    expect(down.analysis.countTrendP[down.i]).toBeLessThan(0.05);
  });

  it('finds nothing in uniform noise once the false-discovery rate is controlled', () => {
    for (const seed of [1, 2, 3]) {
      const { analysis } = analyse({ steps: 12, seed });
      expect(analysis.pCutoff).toBe(-1);
      expect(analysis.state.every((s) => s === 0)).toBe(true);
      for (let c = 0; c < analysis.cells.length; c++)
        if (analysis.eligible[c]) expect(className(analysis.classes[c] ?? 0)).toBe('none');
      // Without the correction, about one bin in twenty would pass p < 0.05.
      const raw = analysis.z.filter((z) => twoSidedP(z) < 0.05).length;
      expect(raw).toBeGreaterThan(0);
    }
  });

  it('never classifies or ranks a lone detection', () => {
    const cube = buildCube(
      new HotspotGrid(h3),
      [{ id: 'one', observedAt: 7 * STEP, cell: CENTRE }],
      timeSteps(0, 12 * STEP, STEP),
      9,
    );
    const analysis = analyseHotspots(cube);
    expect(analysis.cells).toHaveLength(7);
    expect(Array.from(analysis.eligible)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(analysis.classes)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(analysis.state.every((s) => s === 0)).toBe(true);
    expect(Number.isNaN(analysis.trendZ[0])).toBe(true);
    expect(rankHotspots(analysis, 10)).toHaveLength(0);
  });

  it('needs three detections in a neighbourhood before calling a sparse bin hot', () => {
    // Two detections among 91 empty cells: Gi*'s normal approximation alone calls that extreme.
    const items = [0, 1].map((k) => ({ id: `d${k}`, observedAt: 11 * STEP + k, cell: CENTRE }));
    const quiet = [...AREA].map((cell, k) => ({ id: `q${k}`, observedAt: STEP, cell }));
    const cube = buildCube(
      new HotspotGrid(h3),
      [...items, ...quiet],
      timeSteps(0, 12 * STEP, STEP),
      9,
    );
    const guarded = analyseHotspots(cube, { minCount: 1 });
    const bare = analyseHotspots(cube, { minCount: 1, minHotCount: 0 });
    const last = (a: typeof guarded) => a.state[0 * 12 + 11];
    expect(bare.lastZ[0]).toBeGreaterThan(5);
    expect(last(bare)).toBe(1);
    expect(last(guarded)).toBe(0);
  });

  it('leaves cells unclassified when the window has fewer steps than the trend test needs', () => {
    const { analysis, i } = analyse({ steps: 8, extra: () => 12 });
    expect(analysis.enoughSteps).toBe(false);
    expect(analysis.eligible[i]).toBe(1);
    expect(analysis.hotSteps[i]).toBe(8);
    expect(analysis.classes.every((c) => c === 0)).toBe(true);
  });

  it("does not read the city's rhythm as a local trend", () => {
    // Every cell triples over the window; the cluster keeps twice the usual rate throughout.
    const story: Story = {
      steps: 12,
      background: (t) => 2 + (t * 4) / 11,
      extra: (t) => 2 + (t * 4) / 11,
      seed: 5,
    };
    expect(analyse(story).klass).toBe('persistent-hot');
    // ArcGIS's trend of the Gi* z-scores calls it intensifying: z grows with the data.
    expect(analyse(story, { trendOf: 'z' }).klass).toBe('intensifying-hot');
  });

  it('finds false trends about as often as alpha says, where the z-score trend does not', () => {
    // A stationary hot spot (twice the usual rate) in 60 districts of seeded noise, once with a
    // flat city and once with a city whose activity triples over the window.
    const runs = 60;
    const falseTrends = { flat: 0, flatZ: 0, rising: 0, risingZ: 0 };
    for (let seed = 1; seed <= runs; seed++) {
      for (const rising of [false, true]) {
        const background = rising ? (t: number) => 2 + (t * 4) / 11 : () => 4;
        const story: Story = { steps: 12, background, extra: background, seed };
        const byIntensity = analyse(story);
        const byZ = analyse(story, { trendOf: 'z' });
        if ((byIntensity.analysis.trendP[byIntensity.i] as number) < 0.05)
          falseTrends[rising ? 'rising' : 'flat']++;
        if ((byZ.analysis.trendP[byZ.i] as number) < 0.05)
          falseTrends[rising ? 'risingZ' : 'flatZ']++;
      }
    }
    expect(falseTrends.flat).toBeLessThanOrEqual(runs * 0.1);
    expect(falseTrends.rising).toBeLessThanOrEqual(runs * 0.1);
    expect(falseTrends.risingZ).toBeGreaterThan(runs * 0.3);
  });

  it('classifies by the trend of the Gi* z-scores when asked (ArcGIS)', () => {
    expect(analyse({ steps: 12, extra: (t) => 6 + 3 * t }, { trendOf: 'z' }).klass).toBe(
      'intensifying-hot',
    );
    expect(analyse({ steps: 12, extra: (t) => 40 - 3 * t }, { trendOf: 'z' }).klass).toBe(
      'diminishing-hot',
    );
  });

  it('ranks the hot spots of the last step by z', () => {
    const { analysis, i } = analyse({ steps: 12, extra: (t) => (t >= 6 ? 15 : 0) });
    const top = rankHotspots(analysis, 5);
    expect(top.length).toBeGreaterThan(0);
    expect(top.length).toBeLessThanOrEqual(5);
    expect(Array.from(top)).toContain(i);
    for (let k = 1; k < top.length; k++)
      expect(analysis.lastZ[top[k] as number]).toBeLessThanOrEqual(
        analysis.lastZ[top[k - 1] as number] as number,
      );
    for (const c of top) {
      expect(analysis.eligible[c]).toBe(1);
      expect(analysis.state[c * 12 + 11]).toBe(1);
    }
  });

  it('reports the last step and the counts per cell', () => {
    const { analysis, i } = analyse({ steps: 12, extra: (t) => (t === 11 ? 12 : 0) });
    expect(analysis.lastP[i]).toBeCloseTo(twoSidedP(analysis.lastZ[i] as number), 15);
    expect(analysis.lastP[i]).toBeLessThanOrEqual(analysis.pCutoff);
    expect(analysis.hotSteps[i]).toBe(1);
    expect(analysis.tests).toBe(analysis.cells.length * 12);
    expect(analysis.totals[i]).toBeGreaterThan(40);
  });
});

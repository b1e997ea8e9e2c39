// What the feed worker spends on the space-time hot-spot analysis of the whole city (docs/metrics.md,
// "Inspection hotspots"): binning into the cube, then Gi*, FDR, Mann-Kendall and the classes, per
// window and H3 resolution, at the simulated scales given.
// Run: npx tsx scripts/measure-hotspots.ts [scales…] [--at=HH:MM] [--classes]
import * as h3 from 'h3-js';
import { createCity } from '../mocks/sim/city';
import { loadGeo } from '../mocks/sim/load-geo-node';
import { cityDayStart } from '../src/domain/city-time';
import type { Detection } from '../src/domain/detection';
import { analyseHotspots } from '../src/features/inspection/hotspot-analysis';
import { HOTSPOT_CLASSES } from '../src/features/inspection/hotspot-classes';
import {
  buildCube,
  HotspotGrid,
  windowSteps,
  type HotspotWindow,
} from '../src/features/inspection/hotspot-cube';

const args = process.argv.slice(2);
const scales = args.map(Number).filter((n) => n > 0);
const at = (args.find((a) => a.startsWith('--at=')) ?? '--at=22:00').slice(5);
const showClasses = args.includes('--classes');
const [hh, mm] = at.split(':').map(Number);
// A Thursday in Fuzhou (UTC+8).
const t = Date.UTC(2026, 10, 19, (hh ?? 22) - 8, mm ?? 0);
const RUNS: [HotspotWindow, number][] = [
  ['today', 9],
  ['today', 8],
  ['today', 7],
  ['1h', 9],
  ['7d', 9],
];

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** CPU milliseconds of this process (all threads, GC included): steadier than wall time on a shared machine. */
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const geo = loadGeo();
// Only the items stay reachable, as in the feed worker; the simulator's caches are let go.
const held = (scale: number): Map<string, Detection> =>
  new Map(
    createCity({ seed: 42, scale, geo })
      .snapshot('detections', t)
      .map((d) => [d.id, d]),
  );

for (const scale of scales.length ? scales : [1, 10, 100]) {
  const store = held(scale);
  (globalThis as { gc?: () => void }).gc?.();
  const dayStart = cityDayStart(t);
  const heldFrom = dayStart - 86_400_000; // the feed carries yesterday and today
  const grid = new HotspotGrid(h3);
  console.log(`×${scale}: ${store.size} detections held, at ${at}`);
  for (const [window, resolution] of RUNS) {
    const steps = windowSteps(window, t, dayStart, heldFrom);
    const c0 = performance.now();
    buildCube(grid, store, steps, resolution); // first time: H3 for new items and cells
    const first = performance.now() - c0;
    const cubeMs: number[] = [];
    const analysisMs: number[] = [];
    const cpuMs: number[] = [];
    let summary = '';
    for (let run = 0; run < 5; run++) {
      const c = cpu();
      const a = performance.now();
      const cube = buildCube(grid, store, steps, resolution);
      const b = performance.now();
      const analysis = analyseHotspots(cube);
      cubeMs.push(b - a);
      analysisMs.push(performance.now() - b);
      cpuMs.push(cpu() - c);
      if (run > 0) continue;
      const eligible = analysis.eligible.reduce((s, e) => s + e, 0);
      const hotNow = analysis.cells.filter(
        (_, i) => analysis.state[i * steps.count + steps.count - 1] === 1,
      ).length;
      summary =
        `${cube.used} in window, ${steps.count} steps, ${cube.cells.length} cells ` +
        `(${cube.detected} detected), ${eligible} eligible, ${hotNow} hot now`;
      if (showClasses) {
        const histogram = new Map<string, number>();
        for (const c of analysis.classes)
          histogram.set(HOTSPOT_CLASSES[c]!, (histogram.get(HOTSPOT_CLASSES[c]!) ?? 0) + 1);
        histogram.delete('unclassified');
        summary += `\n      ${[...histogram].map(([k, v]) => `${k} ${v}`).join(', ')}`;
      }
    }
    const cube = median(cubeMs);
    const analysis = median(analysisMs);
    console.log(
      `  ${window.padEnd(5)} res ${resolution}: cube ${cube.toFixed(1)} ms + analysis ` +
        `${analysis.toFixed(1)} ms = ${(cube + analysis).toFixed(1)} ms, CPU ${median(cpuMs).toFixed(0)} ms ` +
        `(first cube ${first.toFixed(0)} ms); ${summary}`,
    );
  }
}

// ---- The inspection views, as the feed worker builds them (`--views`) ----
if (args.includes('--views')) await measureViews();

async function measureViews() {
  const { cityTimeOf } = await import('../src/domain/city-time');
  const { contextAt } = await import('../src/feeds/view-builder');
  const { hotspotGrid, loadHotspotGrid, weekHistoryQuery } =
    await import('../src/features/inspection/hotspot-service');
  const { buildHotspotView } = await import('../src/features/inspection/hotspot-view');
  const { buildInspectionView, prepared } =
    await import('../src/features/inspection/inspection-view');
  const { detectionColumns } = await import('../src/features/inspection/detection-columns');
  const { referringTickets } = await import('../src/features/inspection/detection-join');
  const { buildInspectionSummary } = await import('../src/features/inspection/summary-view');
  const { DEFAULT_SETTINGS } = await import('../src/features/inspection/settings');
  const { detached, simInput } = await import('../src/features/inspection/sim-input');
  await loadHotspotGrid();
  const time = cityTimeOf('Asia/Shanghai');
  const areas: [string, string | null][] = [
    ['city', null],
    ['district 鼓楼区', '350102'],
    ['street 鼓东街道', '350102001'],
  ];
  for (const scale of scales.length ? scales : [1, 10, 100]) {
    const s0 = performance.now();
    const queries: [string, Record<string, string>][] = [
      ['cameras', {}],
      ['frontage', {}],
      ['series', weekHistoryQuery(7, t, time)],
    ];
    // Only the items and the endpoints' answers stay reachable, as in the feed worker: the
    // simulated city (and its caches) goes out of scope with `load`.
    const load = async () => {
      const base = simInput(createCity({ seed: 42, scale, geo }), t);
      for (const [path, query] of queries) await base.loader.load('detections', path, query, 0);
      return detached(base, ['detections', 'tickets'], queries);
    };
    const input = (await load()) as ReturnType<typeof detached> & {
      bump(feed: 'detections' | 'tickets'): void;
    };
    const snapshotMs = performance.now() - s0;
    (globalThis as { gc?: () => void }).gc?.();
    const ctx = { ...contextAt(t, time), ...input.facts('detections'), settings: DEFAULT_SETTINGS };
    const dets = input.all('detections');
    const tix = input.all('tickets');
    console.log(
      `×${scale}: ${dets.size} detections, ${tix.size} tickets held (snapshot ${(snapshotMs / 1000).toFixed(1)} s), at ${at}`,
    );
    /** Median of five runs; `before` runs untimed before each (a poll's new revision). */
    const time5 = (build: () => void, before?: () => void): number => {
      const runs: number[] = [];
      before?.();
      build(); // warm-up: JIT, the grid's cells of new items
      for (let i = 0; i < 5; i++) {
        before?.();
        const a = performance.now();
        build();
        runs.push(performance.now() - a);
      }
      return median(runs);
    };
    const heldFrom = time.dayStart(time.dayStart(t) - 1);
    const columns = time5(
      () => detectionColumns(input.facts('detections').revision, dets, hotspotGrid()!),
      () => input.bump('detections'),
    );
    const ticketPass = time5(() => referringTickets(tix, heldFrom));
    const join = time5(
      () => prepared(input, heldFrom),
      () => input.bump('detections'),
    );
    console.log(
      `  per revision, shared: detection columns ${columns.toFixed(0)} ms; join ${join.toFixed(0)} ms (columns included); ` +
        `the pass over the tickets ${ticketPass.toFixed(0)} ms (per tickets revision)`,
    );
    for (const [label, area] of areas) {
      const overview = time5(() => buildInspectionView(input, { area }, ctx));
      const hot = time5(() => buildHotspotView(input, { area, window: 'today' }, ctx));
      console.log(
        `  ${label.padEnd(16)} data held: overview ${overview.toFixed(1)} ms, hot spots today ${hot.toFixed(1)} ms`,
      );
    }
    const summary = time5(() => buildInspectionSummary(input, { area: null }, ctx));
    const afterDetections = time5(
      () => buildInspectionView(input, { area: null }, ctx),
      () => input.bump('detections'),
    );
    const afterTickets = time5(
      () => buildInspectionView(input, { area: null }, ctx),
      () => input.bump('tickets'),
    );
    const hotAfter = time5(
      () => buildHotspotView(input, { area: null, window: 'today' }, ctx),
      () => input.bump('detections'),
    );
    const weekAfter = time5(
      () => buildHotspotView(input, { area: null, window: '7d' }, ctx),
      () => input.bump('detections'),
    );
    console.log(
      `  city after a detections poll: overview ${afterDetections.toFixed(0)} ms, hot spots today ${hotAfter.toFixed(0)} ms, 7 days ${weekAfter.toFixed(0)} ms; ` +
        `after a tickets poll: overview ${afterTickets.toFixed(0)} ms; overview summary (data held) ${summary.toFixed(0)} ms`,
    );
  }
}

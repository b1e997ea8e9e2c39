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

// How long the feed worker takes to build the traffic views, at ×1, ×10 and ×100 simulated scale,
// in the morning peak: the city, a district, a street and a community, the overview's summary,
// one intersection's drawer (its hour of event log), the alarm rules.
// Run: npx tsx scripts/measure-traffic.ts [scales…]
import { createCity } from '../mocks/sim/city';
import { loadGeo } from '../mocks/sim/load-geo-node';
import { indexByArea, loadGrid } from '../src/feeds/area-filter';
import { cityTimeOf } from '../src/domain/city-time';
import { contextAt, inputOf } from '../src/feeds/view-builder';
import type { SignalState } from '../src/domain/signal';
import {
  buildTrafficSummary,
  buildTrafficView,
  referenceBin,
  forgetBinRecords,
} from '../src/features/traffic/traffic-view';
import { buildIntersectionView } from '../src/features/traffic/intersection-view';
import { controllerFaultRule, severeCongestionRule } from '../src/features/traffic/alarm-rules';

const scales = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const AREAS: [string, string | null][] = [
  ['city', null],
  ['district 鼓楼区', '350102'],
  ['street 鼓东街道', '350102001'],
  ['community 中山社区', '350102001001'],
];
const t = Date.parse('2026-12-03T08:30:00+08:00'); // a Thursday, the morning peak
const time = cityTimeOf('Asia/Shanghai');

function median(run: () => void, n = 5): { median: number; min: number } {
  run(); // warm-up (JIT, cell cache)
  const runs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    run();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { median: runs[n >> 1]!, min: runs[0]! };
}
const ms = (r: { median: number; min: number }) =>
  `${r.median.toFixed(1)} ms (min ${r.min.toFixed(1)})`;

await loadGrid();
const geo = loadGeo();
for (const scale of scales.length ? scales : [1, 10, 100]) {
  const started = performance.now();
  const city = createCity({ seed: 42, scale, geo });
  // As the feed worker holds them: parsed from the feed's JSON (not the simulator's own objects).
  const items = JSON.parse(JSON.stringify(city.snapshot('signals', t))) as SignalState[];
  const snapshotMs = performance.now() - started;
  const context = {
    ...contextAt(t, time),
    version: 1,
    revision: 1,
    generatedAt: t,
    droppedLast: 0,
    droppedTotal: 0,
  };
  const i0 = performance.now();
  const index = indexByArea(items);
  const ref = referenceBin(items);
  const indexMs = performance.now() - i0;
  console.log(
    `×${scale}: ${items.length} intersections (snapshot ${(snapshotMs / 1000).toFixed(1)} s; area index and reference bin ${indexMs.toFixed(0)} ms once per revision)`,
  );
  // Cold: every item's bins read (a new bin everywhere); warm: the same item objects as the last
  // build (a backend that has not moved); new reports: see below.
  for (const [label, area] of AREAS) {
    const subset = area ? [...(index.get(area)?.values() ?? [])] : items;
    const view = buildTrafficView(subset, { area }, context, ref);
    const cold = median(() => {
      forgetBinRecords(subset);
      buildTrafficView(subset, { area }, context, ref);
    });
    const warm = median(() => buildTrafficView(subset, { area }, context, ref));
    // Every item a new object with the same bins (each controller's report of the minute): the
    // demo at ×60, where every poll brings every intersection's new minute.
    const copies = [subset, JSON.parse(JSON.stringify(subset)) as SignalState[]];
    let k = 0;
    const reports = median(() => buildTrafficView(copies[k++ % 2]!, { area }, context, ref));
    console.log(
      `  ${label.padEnd(20)} ${String(view.kpis.intersections).padStart(7)} intersections, index ${view.kpis.index?.toFixed(2)}   cold ${ms(cold)}   new reports ${ms(reports)}   warm ${ms(warm)}`,
    );
  }
  const summary = median(() => buildTrafficSummary(items, { area: null }, context, ref));
  console.log(`  ${'summary (city)'.padEnd(20)} warm ${ms(summary)}`);
  const id = items.find((s) => s.mode === 'adaptive')!.id;
  const log = city.signalData!.events(id, t - 3_600_000, t);
  const raw = JSON.parse(
    JSON.stringify({
      feed: 'signals',
      id,
      from: t - 3_600_000,
      to: t,
      ...log?.config,
      events: log?.events,
    }),
  ) as unknown;
  const item = items.find((s) => s.id === id);
  // A new answer object each time: the log is read, not taken from the cache.
  const drawer = median(() =>
    buildIntersectionView(id, item, structuredClone(raw), { now: t, revision: 1, generatedAt: t }),
  );
  console.log(`  ${`drawer (${log?.events.length} events)`.padEnd(20)} build ${ms(drawer)}`);
  // The rules keep their conditions while the revision is the same: a new revision each run.
  const byId = new Map(items.map((s) => [s.id, s]));
  let revision = 0;
  const ctx = contextAt(t, time);
  const alarms = median(() => {
    const input = inputOf({ signals: byId }, { signals: { generatedAt: t, revision: ++revision } });
    controllerFaultRule.evaluate(input, ctx);
    severeCongestionRule.evaluate(input, ctx);
  });
  console.log(`  ${'alarm rules'.padEnd(20)} ${ms(alarms)}`);
}

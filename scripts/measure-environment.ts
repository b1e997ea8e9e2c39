// How long the feed worker takes to build the environment views, at ×1 and ×100 simulated scale
// (×100: 130,000 sensors). The optional endpoints' answers are loaded first (as `prepare` does)
// and are not timed; the per-item meaning of a reading is cached per item object, so "first" is a
// build on items never seen and "again" one on the same items (a new area, a new minute).
// Run: npx tsx scripts/measure-environment.ts [scales…] [--at=HH:MM]
import { createCity } from '../mocks/sim/city';
import { loadGeo } from '../mocks/sim/load-geo-node';
import { indexByArea, loadGrid } from '../src/feeds/area-filter';
import { cityTimeOf } from '../src/domain/city-time';
import type { SensorReading } from '../src/domain/sensor';
import { contextAt, inputOf, type ViewInput } from '../src/feeds/view-builder';
import { createGeoIndex } from '../src/geo/geo-index';
import {
  buildEnvironmentSummary,
  buildEnvironmentView,
  type EnvironmentContext,
} from '../src/features/environment/environment-view';
import { rulesOf } from '../src/features/environment/readings';
import { overviewRefs } from '../src/features/environment/resources';
import { DEFAULT_SETTINGS } from '../src/features/environment/settings';
import { buildSurface, loadH3 } from '../src/features/environment/surface';

const args = process.argv.slice(2);
const scales = args.map(Number).filter((n) => n > 0);
const atArg = args.find((a) => a.startsWith('--at='))?.slice(5) ?? '10:00';
const [hh, mm] = atArg.split(':').map(Number);
// A Thursday in Fuzhou.
const t = Date.UTC(2026, 10, 19, (hh ?? 10) - 8, mm ?? 0);
const AREAS: [string, string | null][] = [
  ['city', null],
  ['district 鼓楼区', '350102'],
  ['street 鼓东街道', '350102001'],
  ['community', '350102001001'],
];

await loadGrid();
const h3 = await loadH3();
const bundle = loadGeo();
const geo = createGeoIndex(bundle);
const time = cityTimeOf('Asia/Shanghai');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
/** CPU time of this process, ms: steadier than wall time on a shared machine. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Runs `f` n times; the median wall and CPU times. */
function timed(n: number, f: () => void, before: () => void = () => undefined) {
  const wall: number[] = [];
  const used: number[] = [];
  for (let i = 0; i < n; i++) {
    before();
    const w0 = performance.now();
    const c0 = cpu();
    f();
    used.push(cpu() - c0);
    wall.push(performance.now() - w0);
  }
  return `${median(wall).toFixed(1)} ms (CPU ${median(used).toFixed(0)})`;
}

for (const scale of scales.length ? scales : [1, 100]) {
  const city = createCity({ seed: 42, scale, geo: bundle });
  const s0 = performance.now();
  const items: SensorReading[] = city.snapshot('sensors', t);
  const snapshotMs = performance.now() - s0;
  const ctx = (): EnvironmentContext => ({
    ...contextAt(t, time, geo),
    version: 1,
    revision: 1,
    generatedAt: t,
    droppedLast: 0,
    droppedTotal: 0,
    rules: rulesOf(DEFAULT_SETTINGS, time),
  });
  // The endpoints' answers, as the worker holds them after `prepare`.
  const answers = new Map<string, unknown>();
  const key = (path: string, query: Record<string, string>) =>
    `${path}?${new URLSearchParams(query).toString()}`;
  const r0 = performance.now();
  for (const [, area] of AREAS)
    for (const ref of overviewRefs(area, t))
      if (!answers.has(key(ref.path, ref.query)))
        answers.set(
          key(ref.path, ref.query),
          city.endpoints!.sensors!(ref.path, new URLSearchParams(ref.query), t)?.body ?? null,
        );
  const endpointsMs = performance.now() - r0;
  const input: ViewInput = {
    ...inputOf({ sensors: items }),
    resource: (_feed, path, query = {}) => answers.get(key(path, query)),
  };
  const index = indexByArea(items);
  console.log(
    `×${scale}: ${items.length.toLocaleString('en')} sensors at ${atArg} (snapshot ${snapshotMs.toFixed(0)} ms, endpoints ${endpointsMs.toFixed(0)} ms, not timed below)`,
  );
  for (const [label, area] of AREAS) {
    const subset = area ? [...(index.get(area)?.values() ?? [])] : items;
    // Fresh item objects: what a new data revision costs (every reading derived again).
    let copy: SensorReading[] = [];
    const first = timed(
      3,
      () => buildEnvironmentView(copy, { area }, ctx(), input),
      () => {
        copy = subset.map((r) => ({ ...r }));
      },
    );
    const view = buildEnvironmentView(subset, { area }, ctx(), input);
    const again = timed(5, () => buildEnvironmentView(subset, { area }, ctx(), input));
    // The surface reads every station of the city; its station list is kept per revision.
    let revision = 1;
    const surfaceFirst = timed(3, () =>
      buildSurface(h3, items, { area }, { ...ctx(), revision: (revision += 1) }, geo),
    );
    const cells = buildSurface(h3, items, { area }, ctx(), geo).length;
    const surfaceAgain = timed(3, () => buildSurface(h3, items, { area }, ctx(), geo));
    const summary = timed(3, () => buildEnvironmentSummary(subset, { area }, ctx()));
    console.log(
      `  ${label.padEnd(16)} ${String(view.points.length).padStart(7)} sensors · overview: new revision ${first}, same ${again} · surface (${cells} cells): new revision ${surfaceFirst}, same ${surfaceAgain} · summary ${summary} · AQI ${view.air.now.aqi} (${view.air.now.basis}, ${view.air.now.stations} st.), trend ${view.air.trend.state}`,
    );
  }
}

// How long the feed worker takes to build the tickets view of a new area, at ×1, ×10 and ×100
// simulated scale (the part of an area change that grows with the city; the page then renders a
// view of fixed size). Run: npx tsx scripts/measure-area-change.ts [scales…]
import { createCity } from '../mocks/sim/city';
import { loadGeo } from '../mocks/sim/load-geo-node';
import { indexByArea, loadGrid } from '../src/feeds/area-filter';
import { cityTimeOf } from '../src/domain/city-time';
import { contextAt } from '../src/feeds/view-builder';
import { buildTicketView } from '../src/features/tickets/ticket-view';
import type { Ticket } from '../src/domain/ticket';

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
const t = Date.UTC(2026, 10, 19, 2, 0); // a Thursday, 10:00 in Fuzhou

await loadGrid();
const geo = loadGeo();
for (const scale of scales.length ? scales : [1, 10, 100]) {
  const started = performance.now();
  const items: Ticket[] = createCity({ seed: 42, scale, geo }).snapshot('tickets', t);
  const snapshotMs = performance.now() - started;
  const context = {
    ...contextAt(t, cityTimeOf('Asia/Shanghai')),
    version: 1,
    revision: 1,
    generatedAt: t,
    droppedLast: 0,
    droppedTotal: 0,
  };
  // As the worker does: one index per data revision, then each area's view from its own items.
  const i0 = performance.now();
  const index = indexByArea(items);
  const indexMs = performance.now() - i0;
  const rows: string[] = [];
  for (const [label, area] of AREAS) {
    const subset = area ? [...(index.get(area)?.values() ?? [])] : items;
    buildTicketView(subset, { area }, context); // warm-up (JIT, cell cache)
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const view = buildTicketView(subset, { area }, context);
      runs.push(performance.now() - t0);
      if (i === 0) rows.push(`  ${label.padEnd(20)} open ${String(view.kpis.open).padStart(7)}`);
    }
    runs.sort((a, b) => a - b);
    rows[rows.length - 1] +=
      `   build median ${runs[2]!.toFixed(1)} ms (min ${runs[0]!.toFixed(1)})`;
  }
  console.log(
    `×${scale}: ${items.length} tickets (snapshot ${(snapshotMs / 1000).toFixed(1)} s, area index ${indexMs.toFixed(0)} ms once per revision)`,
  );
  for (const row of rows) console.log(row);
}

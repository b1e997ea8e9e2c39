// Prints the simulated city's volumes and snapshot timings (docs/simulation.md quotes them).
//   npx tsx mocks/sim/measure.ts            ×1 and ×100
//   npx tsx mocks/sim/measure.ts 1 10       chosen scales
import { FEED_NAMES } from '../../src/domain/common';
import { createCity } from './city';
import { DAY, HOUR, TZ_OFFSET } from './clock';
import { loadGeo } from './load-geo-node';

const scales = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const geo = loadGeo();
// Thursday 20 November 2025, 10:00 in Fuzhou (the morning peak of tickets).
const t = Date.UTC(2025, 10, 20, 10) - TZ_OFFSET;
const today = Date.UTC(2025, 10, 20) - TZ_OFFSET;

// Wall time and process CPU time: on a shared machine the CPU time is the steadier figure.
interface Mark {
  wall: number;
  cpu: NodeJS.CpuUsage;
}
const mark = (): Mark => ({ wall: performance.now(), cpu: process.cpuUsage() });
const ms = (from: Mark): string => {
  const cpu = process.cpuUsage(from.cpu);
  return `${(performance.now() - from.wall).toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)})`;
};
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

for (const scale of scales.length > 0 ? scales : [1, 100]) {
  const started = mark();
  const city = createCity({ seed: 1, scale, geo });
  console.log(`\n×${scale}: createCity ${ms(started)}`);
  for (const feed of FEED_NAMES) {
    const cold = mark();
    const items = city.snapshot(feed, t);
    const coldMs = ms(cold);
    const warm = mark();
    city.snapshot(feed, t + 5000);
    const warmMs = ms(warm);
    const later = mark();
    city.snapshot(feed, t + HOUR);
    const laterMs = ms(later);
    // Serialising ×100 in one string would pass V8's string limit: estimate from a sample.
    const sample = items.slice(0, 2000);
    const bytes = (JSON.stringify(sample).length / Math.max(1, sample.length)) * items.length;
    console.log(
      `  ${feed.padEnd(10)} ${String(items.length).padStart(8)} items  ~${mb(bytes).padStart(9)}  ` +
        `first ${coldMs}, +5 s ${warmMs}, +1 h ${laterMs}`,
    );
    if (feed === 'tickets' || feed === 'detections') {
      const times = items.map((x) =>
        'observedAt' in x ? x.observedAt : 'stages' in x ? x.stages.reported : 0,
      );
      const yesterday = times.filter((r) => r >= today - DAY && r < today).length;
      const sinceMidnight = times.filter((r) => r >= today).length;
      console.log(`             yesterday ${yesterday}, today until 10:00 ${sinceMidnight}`);
    }
    if (feed === 'sensors') {
      const kinds = new Map<string, number>();
      for (const s of items) if ('kind' in s) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
      console.log(`             ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
  }
  // The first snapshot above also pays for compiling the code; a second city shows the planning.
  const again = createCity({ seed: 2, scale, geo });
  const second = mark();
  again.snapshot('tickets', t);
  console.log(`  tickets, a second city's first snapshot: ${ms(second)}`);
  const heap = process.memoryUsage().heapUsed;
  console.log(`  heap used ${mb(heap)}`);
}

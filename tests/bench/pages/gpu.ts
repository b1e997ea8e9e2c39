// Heap-run follow-up: which of the app's deck layers holds on to GPU resources as data changes.
// Each layer of buildTicketLayers alone, fed new data N times (as polls with new versions do),
// luma.gl's "GPU Resource Counts" before and after.
import { buildTicketLayers } from '@/features/tickets/layers';
import type { TicketView } from '@/features/tickets/ticket-view';
import { cellOf } from '@/geo/cells';
import { createDeckHost } from './shared/deck-host';

type Counts = Record<string, number>;
const WARM_UP = 5;

function lumaCounts(): Counts {
  type Stats = { stats: Record<string, { count: number }> };
  const manager = (globalThis as { luma?: { stats?: { stats?: Map<string, Stats> } } }).luma?.stats
    ?.stats;
  const out: Counts = {};
  const group = manager?.get('GPU Resource Counts');
  for (const [name, stat] of Object.entries(group?.stats ?? {}))
    if (/Active$/.test(name) && name !== 'Resources Active') out[name] = stat.count;
  return out;
}

/** A tickets view with only what the layer builder reads: points and cells. */
function view(version: number, n: number): TicketView {
  const positions = new Float32Array(n * 2);
  const sla = new Uint8Array(n);
  const cells = new Map<string, { key: string; today: number; open: number; overdue: number }>();
  for (let i = 0; i < n; i += 1) {
    const lng = 119.25 + ((i * 7919 + version * 13) % 1000) / 5000;
    const lat = 26.03 + ((i * 104729 + version * 7) % 1000) / 8000;
    positions[i * 2] = lng;
    positions[i * 2 + 1] = lat;
    sla[i] = (i + version) % 3;
    const key = cellOf([lng, lat]);
    const cell = cells.get(key) ?? { key, today: 0, open: 0, overdue: 0 };
    cell.open += 1;
    cells.set(key, cell);
  }
  return {
    revision: version,
    points: { length: n, positions, sla },
    cells: [...cells.values()],
  } as unknown as TicketView;
}

async function run(versions: number): Promise<Record<string, { before: Counts; after: Counts }>> {
  const parent = document.querySelector<HTMLDivElement>('#deck');
  if (!parent) throw new Error('no #deck');
  const host = await createDeckHost(parent, { width: 800, height: 500 });
  const out: Record<string, { before: Counts; after: Counts }> = {};
  // Each mode's layers (the builder returns only what draws), each layer measured once.
  const modes = ['points', 'heat', 'hex'] as const;
  const plan = new Map<string, (typeof modes)[number]>();
  for (const mode of modes)
    for (const layer of buildTicketLayers(view(0, 10), {
      mode,
      selectedIndex: -1,
      selectedCell: null,
      pickPoints: true,
      hexRadius: 800,
    }))
      if (!plan.has(layer.id)) plan.set(layer.id, mode);
  for (const [id, mode] of plan) {
    const layerFor = (v: number) =>
      buildTicketLayers(view(v, 2000), {
        mode,
        selectedIndex: v % 5,
        selectedCell: null,
        pickPoints: true,
        hexRadius: 800,
      }).filter((l) => l.id === id);
    // A few versions first: one-time resources (aggregation shaders, pipelines) settle.
    for (let v = 0; v < WARM_UP; v += 1) {
      host.setLayers(layerFor(v));
      await host.nextFrame();
    }
    const before = lumaCounts();
    for (let v = WARM_UP; v < WARM_UP + versions; v += 1) {
      host.setLayers(layerFor(v));
      await host.nextFrame();
    }
    out[`${id} (${mode})`] = { before, after: lumaCounts() };
    host.setLayers([]);
    await host.nextFrame();
  }
  return out;
}

(window as unknown as { bench: { run: typeof run } }).bench = { run };

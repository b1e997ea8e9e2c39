// Bench 1 (ingest) and 2 (delta): 100k sensors reach the map through the product (the real worker
// builds the environment scenario's view, its own layer builder draws it) or the baseline way
// (JSON.parse → objects → accessors on the main thread). Driven by tests/bench/ingest.ts.
import type { SensorReading } from '@/domain/sensor';
import type { FeedClient } from '@/feeds/feed-client';
import type { EnvironmentView } from '@/features/environment/environment-view';
import { createDeckHost, type DeckHost } from './shared/deck-host';
import { markWindow, markWork, startStallProbe, type ProbeReport } from './shared/probe';
import { ON_DEMAND_POLL_MS, SENSOR_VIEW, startSensorClient } from './shared/bench-worker';
import { baselineSensorLayers, productSensorLayers } from './shared/scenario-layers';

export type IngestMode = 'pipeline' | 'naive';

export interface PhaseResult {
  /** From the start of the phase to the frame that drew the new data, ms. */
  endToEndMs: number;
  /** Points drawn after the phase. */
  points: number;
  /** Main-thread time of the page's own handling, ms (the trace has the full picture). */
  handlerMs: number;
  probe: ProbeReport;
}

export interface IngestBench {
  setup(mode: IngestMode): Promise<void>;
  ingest(): Promise<PhaseResult>;
  delta(): Promise<PhaseResult>;
}

const SENSORS_URL = '/api/v1/sensors';
const WARM_UP: SensorReading = {
  id: 'warm-up',
  name: 'warm-up',
  kind: 'noise',
  status: 'normal',
  observedAt: 0,
  position: [119.3, 26.08],
  district: '350102',
  street: '350102001',
  community: '350102001001',
  values: { laeq: 50 },
  zone: '1',
  limit: 55,
};
const PARAMS = { area: null };

let mode: IngestMode = 'pipeline';
let host: DeckHost | null = null;
let client: FeedClient | null = null;
let naiveItems: SensorReading[] = [];
let naiveVersion = 0;

function requireHost(): DeckHost {
  if (!host) throw new Error('setup() first');
  return host;
}

/** Lets the GPU process finish earlier frames (SwiftShader is slow) before a phase starts. */
async function settle() {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) => setTimeout(resolve, 250));
}

async function measured(run: () => Promise<{ points: number; handlerMs: number }>) {
  const deck = requireHost();
  await settle();
  deck.onFrame(() => markWork('frame'));
  markWindow('start');
  const probe = startStallProbe();
  const t0 = performance.now();
  const { points, handlerMs } = await run();
  const drawnAt = await deck.nextFrame();
  const result: PhaseResult = { endToEndMs: drawnAt - t0, points, handlerMs, probe: probe.stop() };
  markWindow('end');
  deck.onFrame(null);
  return result;
}

async function pipelinePhase() {
  if (!client) throw new Error('no client');
  const envelope = await client.view<EnvironmentView>(SENSOR_VIEW.id, PARAMS, Date.now());
  const t = performance.now();
  requireHost().setLayers(productSensorLayers(envelope.view));
  return { points: envelope.view.points.length, handlerMs: performance.now() - t };
}

async function naiveIngest() {
  const response = await fetch(SENSORS_URL, { cache: 'no-store' });
  const text = await response.text();
  markWork('apply');
  const t = performance.now();
  const body = JSON.parse(text) as { version: number; items: SensorReading[] };
  naiveItems = body.items;
  naiveVersion = body.version;
  requireHost().setLayers(baselineSensorLayers(naiveItems));
  return { points: naiveItems.length, handlerMs: performance.now() - t };
}

async function naiveDelta() {
  const response = await fetch(`${SENSORS_URL}?since=${naiveVersion}`, { cache: 'no-store' });
  const text = await response.text();
  markWork('apply');
  const t = performance.now();
  const body = JSON.parse(text) as { version: number; upserts: SensorReading[]; removed: string[] };
  const changed = new Map(body.upserts.map((item) => [item.id, item]));
  const removed = new Set(body.removed);
  const kept = naiveItems.filter((item) => !removed.has(item.id));
  const seen = new Set<string>();
  naiveItems = kept.map((item) => {
    seen.add(item.id);
    return changed.get(item.id) ?? item;
  });
  for (const item of body.upserts) if (!seen.has(item.id)) naiveItems.push(item);
  naiveVersion = body.version;
  requireHost().setLayers(baselineSensorLayers(naiveItems));
  return { points: naiveItems.length, handlerMs: performance.now() - t };
}

const bench: IngestBench = {
  async setup(m) {
    mode = m;
    const parent = document.querySelector<HTMLDivElement>('#deck');
    if (!parent) throw new Error('no #deck');
    host = await createDeckHost(parent, { width: 1280, height: 800 });
    // Shaders compiled outside the measurement, for both modes alike: the same icon layer with
    // one point drawn once, then removed.
    host.setLayers(baselineSensorLayers([WARM_UP]));
    await host.nextFrame();
    host.setLayers([]);
    await host.nextFrame();
    if (mode === 'pipeline') client = await startSensorClient(ON_DEMAND_POLL_MS);
  },
  ingest: () => measured(mode === 'pipeline' ? pipelinePhase : naiveIngest),
  delta: () => measured(mode === 'pipeline' ? pipelinePhase : naiveDelta),
};

(window as unknown as { bench: IngestBench }).bench = bench;

// Bench 6: what a 100k-point refresh costs the page while the data changes. The product: the real
// feed worker builds the environment scenario's view from a new snapshot, the scenario's own layer
// builder hands deck its columns. The baseline: fetch → JSON.parse → TanStack Query's structural
// sharing (unchanged readings keep their objects) → an accessor layer told which rows changed
// (deck.gl's data diffing). Per refresh: time in deck's attribute manager (AttributeManager.update,
// the span of its own 'Update Attributes' timer), bytes given to WebGL, and, from the trace, the main-thread tasks (tests/bench/frame.ts).
import { replaceEqualDeep } from '@tanstack/react-query';
import type { SensorReading } from '@/domain/sensor';
import type { FeedClient } from '@/feeds/feed-client';
import type { EnvironmentView } from '@/features/environment/environment-view';
import { ON_DEMAND_POLL_MS, SENSOR_VIEW, startSensorClient } from './shared/bench-worker';
import { installDeckCounters } from './shared/deck-counters';
import { createDeckHost, type DeckHost } from './shared/deck-host';
import { markWindow, markWork } from './shared/probe';
import { baselineSensorLayers, productSensorLayers } from './shared/scenario-layers';

export type FrameMode = 'pipeline' | 'naive';

export interface RefreshResult {
  points: number;
  /** From asking for the new data to the frame that drew it, ms. */
  endToEndMs: number;
  /** Time in deck's AttributeManager.update over the refresh (accessors run, columns set), ms. */
  attributeUpdateMs: number;
  /** deck's attribute invalidations and accessor updates (its debug hook). */
  attributesUpdated: number;
  /** Bytes given to WebGL (bufferData / bufferSubData) during the refresh. */
  uploadBytes: number;
  uploads: number;
  /** Whether the refresh drew new data (a new view, or a new parse for the baseline). */
  newData: boolean;
}

export interface FrameBench {
  setup(mode: FrameMode): Promise<void>;
  /** The first data (not measured: what ingest measures). */
  load(): Promise<number>;
  refresh(): Promise<RefreshResult>;
}

const SENSORS_URL = '/api/v1/sensors';
const PARAMS = { area: null };

const counters = installDeckCounters();
let mode: FrameMode = 'pipeline';
let host: DeckHost | null = null;
let client: FeedClient | null = null;
let held: { items: SensorReading[] } | null = null;

/** Lets the GPU process finish earlier frames (SwiftShader is slow) before a phase starts. */
async function settle() {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) => setTimeout(resolve, 250));
}

/** The stamp of the view drawn last (pipeline): a refresh that returns it again drew nothing new. */
let drawnStamp = -1;

async function apply(): Promise<{ points: number; newData: boolean }> {
  const deck = host!;
  if (mode === 'pipeline') {
    const envelope = await client!.view<EnvironmentView>(SENSOR_VIEW.id, PARAMS, Date.now());
    const newData = envelope.stamp !== drawnStamp;
    drawnStamp = envelope.stamp;
    deck.setLayers(productSensorLayers(envelope.view));
    return { points: envelope.view.points.length, newData };
  }
  const text = await (await fetch(SENSORS_URL, { cache: 'no-store' })).text();
  markWork('apply');
  const next = JSON.parse(text) as { items: SensorReading[] };
  held = replaceEqualDeep(held, next);
  deck.setLayers(baselineSensorLayers(held.items));
  return { points: held.items.length, newData: true };
}

const bench: FrameBench = {
  async setup(m) {
    mode = m;
    const parent = document.querySelector<HTMLDivElement>('#deck');
    if (!parent) throw new Error('no #deck');
    host = await createDeckHost(parent, { width: 1280, height: 800 });
    if (mode === 'pipeline') client = await startSensorClient(ON_DEMAND_POLL_MS);
  },
  async load() {
    const { points } = await apply();
    await host!.nextFrame();
    return points;
  },
  async refresh() {
    const deck = host!;
    await settle();
    deck.onFrame(() => markWork('frame'));
    const attributeMs = counters.attributeUpdateMs;
    const updated = counters.attributeUpdatesTotal;
    const bytes = counters.glUploadBytes;
    const uploads = counters.glUploads;
    markWindow('start');
    const t0 = performance.now();
    const { points, newData } = await apply();
    const drawnAt = await deck.nextFrame();
    markWindow('end');
    deck.onFrame(null);
    return {
      points,
      endToEndMs: drawnAt - t0,
      attributeUpdateMs: counters.attributeUpdateMs - attributeMs,
      attributesUpdated: counters.attributeUpdatesTotal - updated,
      uploadBytes: counters.glUploadBytes - bytes,
      uploads: counters.glUploads - uploads,
      newData,
    };
  },
};

(window as unknown as { bench: FrameBench }).bench = bench;

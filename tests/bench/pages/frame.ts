// Bench 6: main-thread CPU per frame while the camera moves over N points, binary attributes vs
// accessor-based objects. Points are synthetic (seeded) around the city's centre.
import type { DeckProps } from '@deck.gl/core';
import type { PointColumns } from '@/feeds/point-columns';
import { CITY_VIEW, createDeckHost, type DeckHost } from './shared/deck-host';
import { markWindow, markWork } from './shared/probe';
import { binarySensorLayer, naiveSensorLayer, type NaiveSensor } from './shared/sensor-layers';

export type FrameMode = 'binary' | 'naive';
type DeckMetrics = Parameters<NonNullable<DeckProps['_onMetrics']>>[0];

export interface FrameResult {
  mode: FrameMode;
  points: number;
  /** From setting the layer to its first drawn frame, ms (attribute generation for accessors). */
  firstFrameMs: number;
  frames: number;
  /** deck.metrics.cpuTimePerFrame of the 60-frame windows inside the moving phase, ms. */
  deckCpuPerFrameMs: number[];
  /** deck's animation loop CPU time of each moving frame (what cpuTimePerFrame averages), ms. */
  loopCpuMs: number[];
  /** onBeforeRender → onAfterRender (drawing only), ms per frame. */
  drawMs: number[];
  /** Wall time per frame while moving, ms (SwiftShader rasterises: this is not our CPU). */
  frameIntervalMs: number[];
}

const STATUSES = ['normal', 'warning', 'alarm', 'offline'];

/** A small seeded PRNG (mulberry32) so every run draws the same points. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Clustered points: most near a few hundred "community" centres, like a real city. */
function columns(n: number): PointColumns {
  const random = prng(42);
  const centres = Array.from({ length: 400 }, () => [
    118.9 + random() * 0.9,
    25.75 + random() * 0.5,
  ]);
  const positions = new Float32Array(n * 2);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const c = centres[Math.floor(random() * centres.length)]!;
    positions[i * 2] = c[0]! + (random() - 0.5) * 0.04;
    positions[i * 2 + 1] = c[1]! + (random() - 0.5) * 0.04;
    const r = random();
    status[i] = r < 0.9 ? 0 : r < 0.96 ? 1 : r < 0.98 ? 2 : 3;
  }
  return {
    area: null,
    version: 1,
    revision: 1,
    generatedAt: 0,
    droppedLast: 0,
    droppedTotal: 0,
    length: n,
    positions,
    status,
    statuses: STATUSES,
    ids: { bytes: new Uint8Array(0), offsets: new Uint32Array(n + 1) },
    counts: {},
    layoutKey: `synthetic-${n}`,
    statusKey: `synthetic-${n}`,
  };
}

function objects(view: PointColumns): NaiveSensor[] {
  return Array.from({ length: view.length }, (_, i) => ({
    id: `S-${i}`,
    position: [view.positions[i * 2]!, view.positions[i * 2 + 1]!] as [number, number],
    status: STATUSES[view.status[i]!]!,
  }));
}

let host: DeckHost | null = null;

async function run(mode: FrameMode, points: number, frames: number): Promise<FrameResult> {
  const parent = document.querySelector<HTMLDivElement>('#deck');
  if (!parent) throw new Error('no #deck');
  const query = new URLSearchParams(location.search);
  host ??= await createDeckHost(parent, {
    width: Number(query.get('width') ?? 1280),
    height: Number(query.get('height') ?? 800),
  });
  const deck = host;
  const view = columns(points);
  const data = mode === 'naive' ? objects(view) : null;

  const t0 = performance.now();
  const radius = Number(query.get('radius') ?? 2);
  deck.setLayers([
    data ? naiveSensorLayer(data, 'points', radius) : binarySensorLayer(view, 'points', radius),
  ]);
  const first = await deck.nextFrame();
  const firstFrameMs = first - t0;
  // One settled frame before moving (software GL takes seconds per frame at 1M points).
  {
    const drawn = deck.nextFrame();
    deck.deck.redraw('bench: settle');
    await drawn;
  }

  // deck reports its metrics every 60 animation frames: keep the windows that lie wholly inside
  // the moving phase.
  const windows: { at: number; cpu: number }[] = [];
  deck.deck.setProps({
    _onMetrics: (metrics: DeckMetrics) =>
      windows.push({ at: performance.now(), cpu: metrics.cpuTimePerFrame }),
  });
  const drawMs: number[] = [];
  const loopCpuMs: number[] = [];
  const loop = (deck.deck as unknown as { animationLoop: { cpuTime: { lastTiming: number } } })
    .animationLoop;
  let drawStart = 0;
  let frameIndex = 0;
  deck.deck.setProps({
    onBeforeRender: () => {
      drawStart = performance.now();
      // The loop's timer of the previous frame has closed by now.
      if (frameIndex++ > 0) loopCpuMs.push(loop.cpuTime.lastTiming);
    },
  });
  deck.onFrame(() => {
    drawMs.push(performance.now() - drawStart);
    markWork('frame');
  });

  markWindow('start');
  const movingFrom = performance.now();
  const frameIntervalMs: number[] = [];
  let last = movingFrom;
  for (let i = 0; i < frames; i += 1) {
    // A slow pan and zoom, one step per frame: every frame redraws, no attribute changes.
    const step = i / frames;
    deck.setViewState({
      ...CITY_VIEW,
      longitude: CITY_VIEW.longitude + 0.15 * Math.sin(step * Math.PI * 2),
      latitude: CITY_VIEW.latitude + 0.08 * Math.cos(step * Math.PI * 2),
      zoom: CITY_VIEW.zoom + 0.6 * Math.sin(step * Math.PI),
    });
    const now = await deck.nextFrame();
    frameIntervalMs.push(now - last);
    last = now;
  }
  const movingTo = performance.now();
  markWindow('end');
  deck.onFrame(null);
  const deckCpuPerFrameMs = windows
    .filter((w, i) => i > 0 && windows[i - 1]!.at >= movingFrom && w.at <= movingTo)
    .map((w) => w.cpu);
  deck.deck.setProps({ _onMetrics: null, onBeforeRender: () => undefined });
  deck.setLayers([]);
  await deck.nextFrame();
  return {
    mode,
    points,
    firstFrameMs,
    frames,
    deckCpuPerFrameMs,
    loopCpuMs,
    drawMs,
    frameIntervalMs,
  };
}

(window as unknown as { bench: { run: typeof run } }).bench = { run };

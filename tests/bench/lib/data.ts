// The benches' data, from the simulated city: 100k sensors (scale 100), a 5 % delta (whole items
// and columnar), an unchanged poll, and a scale-1 city for the first-map runs. Deterministic: same
// seed, same sim time.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  encodeColumnarDelta,
  encoderBase,
  type FeedItemJson,
} from '../../../src/adapters/native-rest/columnar-encode';
import { createCity } from '../../../mocks/sim/city';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import { toWall } from '../../../mocks/sim/wall';
import type { FeedName } from '../../../src/domain/common';
import type { SensorReading } from '../../../src/domain/sensor';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export const SEED = 42;
/** Sim time of the snapshot: a weekday morning in Fuzhou. */
export const SIM_T = Date.parse('2026-11-22T08:00:00+08:00');
/** The delta: sensors as they stand this much later. */
export const DELTA_AFTER_MS = 10 * 60_000;
export const ENTITIES = 100_000;
export const DELTA_SHARE = 0.05;

export interface SensorData {
  /** Sensors the simulator has at scale 100. */
  simCount: number;
  /** How the 100k were obtained from them. */
  how: string;
  items: SensorReading[];
  /** Native snapshot body, version 1. */
  snapshot: string;
  /** Native delta body since 1 (version 2): 5 % of the items changed, as whole items. */
  delta: string;
  /** The same delta in the columnar form (docs/api.md), as the real encoder writes it. */
  deltaColumns: string;
  /** The items the delta changes, as they were before it. */
  deltaBefore: SensorReading[];
  deltaUpserts: SensorReading[];
  /** A poll at version 1 with nothing new (the adapter reads it as unchanged). */
  unchanged: string;
  /** The 100k items after the delta (the 5 % it changes replaced). */
  itemsAfterDelta: SensorReading[];
}

/** A native snapshot body of the sensors at a version. */
export function snapshotBody(items: readonly SensorReading[], version: number): string {
  return JSON.stringify({ feed: 'sensors', version, generatedAt: SIM_T, items });
}

/** Every n-th of `list` so that `count` remain, spread over the whole list. */
export function spread<T>(list: readonly T[], count: number): T[] {
  if (count >= list.length) return [...list];
  return list.filter(
    (_, i) => Math.floor(((i + 1) * count) / list.length) > Math.floor((i * count) / list.length),
  );
}

export function sensorData(): SensorData {
  const geo = loadGeo(join(repo, 'public/geo/fuzhou'));
  const city = createCity({ seed: SEED, scale: 100, geo });
  const all = city.snapshot('sensors', SIM_T);
  if (all.length < ENTITIES)
    throw new Error(
      `the simulator has ${all.length} sensors at scale 100 (< ${ENTITIES}): replicate them`,
    );
  const items = spread(all, ENTITIES);
  const how = `${ENTITIES.toLocaleString('en')} of the ${all.length.toLocaleString('en')} sensors of createCity({seed: ${SEED}, scale: 100}), evenly spread by id`;

  const later = new Map(city.snapshot('sensors', SIM_T + DELTA_AFTER_MS).map((s) => [s.id, s]));
  const changedIndex: number[] = [];
  items.forEach((s, i) => {
    const next = later.get(s.id);
    if (next && JSON.stringify(next) !== JSON.stringify(s)) changedIndex.push(i);
  });
  const wanted = Math.round(ENTITIES * DELTA_SHARE);
  if (changedIndex.length < wanted)
    throw new Error(`only ${changedIndex.length} sensors changed in ${DELTA_AFTER_MS} ms`);
  const picked = spread(changedIndex, wanted);
  const deltaBefore = picked.map((i) => items[i]!);
  const deltaUpserts = deltaBefore.map((s) => later.get(s.id)!);
  const afterDelta = new Map(picked.map((index, k) => [index, deltaUpserts[k]!]));
  // As the server holds them: what JSON carries.
  const asJson = (s: SensorReading) => JSON.parse(JSON.stringify(s)) as FeedItemJson;
  const deltaColumns = encodeColumnarDelta(
    { feed: 'sensors', version: 2, since: 1, generatedAt: SIM_T + DELTA_AFTER_MS },
    encoderBase(items.map((s) => s.id)),
    deltaBefore.map((s, i) => ({ before: asJson(s), after: asJson(deltaUpserts[i]!) })),
    [],
    [],
  );

  return {
    simCount: all.length,
    how,
    items,
    snapshot: snapshotBody(items, 1),
    delta: JSON.stringify({
      feed: 'sensors',
      version: 2,
      since: 1,
      generatedAt: SIM_T + DELTA_AFTER_MS,
      upserts: deltaUpserts,
      removed: [],
    }),
    deltaColumns: JSON.stringify(deltaColumns),
    deltaBefore,
    deltaUpserts,
    itemsAfterDelta: items.map((s, i) => afterDelta.get(i) ?? s),
    unchanged: JSON.stringify({
      feed: 'sensors',
      version: 1,
      since: 1,
      generatedAt: SIM_T,
      upserts: [],
      removed: [],
    }),
  };
}

/** Snapshot bodies of every feed of a scale-1 city (the first-map runs serve them statically). */
export function cityFeeds(view: 'desktop' | 'wall' = 'desktop'): Record<FeedName, string> {
  const geo = loadGeo(join(repo, 'public/geo/fuzhou'));
  const city = createCity({ seed: SEED, scale: 1, geo });
  const body = (feed: FeedName) => {
    const items: unknown[] =
      feed === 'tickets' && view === 'wall'
        ? city.snapshot('tickets', SIM_T).map(toWall)
        : city.snapshot(feed, SIM_T);
    return JSON.stringify({ feed, version: 1, generatedAt: SIM_T, items });
  };
  return {
    tickets: body('tickets'),
    signals: body('signals'),
    sensors: body('sensors'),
    detections: body('detections'),
  };
}

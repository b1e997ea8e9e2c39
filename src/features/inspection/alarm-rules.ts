// The inspection scenario's alarms: a hot spot that is new or intensifying today, and a cluster
// of a street's cameras offline (docs/metrics.md, "Inspection": alarms).
import type { LngLat } from '@/domain/common';
import type { AlarmCondition, AlarmRule } from '@/feeds/alarms';
import { classCode } from './hotspot-classes';
import { stepStart } from './hotspot-cube';
import { analysisFor, hotspotGrid, loadHotspotGrid, type Analysed } from './hotspot-service';
import { prepared, type Prepared } from './inspection-view';
import { camerasOf, CAMERAS_MAX_AGE } from './resources';

/** Hot spots are watched at the district level's cells (about 900 m across), today. */
export const ALARM_RESOLUTION = 8;
/** Emerging: hot only lately and never before today (new, or a run since: consecutive). */
const EMERGING = new Set([classCode('new-hot'), classCode('consecutive-hot')]);
const INTENSIFYING_HOT = classCode('intensifying-hot');

/** A street's cameras offline: major from 3 and half of them, critical from 10 and 80 %. */
export const CAMERA_CLUSTER = {
  minMajor: 3,
  shareMajor: 0.5,
  minCritical: 10,
  shareCritical: 0.8,
  /** A status list older than this (by the city clock) raises nothing: it cannot tell. */
  maxAgeMs: 30 * 60_000,
} as const;

interface Flagged {
  i: number;
  street: Map<string, number>;
  x: number;
  y: number;
  n: number;
}

/** Per flagged cell of an analysis: where its detections lie (computed once per analysis). */
const placed = new WeakMap<Analysed, Map<number, Flagged>>();

function placeFlagged(a: Analysed, p: Prepared, flagged: number[]): Map<number, Flagged> {
  const held = placed.get(a);
  if (held) return held;
  const grid = hotspotGrid()!;
  const byCell = new Map<number, Flagged>();
  for (const i of flagged) byCell.set(i, { i, street: new Map(), x: 0, y: 0, n: 0 });
  if (byCell.size > 0) {
    const { cols } = p;
    const level = grid.level(a.resolution);
    const from = Math.max(a.itemsFrom, a.steps.start);
    const to = a.steps.end + 60_000;
    for (let r = 0; r < cols.n; r++) {
      const t = cols.at[r] as number;
      const b = cols.base[r] as number;
      if (t < from || t > to || b < 0) continue;
      const cell = level.cells[grid.levelIndexOf(level, b)];
      const i = cell === undefined ? undefined : a.indexOf.get(cell);
      const f = i === undefined ? undefined : byCell.get(i);
      if (!f) continue;
      const street = cols.streets.codes[cols.street[r] as number] as string;
      f.street.set(street, (f.street.get(street) ?? 0) + 1);
      f.x += cols.positions[r * 2] as number;
      f.y += cols.positions[r * 2 + 1] as number;
      f.n += 1;
    }
  }
  placed.set(a, byCell);
  return byCell;
}

const most = (m: Map<string, number>): string | null => {
  let best: string | null = null;
  let count = 0;
  for (const [k, n] of m)
    if (n > count || (n === count && best !== null && k < best)) [best, count] = [k, n];
  return best;
};

/**
 * 新增 / 加剧热点: a cell of the district level classified new, consecutive (a new hot spot that
 * has lasted: one rule, or the alarm would clear when "new" turns "consecutive") or intensifying
 * in today's analysis of the whole city, minimum sample met. Since: the start of its run of hot
 * steps.
 */
export const emergingHotspotRule: AlarmRule = {
  id: 'inspection.emerging-hotspot',
  feeds: ['detections'],
  prepare: () => loadHotspotGrid(),
  evaluate(input, { now, time }) {
    const a = analysisFor(input, 'today', ALARM_RESOLUTION, time, now);
    if (typeof a === 'string' || !a.analysis.enoughSteps) return [];
    const { analysis, steps } = a;
    const ns = steps.count;
    const flagged: number[] = [];
    for (let i = 0; i < analysis.cells.length; i++) {
      const k = analysis.classes[i] as number;
      if (analysis.eligible[i] === 1 && (EMERGING.has(k) || k === INTENSIFYING_HOT))
        flagged.push(i);
    }
    const p = prepared(input, time.dayStart(time.dayStart(now) - 1));
    if (!p) return [];
    const where = placeFlagged(a, p, flagged);
    const out: AlarmCondition[] = [];
    for (const i of flagged) {
      const f = where.get(i);
      let run = 0;
      while (run < ns && analysis.state[i * ns + ns - 1 - run] === 1) run++;
      const intensifying = analysis.classes[i] === INTENSIFYING_HOT;
      const position: LngLat | null = f && f.n > 0 ? [f.x / f.n, f.y / f.n] : null;
      out.push({
        place: analysis.cells[i] as string,
        severity: intensifying ? 'major' : 'minor',
        area: f ? most(f.street) : null,
        position,
        feed: 'detections',
        entity: null,
        since: stepStart(steps, ns - Math.max(1, run)),
        magnitude: analysis.totals[i] as number,
        message: {
          key: intensifying ? 'inspection.alarms.intensifying' : 'inspection.alarms.newHotspot',
          params: {
            count: analysis.totals[i] as number,
            z: Math.round((analysis.lastZ[i] as number) * 10) / 10,
            minutes: Math.round((steps.end - stepStart(steps, ns - Math.max(1, run))) / 60_000),
          },
        },
      });
    }
    return out;
  },
};

/**
 * 摄像头成片离线: a street whose cameras are offline together (at least CAMERA_CLUSTER.minMajor
 * and half of them). Since: the first of them to go.
 */
export const cameraClusterRule: AlarmRule = {
  id: 'inspection.camera-cluster-offline',
  feeds: ['detections'],
  prepare: (loader) => loader.load('detections', 'cameras', {}, CAMERAS_MAX_AGE),
  evaluate(input, { now }) {
    const held = camerasOf(input);
    if (held.state !== 'ok' || now - held.value.generatedAt > CAMERA_CLUSTER.maxAgeMs) return [];
    const streets = new Map<string, { total: number; offline: typeof held.value.cameras }>();
    for (const c of held.value.cameras) {
      let s = streets.get(c.street);
      if (!s) streets.set(c.street, (s = { total: 0, offline: [] }));
      s.total += 1;
      if (c.status === 'offline') s.offline.push(c);
    }
    const out: AlarmCondition[] = [];
    for (const [street, { total, offline }] of streets) {
      const n = offline.length;
      const share = n / total;
      const severity =
        n >= CAMERA_CLUSTER.minCritical && share >= CAMERA_CLUSTER.shareCritical
          ? 'critical'
          : n >= CAMERA_CLUSTER.minMajor && share >= CAMERA_CLUSTER.shareMajor
            ? 'major'
            : null;
      if (!severity) continue;
      let x = 0;
      let y = 0;
      let since = Infinity;
      for (const c of offline) {
        x += c.position[0];
        y += c.position[1];
        if (c.since !== null && c.since < since) since = c.since;
      }
      out.push({
        place: street,
        severity,
        area: street,
        position: [x / n, y / n],
        feed: 'detections',
        entity: null,
        ...(Number.isFinite(since) ? { since } : {}),
        magnitude: n,
        message: { key: 'inspection.alarms.cameraCluster', params: { offline: n, total } },
      });
    }
    return out;
  },
};

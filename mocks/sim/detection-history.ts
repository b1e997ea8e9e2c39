// Scenario 4: detections per H3 cell and time bin over days the feed's snapshot does not hold
// (the optional `detections/series` endpoint, docs/api.md). The same plans as the snapshots, so
// a bin that overlaps what the feed holds counts exactly what the feed holds.
import { cellToParent, latLngToCell } from 'h3-js';
import { MINUTE, SLOT, slotOf } from './clock';
import type { DetectionWorld } from './detections';
import { remember } from './slot-cache';
import type { SimAnswer } from './types';

/** Resolutions served: city (7), district (8) and the grid cell (9). */
export const SERIES_RESOLUTIONS = [7, 8, 9] as const;
/** At most eight days per request. */
export const SERIES_MAX_SPAN = 8 * 86_400_000;

/** A slot's detections as (base cell, time, community) triples. */
interface SlotCells {
  cells: string[];
  times: number[];
  communities: string[];
}

const bad = (error: string, message: string): SimAnswer => ({
  status: 400,
  body: { error, message },
});

/** Answers `detections/series` from the detection world (one cache of per-slot cells). */
export function createDetectionHistory(world: DetectionWorld) {
  const slots = new Map<number, SlotCells>();
  const interned = new Map<string, string>();
  const parents = new Map<number, Map<string, string>>();

  const slotCells = (slot: number): SlotCells => {
    const hit = slots.get(slot);
    if (hit) return hit;
    const cells: string[] = [];
    const times: number[] = [];
    const communities: string[] = [];
    for (const plan of world.uncachedSlot(slot)) {
      const [lng, lat] = world.position(plan);
      const cell = latLngToCell(lat, lng, 9);
      let shared = interned.get(cell);
      if (!shared) interned.set(cell, (shared = cell));
      cells.push(shared);
      times.push(plan.observedAt);
      communities.push(plan.community.code);
    }
    // Eight days of slots and a little more.
    return remember(slots, slot, { cells, times, communities }, 1200);
  };

  const parentOf = (cell: string, res: number): string => {
    if (res === 9) return cell;
    let map = parents.get(res);
    if (!map) parents.set(res, (map = new Map()));
    let parent = map.get(cell);
    if (!parent) {
      parent = cellToParent(cell, res);
      map.set(cell, parent);
    }
    return parent;
  };

  return (params: URLSearchParams, now: number): SimAnswer => {
    const res = Number(params.get('res') ?? '9');
    if (!(SERIES_RESOLUTIONS as readonly number[]).includes(res))
      return bad('bad_res', `res must be one of ${SERIES_RESOLUTIONS.join(', ')}`);
    const bin = Number(params.get('bin') ?? String(6 * 60 * MINUTE));
    if (!Number.isInteger(bin) || bin < SLOT || bin > 1_440 * MINUTE || bin % SLOT !== 0)
      return bad('bad_bin', 'bin must be a whole number of 10 minutes, up to a day');
    const from = Number(params.get('from'));
    const asked = Number(params.get('to'));
    if (
      !Number.isInteger(from) ||
      !Number.isInteger(asked) ||
      from < 0 ||
      asked <= from ||
      (asked - from) % bin !== 0 ||
      asked - from > SERIES_MAX_SPAN
    )
      return bad('bad_window', 'from < to, epoch ms, a whole number of bins, at most 8 days');
    // Bins not ended by now are left out: `to` says where the counts end.
    const to = Math.min(asked, from + Math.floor(Math.max(0, now - from) / bin) * bin);
    const bins = Math.max(0, (to - from) / bin);
    const index = new Map<string, number>();
    const rows: number[][] = [];
    const tallies: Map<string, number>[] = [];
    if (bins > 0) {
      for (let s = slotOf(from); s * SLOT < to; s += 1) {
        const { cells, times, communities } = slotCells(s);
        for (let k = 0; k < cells.length; k += 1) {
          const t = times[k] as number;
          if (t < from || t >= to) continue;
          const cell = parentOf(cells[k] as string, res);
          let i = index.get(cell);
          if (i === undefined) {
            i = rows.length;
            index.set(cell, i);
            rows.push(new Array<number>(bins).fill(0));
            tallies.push(new Map());
          }
          (rows[i] as number[])[Math.floor((t - from) / bin)]! += 1;
          const tally = tallies[i] as Map<string, number>;
          const community = communities[k] as string;
          tally.set(community, (tally.get(community) ?? 0) + 1);
        }
      }
    }
    // Non-zero counts only, as triples (cell index, bin index, count), by cell then bin.
    const order = [...index.keys()].sort();
    const counts: number[] = [];
    // The community holding most of each cell's detections (ties: the smallest code).
    const majority = order.map((cell) => {
      let best = '';
      let most = 0;
      for (const [code, n] of tallies[index.get(cell) as number] as Map<string, number>)
        if (n > most || (n === most && code < best)) [best, most] = [code, n];
      return best;
    });
    order.forEach((cell, i) => {
      const row = rows[index.get(cell) as number] as number[];
      row.forEach((n, k) => {
        if (n > 0) counts.push(i, k, n);
      });
    });
    return {
      status: 200,
      body: { feed: 'detections', res, bin, from, to, cells: order, communities: majority, counts },
    };
  };
}

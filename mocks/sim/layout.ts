// Static layout: how many entities of each kind stand in each district, and where. Computed once
// per city (lazily per kind), deterministic in the seed.
import type { LngLat } from '../../src/domain/common';
import type { Community, District, Places } from './places';
import { AliasTable, Rng, hash, hashString } from './prng';

export type LayoutKind =
  | 'signals'
  | 'cameras'
  | 'hotspots'
  | 'air-national'
  | 'air-micro'
  | 'water'
  | 'noise'
  | 'waterlogging'
  | 'slope';

/** Entities per district at ×1 in Fuzhou (the counts are the shares). */
const FUZHOU_SHARES: Readonly<Record<LayoutKind, Readonly<Record<string, number>>>> = {
  signals: {
    '350102': 210,
    '350103': 160,
    '350104': 230,
    '350111': 220,
    '350105': 80,
    '350112': 90,
    '350121': 110,
    '350181': 100,
  },
  cameras: {
    '350102': 130,
    '350103': 110,
    '350104': 150,
    '350111': 140,
    '350105': 50,
    '350112': 60,
    '350121': 60,
    '350181': 60,
    '350122': 10,
    '350123': 5,
    '350124': 5,
    '350125': 5,
    '350128': 15,
  },
  hotspots: {
    '350102': 12,
    '350103': 10,
    '350104': 10,
    '350111': 10,
    '350105': 4,
    '350112': 4,
    '350121': 4,
    '350181': 6,
  },
  'air-national': {
    '350102': 2,
    '350103': 1,
    '350104': 2,
    '350111': 2,
    '350105': 1,
    '350112': 1,
    '350121': 1,
  },
  'air-micro': {
    '350102': 30,
    '350103': 25,
    '350104': 35,
    '350111': 35,
    '350105': 12,
    '350112': 15,
    '350121': 15,
    '350181': 15,
    '350122': 4,
    '350123': 3,
    '350124': 3,
    '350125': 3,
    '350128': 5,
  },
  water: {
    '350102': 14,
    '350103': 16,
    '350104': 20,
    '350111': 20,
    '350105': 6,
    '350112': 6,
    '350121': 8,
    '350122': 5,
    '350123': 4,
    '350124': 5,
    '350125': 5,
    '350128': 3,
    '350181': 8,
  },
  noise: {
    '350102': 22,
    '350103': 20,
    '350104': 25,
    '350111': 25,
    '350105': 10,
    '350112': 10,
    '350121': 10,
    '350181': 12,
    '350122': 4,
    '350123': 3,
    '350124': 3,
    '350125': 3,
    '350128': 3,
  },
  waterlogging: {
    '350102': 15,
    '350103': 18,
    '350104': 16,
    '350111': 14,
    '350105': 5,
    '350112': 4,
    '350121': 5,
    '350181': 3,
  },
  slope: {
    '350111': 8,
    '350121': 7,
    '350104': 3,
    '350102': 2,
    '350105': 3,
    '350122': 4,
    '350123': 3,
    '350124': 4,
    '350125': 5,
    '350181': 1,
  },
};

/** Kinds that stand in built-up streets only. */
const URBAN_KINDS: ReadonlySet<LayoutKind> = new Set([
  'signals',
  'cameras',
  'hotspots',
  'air-national',
  'air-micro',
  'noise',
  'waterlogging',
]);

/** Counts at ×1. */
export const BASE_COUNTS: Readonly<Record<LayoutKind, number>> = {
  signals: 1200,
  cameras: 800,
  hotspots: 60,
  'air-national': 10,
  'air-micro': 200,
  water: 120,
  noise: 150,
  waterlogging: 80,
  slope: 40,
};

/**
 * Count of a kind at a scale. Micro air stations and noise sensors grow faster than linearly so
 * that ×100 reaches the ≥ 100k sensors of the benchmarks (a dense IoT roll-out), ×3 at ×100.
 */
export function countAt(kind: LayoutKind, scale: number): number {
  const dense =
    (kind === 'air-micro' || kind === 'noise') && scale > 1 ? 1 + (2 * (scale - 1)) / 99 : 1;
  return Math.max(1, Math.round(BASE_COUNTS[kind] * scale * dense));
}

const weightIn = (kind: LayoutKind, c: Community): number => {
  if (URBAN_KINDS.has(kind)) return c.street.urban ? (c.village ? 1 : 3) : 0;
  if (kind === 'slope') return c.village ? 2 : 1;
  return 1;
};

/** Share of each district in a kind: Fuzhou's table, or elsewhere proportional to its places. */
export function districtShares(places: Places, kind: LayoutKind): Map<District, number> {
  const table = FUZHOU_SHARES[kind];
  const known = places.districts.filter((d) => (table[d.code] ?? 0) > 0);
  const out = new Map<District, number>();
  if (known.length > 0) {
    for (const d of known) out.set(d, table[d.code] ?? 0);
    return out;
  }
  for (const d of places.districts) {
    const w = d.communities.reduce((s, c) => s + weightIn(kind, c), 0);
    if (w > 0) out.set(d, w);
  }
  return out;
}

/** Largest-remainder split of `total` by weights. */
export function apportion<K>(total: number, weights: ReadonlyMap<K, number>): Map<K, number> {
  const sum = [...weights.values()].reduce((s, w) => s + w, 0);
  const rows = [...weights].map(([k, w]) => {
    const exact = sum > 0 ? (total * w) / sum : 0;
    return { k, n: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = total - rows.reduce((s, r) => s + r.n, 0);
  for (const r of [...rows].sort((a, b) => b.rest - a.rest)) {
    if (left <= 0) break;
    r.n += 1;
    left -= 1;
  }
  return new Map(rows.map((r) => [r.k, r.n]));
}

export interface Sited {
  /** Index within the kind, in district order. */
  index: number;
  /** Index within its district. */
  local: number;
  community: Community;
  position: LngLat;
  /** A hash private to this entity, for its static attributes. */
  h: number;
}

/** Places `countAt(kind, scale)` entities over the city. */
export function layout(places: Places, seed: number, kind: LayoutKind, scale: number): Sited[] {
  const kindKey = hashString(kind);
  const counts = apportion(countAt(kind, scale), districtShares(places, kind));
  const out: Sited[] = [];
  for (const [district, n] of counts) {
    if (n === 0) continue;
    let pool = district.communities.filter((c) => weightIn(kind, c) > 0);
    if (pool.length === 0) pool = district.communities;
    const table = new AliasTable(pool.map((c) => weightIn(kind, c) || 1));
    const rng = new Rng(hash(seed, kindKey, district.index));
    for (let local = 0; local < n; local += 1) {
      const community = pool[table.sample(rng)] as Community;
      const h = hash(seed, kindKey, district.index, local);
      out.push({
        index: out.length,
        local,
        community,
        position: places.scatter(community, hash(h, 1)),
        h,
      });
    }
  }
  return out;
}

/** `P-350102-00012`: kind prefix, district, index within the district. */
export const sitedId = (prefix: string, s: Sited): string =>
  `${prefix}-${s.community.district.code}-${String(s.local).padStart(5, '0')}`;

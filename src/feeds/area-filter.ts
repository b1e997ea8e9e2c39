import type * as H3Module from 'h3-js';
import type { Placed } from '@/domain/common';
import { GRID_RESOLUTION, looksLikeCell } from '@/geo/grid';

type H3 = typeof H3Module;
let h3: H3 | null = null;

/**
 * Loads H3 (a large WebAssembly-free but heavy module) the first time a view needs grid cells:
 * a street, a community or a cell. City and district views never pay for it.
 */
export async function loadGrid(): Promise<void> {
  h3 ??= await import('h3-js');
}

/** Whether views of this area group or filter by grid cell. */
export const needsGrid = ({ area }: AreaParams): boolean =>
  area !== null && (area.length === 9 || area.length === 12 || looksLikeCell(area));

/** The universal filter: a division code (6/9/12 digits; the length is the level) or an H3 cell; null = whole city. */
export interface AreaParams {
  area: string | null;
}

const cellCache = new WeakMap<object, string>();

/** The H3 grid cell of an entity (memoised per item object). */
export function cellOfItem(item: Placed): string {
  let cell = cellCache.get(item);
  if (!cell) {
    if (!h3) throw new Error('grid cells used before loadGrid()');
    cell = h3.latLngToCell(item.position[1], item.position[0], GRID_RESOLUTION);
    cellCache.set(item, cell);
  }
  return cell;
}

/** What an area asked for is: the whole city (none, or the city's own code), a division, a cell. */
export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'cell';

export function areaLevelOf({ area }: AreaParams): AreaLevel {
  if (!area || /^\d{4}00$/.test(area)) return 'city';
  if (looksLikeCell(area)) return 'cell';
  if (area.length === 6) return 'district';
  if (area.length === 9) return 'street';
  return 'community';
}

export function areaMatcher(params: AreaParams): (item: Placed) => boolean {
  const area = params.area!;
  switch (areaLevelOf(params)) {
    case 'city':
      return () => true;
    case 'cell':
      return (item) => cellOfItem(item) === area;
    case 'district':
      return (item) => item.district === area;
    case 'street':
      return (item) => item.street === area;
    case 'community':
      return (item) => item.community === area;
  }
}

/** The next level down from an area, to group by. */
export function childKeyOf(params: AreaParams): {
  level: 'district' | 'street' | 'community' | 'cell';
  key: (item: Placed) => string;
} {
  switch (areaLevelOf(params)) {
    case 'city':
      return { level: 'district', key: (i) => i.district };
    case 'district':
      return { level: 'street', key: (i) => i.street };
    case 'street':
      return { level: 'community', key: (i) => i.community };
    default:
      return { level: 'cell', key: cellOfItem };
  }
}

/** Items by every division code they lie in (district, street, community), by id. */
export type AreaIndex<T> = Map<string, Map<string, T>>;

type Indexed = Placed & { id: string };

function addTo<T extends Indexed>(index: AreaIndex<T>, code: string, item: T): void {
  const items = index.get(code);
  if (items) items.set(item.id, item);
  else index.set(code, new Map([[item.id, item]]));
}

function removeFrom<T extends Indexed>(index: AreaIndex<T>, code: string, id: string): void {
  const items = index.get(code);
  if (!items?.delete(id)) return;
  if (items.size === 0) index.delete(code);
}

/** Groups items by district, street and community. */
export function indexByArea<T extends Indexed>(items: Iterable<T>): AreaIndex<T> {
  const index: AreaIndex<T> = new Map();
  for (const item of items) {
    addTo(index, item.district, item);
    addTo(index, item.street, item);
    addTo(index, item.community, item);
  }
  return index;
}

/**
 * Brings an index up to date with one change of its items: `before`, the items replaced or
 * removed; `after`, the items put in (new, or in place of one of `before` with the same id). An
 * item that stays in its area keeps its place in the area's order. The cost is the change's, not
 * the feed's: a delta of 5 % of a city's 800,000 tickets updates 42,000 entries instead of
 * regrouping 2.4 million.
 */
export function updateAreaIndex<T extends Indexed>(
  index: AreaIndex<T>,
  before: readonly T[],
  after: readonly T[],
): void {
  const next = new Map<string, T>();
  for (const item of after) next.set(item.id, item);
  for (const old of before) {
    const now = next.get(old.id);
    if (now?.district !== old.district) removeFrom(index, old.district, old.id);
    if (now?.street !== old.street) removeFrom(index, old.street, old.id);
    if (now?.community !== old.community) removeFrom(index, old.community, old.id);
  }
  for (const item of next.values()) {
    addTo(index, item.district, item);
    addTo(index, item.street, item);
    addTo(index, item.community, item);
  }
}

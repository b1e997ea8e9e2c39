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

export function areaMatcher({ area }: AreaParams): (item: Placed) => boolean {
  if (!area || /^\d{4}00$/.test(area)) return () => true;
  if (looksLikeCell(area)) return (item) => cellOfItem(item) === area;
  if (area.length === 6) return (item) => item.district === area;
  if (area.length === 9) return (item) => item.street === area;
  return (item) => item.community === area;
}

/** The next level down from an area, to group by. */
export function childKeyOf({ area }: AreaParams): {
  level: 'district' | 'street' | 'community' | 'cell';
  key: (item: Placed) => string;
} {
  if (!area || /^\d{4}00$/.test(area)) return { level: 'district', key: (i) => i.district };
  if (area.length === 6) return { level: 'street', key: (i) => i.street };
  if (area.length === 9) return { level: 'community', key: (i) => i.community };
  return { level: 'cell', key: cellOfItem };
}

/** Items by every division code they lie in (district, street, community). */
export type AreaIndex<T> = Map<string, T[]>;

/** Groups items by district, street and community: built once per data revision. */
export function indexByArea<T extends Placed>(items: Iterable<T>): AreaIndex<T> {
  const index: AreaIndex<T> = new Map();
  const add = (key: string, item: T) => {
    const list = index.get(key);
    if (list) list.push(item);
    else index.set(key, [item]);
  };
  for (const item of items) {
    add(item.district, item);
    add(item.street, item);
    add(item.community, item);
  }
  return index;
}

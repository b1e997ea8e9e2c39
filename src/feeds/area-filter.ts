import { cellOf, isGridCell } from '@/geo/cells';
import type { Placed } from '@/domain/common';

/** The universal filter: a division code (6/9/12 digits; the length is the level) or an H3 cell; null = whole city. */
export interface AreaParams {
  area: string | null;
}

const cellCache = new WeakMap<object, string>();

/** The H3 grid cell of an entity (memoised per item object). */
export function cellOfItem(item: Placed): string {
  let cell = cellCache.get(item);
  if (!cell) {
    cell = cellOf(item.position);
    cellCache.set(item, cell);
  }
  return cell;
}

export function areaMatcher({ area }: AreaParams): (item: Placed) => boolean {
  if (!area || /^\d{4}00$/.test(area)) return () => true;
  if (isGridCell(area)) return (item) => cellOfItem(item) === area;
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

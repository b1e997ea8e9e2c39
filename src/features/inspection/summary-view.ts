// What the overview shows of inspection: the headline figures and today's significant hot spots.
import type { Detection } from '@/domain/detection';
import { areaMatcher, type AreaParams } from '@/feeds/area-filter';
import type { ViewContext, ViewInput } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import { isHotClass } from './hotspot-classes';
import { hotspotGrid } from './hotspot-service';
import { buildHotspotView } from './hotspot-view';
import { computeKpis, joinOf, type InspectionKpis } from './inspection-view';
import { camerasOf } from './resources';
import { DAY_MS, MINUTE_MS } from '@/domain/city-time';

export interface InspectionSummary {
  asOf: number;
  kpis: InspectionKpis;
  kpisYesterday: InspectionKpis;
  cameras: { online: number; total: number } | null;
  /** Today's classified hot spots of the area, by class code (the hot classes only). */
  hotClasses: number[];
  /** Whether today's analysis could classify yet (enough steps). */
  classified: boolean;
  /** The hot cells, for the overview's map layer. */
  hot: { length: number; ids: string[]; classes: Uint8Array };
}

export function buildInspectionSummary(
  input: ViewInput,
  params: AreaParams,
  ctx: Pick<ViewContext, 'now' | 'time' | 'changesAt'>,
): InspectionSummary {
  const { now, time } = ctx;
  const { area } = params;
  const grid = hotspotGrid();
  const cellOf = grid ? (d: Detection) => grid.cellOf(d, 9) : null;
  const matches =
    area !== null && looksLikeCell(area)
      ? (d: Detection) => cellOf !== null && cellOf(d) === area
      : areaMatcher(params);
  ctx.changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  ctx.changesAt(time.nextDayStart(now));
  const items: Detection[] = [];
  for (const d of (input.inArea('detections') as ReadonlyMap<string, Detection>).values())
    if (matches(d)) items.push(d);
  const dayStart = time.dayStart(now);
  const yesterdayStart = time.dayStart(dayStart - 1);
  const { index } = joinOf(input, yesterdayStart);
  const hot = buildHotspotView(input, { area, window: 'today' }, ctx);
  const ids: string[] = [];
  const classes: number[] = [];
  const hotClasses = hot.classCounts.map(() => 0);
  for (let k = 0; k < hot.cells.length; k++) {
    const c = hot.cells.classes[k] as number;
    if (hot.cells.eligible[k] !== 1 || !isHotClass(c)) continue;
    ids.push(hot.cells.ids[k] as string);
    classes.push(c);
    hotClasses[c]! += 1;
  }
  const cameras = camerasOf(input);
  let online = 0;
  let total = 0;
  if (cameras.state === 'ok')
    for (const c of cameras.value.cameras) {
      if (!matches(c as unknown as Detection)) continue;
      total += 1;
      if (c.status === 'online') online += 1;
    }
  return {
    asOf: now,
    kpis: computeKpis(items, index.ticketOf, now, dayStart, cellOf),
    kpisYesterday: computeKpis(items, index.ticketOf, now - DAY_MS, yesterdayStart, cellOf),
    cameras: cameras.state === 'ok' ? { online, total } : null,
    hotClasses,
    classified: hot.enoughSteps,
    hot: { length: ids.length, ids, classes: Uint8Array.from(classes) },
  };
}

// What the overview shows of inspection: the headline figures and today's significant hot spots.
import type { Detection } from '@/domain/detection';
import { areaMatcher, type AreaParams } from '@/feeds/area-filter';
import type { ViewContext, ViewInput } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import { isHotClass } from './hotspot-classes';
import { hotspotGrid } from './hotspot-service';
import { buildHotspotView } from './hotspot-view';
import { computeKpis, prepared, type InspectionKpis } from './inspection-view';
import { camerasOf } from './resources';
import { MINUTE_MS } from '@/domain/city-time';

export interface InspectionSummary {
  asOf: number;
  kpis: InspectionKpis;
  kpisYesterday: InspectionKpis;
  cameras: { online: number; total: number } | null;
  /** Today's classified hot spots of the area, by class code (the hot classes only). */
  hotClasses: number[];
  /** Whether today's analysis could classify yet (enough steps). */
  classified: boolean;
  /** The hot cells, for the overview's map layer, at this H3 resolution. */
  hot: { length: number; ids: string[]; classes: Uint8Array };
  resolution: number;
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
  const p = prepared(input, time.dayStart(time.dayStart(now) - 1));
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
    ...computeKpis(p, area, now, time),
    cameras: cameras.state === 'ok' ? { online, total } : null,
    hotClasses,
    classified: hot.enoughSteps,
    hot: { length: ids.length, ids, classes: Uint8Array.from(classes) },
    resolution: hot.resolution,
  };
}

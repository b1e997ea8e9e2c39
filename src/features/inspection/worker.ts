// What the inspection scenario registers in the feed worker: its views (detections joined with
// tickets, the hot-spot analysis) and its alarm rules.
import { defineScenarioWorker } from '@/feeds/scenario-worker';
import { defineView } from '@/feeds/view-builder';
import type { AreaParams } from '@/feeds/area-filter';
import { cameraClusterRule, emergingHotspotRule } from './alarm-rules';
import { buildDetectionDetail, type DetectionDetail } from './detail-view';
import { loadHotspotGrid, resolutionFor, weekHistoryQuery } from './hotspot-service';
import {
  buildHotspotView,
  hotspotTransferables,
  isHotspotWindow,
  type HotspotParams,
  type HotspotView,
} from './hotspot-view';
import {
  buildInspectionView,
  inspectionTransferables,
  type InspectionView,
} from './inspection-view';
import { loadResources } from './resources';
import { settingsOr } from './settings';
import { buildInspectionSummary, type InspectionSummary } from './summary-view';
import {
  INSPECTION_DETECTION,
  INSPECTION_HOTSPOTS,
  INSPECTION_OVERVIEW,
  INSPECTION_SUMMARY,
} from './views';

const overviewView = defineView<AreaParams, InspectionView>({
  ...INSPECTION_OVERVIEW,
  prepare: async (_params, loader) => {
    await Promise.all([
      loadHotspotGrid(),
      loadResources(loader, { cameras: true, frontage: true }),
    ]);
  },
  build: (input, params, ctx) =>
    buildInspectionView(input, params, {
      ...input.facts('detections'),
      now: ctx.now,
      time: ctx.time,
      changesAt: ctx.changesAt,
      settings: settingsOr(ctx.settings('inspection')),
    }),
  transferables: inspectionTransferables,
});

const hotspotsView = defineView<HotspotParams, HotspotView>({
  ...INSPECTION_HOTSPOTS,
  prepare: async (params, loader) => {
    const history =
      params.window === '7d'
        ? weekHistoryQuery(resolutionFor(params.area), loader.now, loader.time)
        : undefined;
    await Promise.all([loadHotspotGrid(), loadResources(loader, history ? { history } : {})]);
  },
  build: (input, params, ctx) =>
    buildHotspotView(
      input,
      { area: params.area, window: isHotspotWindow(params.window) ? params.window : 'today' },
      ctx,
    ),
  transferables: hotspotTransferables,
});

const summaryView = defineView<AreaParams, InspectionSummary>({
  ...INSPECTION_SUMMARY,
  prepare: async (_params, loader) => {
    await Promise.all([loadHotspotGrid(), loadResources(loader, { cameras: true })]);
  },
  build: (input, params, ctx) => buildInspectionSummary(input, params, ctx),
  transferables: (view) => [view.hot.classes.buffer],
});

const detectionView = defineView<{ id: string }, DetectionDetail>({
  ...INSPECTION_DETECTION,
  prepare: (_params, loader) => loadResources(loader, { cameras: true }),
  build: (input, params, ctx) => buildDetectionDetail(input, params, ctx),
});

export const scenarioWorker = defineScenarioWorker({
  id: 'inspection',
  views: [overviewView, hotspotsView, summaryView, detectionView],
  alarmRules: [emergingHotspotRule, cameraClusterRule],
});

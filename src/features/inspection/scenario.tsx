import { lazy, useMemo } from 'react';
import type { PickingInfo } from '@deck.gl/core';
import { isGridCell } from '@/geo/cells';
import { urlActions, useCell, useSelectedId } from '@/state/url-state';
import type { MapMode, ScenarioDescriptor, ScenarioMap } from '@/state/scenario';
import { buildInspectionLayers, buildInspectionSummaryLayers } from './layers';
import { messages } from './messages';
import { useHotspotView, useInspectionSummary, useInspectionView } from './queries';
import { parseInspectionSettings } from './settings';
import { useCameraLayer, useHotspotWindow, useInspectionLayerMode } from './ui-state';

const NO_PICK = () => false;

function useInspectionMap(area: string | null, mode: MapMode): ScenarioMap {
  const full = mode === 'full';
  const view = useInspectionView(area, full);
  const window = useHotspotWindow();
  const hot = useHotspotView(area, window, full);
  const summary = useInspectionSummary(area, mode === 'summary');
  const layerMode = useInspectionLayerMode();
  const cameras = useCameraLayer();
  const selected = useSelectedId('detections');
  const cell = useCell();
  const city = area === null || /^\d{4}00$/.test(area);
  const selectedIndex = useMemo(
    () => (view && selected ? view.points.ids.indexOf(selected) : -1),
    [view, selected],
  );
  const layers = useMemo(
    () =>
      full
        ? buildInspectionLayers(view, hot, {
            mode: layerMode,
            cameras,
            city,
            selectedIndex,
            selectedCell: cell,
          })
        : mode === 'summary'
          ? buildInspectionSummaryLayers(summary)
          : [],
    [full, mode, view, hot, summary, layerMode, cameras, city, selectedIndex, cell],
  );
  return useMemo(
    () =>
      !full
        ? {
            layers,
            ready: mode === 'summary' && summary !== undefined,
            extent: null,
            onPick: NO_PICK,
          }
        : {
            layers,
            ready: view !== undefined && hot !== undefined,
            extent: view && view.area === area ? view.extent : null,
            onPick: (info: PickingInfo) => {
              if (info.layer?.id === 'inspection-cells' && hot && info.index >= 0) {
                const drill = hot.cells.drill[info.index];
                if (!drill) return false;
                if (isGridCell(drill)) urlActions.cellSelected(drill);
                else urlActions.areaSelected(drill);
                return true;
              }
              if (info.layer?.id === 'inspection-points' && view) {
                const id = view.points.ids[info.index];
                if (!id) return false;
                urlActions.entitySelected({ feed: 'detections', id });
                return true;
              }
              return false;
            },
          },
    [full, mode, layers, view, hot, summary, area],
  );
}

const panels = () => import('./panels');
const Kpis = lazy(() => panels().then((m) => ({ default: m.Kpis })));
const Left = lazy(() => panels().then((m) => ({ default: m.Left })));
const Right = lazy(() => panels().then((m) => ({ default: m.Right })));
const Tile = lazy(() => panels().then((m) => ({ default: m.Tile })));
const Drawer = lazy(() => panels().then((m) => ({ default: m.StandaloneDrawer })));

export const scenario: ScenarioDescriptor = {
  id: 'inspection',
  path: '/inspection',
  titleKey: 'inspection.title',
  feeds: ['detections'],
  messages,
  useMap: useInspectionMap,
  Kpis,
  Left,
  Right,
  Tile,
  drawers: { detections: Drawer },
  settings: parseInspectionSettings,
};

import { lazy, useMemo } from 'react';
import type { PickingInfo } from '@deck.gl/core';
import { pointIdAt, pointIndexOf } from '@/feeds/point-columns';
import { looksLikeCell as isGridCell } from '@/geo/grid';
import { urlActions, useSelectedId } from '@/state/url-state';
import type { MapMode, ScenarioDescriptor, ScenarioMap } from '@/state/scenario';
import { buildEnvironmentLayers, buildEnvironmentSummaryLayers } from './layers';
import { messages } from './messages';
import { useEnvironmentSummary, useEnvironmentSurface, useEnvironmentView } from './queries';
import { parseEnvironmentSettings } from './settings';
import { useEnterprisesOn, useSurfaceOn } from './ui-state';

const NO_PICK = () => false;

function useEnvironmentMap(area: string | null, mode: MapMode): ScenarioMap {
  const full = mode === 'full';
  const surfaceOn = useSurfaceOn();
  const enterprises = useEnterprisesOn();
  const view = useEnvironmentView(area, full);
  // A grid cell is one cell of the grid: no surface to draw inside it.
  const surface = useEnvironmentSurface(area, full && surfaceOn && !isGridCell(area ?? ''));
  const summary = useEnvironmentSummary(area, mode === 'summary');
  const selected = useSelectedId('sensors');
  const selectedIndex = useMemo(
    () => (view && selected ? pointIndexOf(view.points.ids, selected) : -1),
    [view, selected],
  );
  const layers = useMemo(
    () =>
      full
        ? buildEnvironmentLayers(view, isGridCell(area ?? '') ? undefined : surface, {
            surface: surfaceOn,
            enterprises,
            selectedIndex,
          })
        : mode === 'summary'
          ? buildEnvironmentSummaryLayers(summary)
          : [],
    [full, mode, view, surface, surfaceOn, enterprises, selectedIndex, summary, area],
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
            ready: view !== undefined,
            extent: view && view.area === area ? view.extent : null,
            onPick: (info: PickingInfo) => {
              if (info.layer?.id !== 'environment-sensors' || !view) return false;
              const id = pointIdAt(view.points.ids, info.index);
              if (id === null) return false;
              urlActions.entitySelected({ feed: 'sensors', id });
              return true;
            },
          },
    [full, mode, layers, view, summary, area],
  );
}

const panels = () => import('./panels');
const Kpis = lazy(() => panels().then((m) => ({ default: m.Kpis })));
const Left = lazy(() => panels().then((m) => ({ default: m.Left })));
const Right = lazy(() => panels().then((m) => ({ default: m.Right })));
const Tile = lazy(() => panels().then((m) => ({ default: m.Tile })));
const Chip = lazy(() => panels().then((m) => ({ default: m.Chip })));
const Drawer = lazy(() => panels().then((m) => ({ default: m.StandaloneDrawer })));

export const scenario: ScenarioDescriptor = {
  id: 'environment',
  path: '/environment',
  titleKey: 'environment.title',
  feeds: ['sensors'],
  messages,
  useMap: useEnvironmentMap,
  Kpis,
  Left,
  Right,
  Tile,
  Chip,
  drawers: { sensors: Drawer },
  settings: parseEnvironmentSettings,
};

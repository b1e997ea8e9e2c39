import { lazy, useMemo } from 'react';
import type { PickingInfo } from '@deck.gl/core';
import { urlActions, useCell, useSelectedId } from '@/state/url-state';
import type { MapMode, ScenarioDescriptor, ScenarioMap } from '@/state/scenario';
import { buildTrafficLayers, buildTrafficSummaryLayers } from './layers';
import { messages } from './messages';
import { useTrafficSummary, useTrafficView } from './traffic-queries';

const NO_PICK = () => false;

function useTrafficMap(area: string | null, mode: MapMode): ScenarioMap {
  const view = useTrafficView(area, mode === 'full');
  const summary = useTrafficSummary(area, mode === 'summary');
  const selected = useSelectedId('signals');
  const cell = useCell();
  const selectedIndex = useMemo(
    () => (view && selected ? view.points.ids.indexOf(selected) : -1),
    [view, selected],
  );
  const layers = useMemo(
    () =>
      mode === 'full'
        ? buildTrafficLayers(view, { selectedIndex, selectedCell: cell })
        : mode === 'summary'
          ? buildTrafficSummaryLayers(summary)
          : [],
    [mode, view, summary, selectedIndex, cell],
  );
  return useMemo(() => {
    if (mode === 'off') return { layers, ready: false, extent: null, onPick: NO_PICK };
    if (mode === 'summary')
      return {
        layers,
        ready: summary !== undefined,
        extent: null,
        onPick: (info: PickingInfo) => {
          if (info.layer?.id !== 'traffic-summary' || !summary) return false;
          const id = summary.trouble.ids[info.index];
          if (id === undefined) return false;
          urlActions.entitySelected({ feed: 'signals', id });
          return true;
        },
      };
    return {
      layers,
      ready: view !== undefined,
      extent: view && view.area === area ? view.extent : null,
      onPick: (info: PickingInfo) => {
        if (info.layer?.id === 'traffic-cells' && info.object) {
          urlActions.cellSelected((info.object as { key: string }).key);
          return true;
        }
        if (info.layer?.id !== 'traffic-points' || !view) return false;
        const id = view.points.ids[info.index];
        if (id === undefined) return false;
        urlActions.entitySelected({ feed: 'signals', id });
        return true;
      },
    };
  }, [mode, layers, view, summary, area]);
}

const panels = () => import('./panels');
const Kpis = lazy(() => panels().then((m) => ({ default: m.Kpis })));
const Left = lazy(() => panels().then((m) => ({ default: m.Left })));
const Right = lazy(() => panels().then((m) => ({ default: m.Right })));
const Tile = lazy(() => panels().then((m) => ({ default: m.Tile })));
const Drawer = lazy(() => panels().then((m) => ({ default: m.StandaloneDrawer })));

export const scenario: ScenarioDescriptor = {
  id: 'traffic',
  path: '/traffic',
  titleKey: 'traffic.title',
  feeds: ['signals'],
  messages,
  useMap: useTrafficMap,
  Kpis,
  Left,
  Right,
  Tile,
  drawers: { signals: Drawer },
};

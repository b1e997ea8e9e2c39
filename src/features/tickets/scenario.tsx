import { lazy, useMemo } from 'react';
import type { PickingInfo } from '@deck.gl/core';
import { pointIdAt, pointIndexOf } from '@/feeds/point-columns';
import { urlActions, useCell, useSelectedId } from '@/state/url-state';
import type { MapMode, ScenarioDescriptor, ScenarioMap } from '@/state/scenario';
import { buildTicketLayers, buildTicketSummaryLayers } from './layers';
import { messages } from './messages';
import { useTicketSummary, useTicketView } from './ticket-queries';
import { useTicketLayerMode } from './ticket-ui-state';

/** City: 2.5 km hexes; district: 800 m; street and below: 250 m. */
export function hexRadiusFor(area: string | null): number {
  if (!area) return 2500;
  return area.length === 6 ? 800 : 250;
}

const NO_PICK = () => false;

function useTicketMap(area: string | null, mode: MapMode): ScenarioMap {
  const view = useTicketView(area, mode === 'full');
  const summary = useTicketSummary(area, mode === 'summary');
  const layerMode = useTicketLayerMode();
  const selected = useSelectedId('tickets');
  const cell = useCell();
  const selectedIndex = useMemo(
    () => (view && selected ? pointIndexOf(view.points.ids, selected) : -1),
    [view, selected],
  );
  const layers = useMemo(
    () =>
      mode === 'full'
        ? buildTicketLayers(view, {
            mode: layerMode,
            selectedIndex,
            selectedCell: cell,
            pickPoints: area !== null,
            hexRadius: hexRadiusFor(area),
          })
        : mode === 'summary'
          ? buildTicketSummaryLayers(summary)
          : [],
    [mode, view, summary, layerMode, selectedIndex, cell, area],
  );
  return useMemo(
    () =>
      mode !== 'full'
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
              if (info.layer?.id === 'tickets-cells' && info.object) {
                urlActions.cellSelected((info.object as { key: string }).key);
                return true;
              }
              if (info.layer?.id !== 'tickets-points' || !view) return false;
              const id = pointIdAt(view.points.ids, info.index);
              if (id === null) return false;
              urlActions.entitySelected({ feed: 'tickets', id });
              return true;
            },
          },
    [mode, layers, view, summary, area],
  );
}

const panels = () => import('./panels');
const Kpis = lazy(() => panels().then((m) => ({ default: m.Kpis })));
const Left = lazy(() => panels().then((m) => ({ default: m.Left })));
const Right = lazy(() => panels().then((m) => ({ default: m.Right })));
const Tile = lazy(() => panels().then((m) => ({ default: m.Tile })));
const Drawer = lazy(() => panels().then((m) => ({ default: m.StandaloneDrawer })));

export const scenario: ScenarioDescriptor = {
  id: 'tickets',
  path: '/tickets',
  titleKey: 'tickets.title',
  feeds: ['tickets'],
  messages,
  useMap: useTicketMap,
  Kpis,
  Left,
  Right,
  Tile,
  drawers: { tickets: Drawer },
  // The catalogue's schema loads with the settings, not with the shell.
  settings: (raw, load) => import('./settings').then((m) => m.parseTicketSettings(raw, load)),
};

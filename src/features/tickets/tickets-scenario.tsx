import { lazy, useMemo } from 'react';
import type { PickingInfo } from '@deck.gl/core';
import { urlActions, useCell, useSelectedTicket } from '@/state/url-state';
import type { ScenarioDescriptor, ScenarioMap } from '@/state/scenario';
import { buildTicketLayers } from './layers';
import { useTicketView } from './ticket-queries';
import { useTicketLayerMode } from './ticket-ui-state';

/** City: 2.5 km hexes; district: 800 m; street and below: 250 m. */
export function hexRadiusFor(area: string | null): number {
  if (!area) return 2500;
  return area.length === 6 ? 800 : 250;
}

function useTicketMap(area: string | null, active: boolean): ScenarioMap {
  const view = useTicketView(area, active);
  const mode = useTicketLayerMode();
  const selected = useSelectedTicket();
  const cell = useCell();
  const selectedIndex = useMemo(
    () => (view && selected ? view.rows.findIndex((r) => r.id === selected) : -1),
    [view, selected],
  );
  const layers = useMemo(
    () =>
      active
        ? buildTicketLayers(view, {
            mode,
            selectedIndex,
            selectedCell: cell,
            pickPoints: area !== null,
            hexRadius: hexRadiusFor(area),
          })
        : [],
    [active, view, mode, selectedIndex, cell, area],
  );
  return useMemo(
    () => ({
      layers,
      ready: view !== undefined,
      extent: view && view.area === area ? view.extent : null,
      onPick: (info: PickingInfo) => {
        if (info.layer?.id === 'tickets-cells' && info.object) {
          urlActions.cellSelected((info.object as { key: string }).key);
          return true;
        }
        if (info.layer?.id !== 'tickets-points' || !view) return false;
        const row = view.rows[info.index];
        if (!row) return false;
        urlActions.ticketSelected(row.id);
        return true;
      },
    }),
    [layers, view],
  );
}

const panels = () => import('./tickets-panels');
const Kpis = lazy(() => panels().then((m) => ({ default: m.Kpis })));
const Left = lazy(() => panels().then((m) => ({ default: m.Left })));
const Right = lazy(() => panels().then((m) => ({ default: m.Right })));
const Summary = lazy(() => panels().then((m) => ({ default: m.Summary })));
const Highlights = lazy(() => panels().then((m) => ({ default: m.Highlights })));

export const ticketsScenario: ScenarioDescriptor = {
  id: 'tickets',
  path: '/tickets',
  titleKey: 'tickets.title',
  feeds: ['tickets'],
  useMap: useTicketMap,
  Kpis,
  Left,
  Right,
  Summary,
  Highlights,
};

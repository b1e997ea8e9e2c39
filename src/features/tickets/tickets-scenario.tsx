import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickingInfo } from '@deck.gl/core';
import { Panel } from '@/ui/panel';
import { isGridCell } from '@/geo/cells';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { urlActions, useCell, useSelectedTicket } from '@/state/url-state';
import type { ScenarioDescriptor, ScenarioMap, ScenarioProps } from '@/state/scenario';
import { buildTicketLayers } from './layers';
import { TicketKpiStrip } from './kpi-strip';
import { LiveList } from './live-list';
import { TicketDrawer } from './ticket-drawer';
import {
  CategoryChart,
  DepartmentChart,
  FunnelChart,
  HourlyChart,
  RankingChart,
} from './ticket-charts';
import { useTicketFreshness, useTicketView } from './ticket-queries';
import { ticketLayerModeChanged, useTicketLayerMode } from './ticket-ui-state';
import type { TicketView } from './ticket-view';

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

/** Freshness badge of the tickets feed for the area. */
export function TicketFreshness({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useTicketView(area);
  const { state, age } = useTicketFreshness(area);
  return (
    <FreshnessBadge
      feedLabel={t('feeds.tickets')}
      state={state}
      age={age}
      dropped={view?.droppedLast ?? 0}
      testId="freshness-tickets"
    />
  );
}

function WithView({
  area,
  children,
}: ScenarioProps & { children: (view: TicketView) => React.ReactNode }) {
  const { t } = useTranslation();
  const view = useTicketView(area);
  if (!view) return <p className="panel-loading">{t('app.loading')}</p>;
  return <>{children(view)}</>;
}

function Kpis({ area }: ScenarioProps) {
  return <WithView area={area}>{(view) => <TicketKpiStrip view={view} />}</WithView>;
}

function LayerToggle() {
  const { t } = useTranslation();
  const mode = useTicketLayerMode();
  return (
    <div className="segmented" role="group" aria-label={t('tickets.openTickets')}>
      {(['points', 'heat', 'hex'] as const).map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          onClick={() => ticketLayerModeChanged(m)}
          data-testid={`layer-${m}`}
        >
          {t(`tickets.layers.${m}`)}
        </button>
      ))}
    </div>
  );
}

const selectArea = (key: string) =>
  isGridCell(key) ? urlActions.cellSelected(key) : urlActions.areaSelected(key);

function Left({ area }: ScenarioProps) {
  const { t } = useTranslation();
  return (
    <WithView area={area}>
      {(view) => (
        <>
          <Panel
            title={t('tickets.ranking')}
            testId="panel-ranking"
            aside={<TicketFreshness area={area} />}
          >
            <RankingChart view={view} onSelect={selectArea} />
          </Panel>
          <Panel title={t('tickets.funnel')} testId="panel-funnel">
            <FunnelChart view={view} />
          </Panel>
          <Panel title={t('tickets.categories')} testId="panel-categories">
            <CategoryChart view={view} />
          </Panel>
        </>
      )}
    </WithView>
  );
}

function Right({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const selected = useSelectedTicket();
  return (
    <WithView area={area}>
      {(view) => (
        <>
          <Panel
            title={t('tickets.list')}
            testId="panel-list"
            className="panel-tall"
            aside={<LayerToggle />}
          >
            <LiveList
              view={view}
              selected={selected}
              onSelect={(id) => urlActions.ticketSelected(id)}
            />
          </Panel>
          <Panel title={t('tickets.hourly')} testId="panel-hourly">
            <HourlyChart view={view} />
          </Panel>
          <Panel title={t('tickets.departments')} testId="panel-departments">
            <DepartmentChart view={view} />
          </Panel>
          {selected ? (
            <TicketDrawer
              id={selected}
              revision={view.revision}
              now={view.generatedAt}
              onClose={() => urlActions.ticketSelected(null)}
            />
          ) : null}
        </>
      )}
    </WithView>
  );
}

function Summary({ area }: ScenarioProps) {
  const { t } = useTranslation();
  return (
    <WithView area={area}>
      {(view) => (
        <Panel
          title={t('tickets.byDistrict')}
          testId="panel-ranking"
          aside={<TicketFreshness area={area} />}
        >
          <RankingChart view={view} onSelect={selectArea} />
        </Panel>
      )}
    </WithView>
  );
}

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
};

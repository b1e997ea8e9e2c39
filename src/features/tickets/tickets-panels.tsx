// The tickets scenario's panels: loaded as their own chunk, so the app shell stays small as
// scenarios are added.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '@/ui/panel';
import { isGridCell } from '@/geo/cells';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { urlActions, useSelectedTicket } from '@/state/url-state';
import type { ScenarioProps } from '@/state/scenario';
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
}: ScenarioProps & { children: (view: TicketView) => ReactNode }) {
  const { t } = useTranslation();
  const view = useTicketView(area);
  if (!view) return <p className="panel-loading">{t('app.loading')}</p>;
  return <>{children(view)}</>;
}

export function Kpis({ area }: ScenarioProps) {
  return (
    <WithView area={area}>
      {(view) => (
        <div className="kpi-block">
          <TicketKpiStrip view={view} />
          <TicketFreshness area={area} />
        </div>
      )}
    </WithView>
  );
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

export function Left({ area }: ScenarioProps) {
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
          <Panel
            title={t('tickets.funnel')}
            testId="panel-funnel"
            aside={<TicketFreshness area={area} />}
          >
            <FunnelChart view={view} />
          </Panel>
          <Panel
            title={t('tickets.categories')}
            testId="panel-categories"
            aside={<TicketFreshness area={area} />}
          >
            <CategoryChart view={view} />
          </Panel>
        </>
      )}
    </WithView>
  );
}

export function Right({ area }: ScenarioProps) {
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
            aside={
              <>
                <TicketFreshness area={area} />
                <LayerToggle />
              </>
            }
          >
            <LiveList
              view={view}
              selected={selected}
              onSelect={(id) => urlActions.ticketSelected(id)}
            />
          </Panel>
          <Panel
            title={t('tickets.hourly')}
            testId="panel-hourly"
            aside={<TicketFreshness area={area} />}
          >
            <HourlyChart view={view} />
          </Panel>
          <Panel
            title={t('tickets.departments')}
            testId="panel-departments"
            aside={<TicketFreshness area={area} />}
          >
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

export function Summary({ area }: ScenarioProps) {
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

/** The overview's right column: today against yesterday by the hour, and the closed loop. */
export function Highlights({ area }: ScenarioProps) {
  const { t } = useTranslation();
  return (
    <WithView area={area}>
      {(view) => (
        <>
          <Panel
            title={t('tickets.hourly')}
            testId="panel-hourly"
            aside={<TicketFreshness area={area} />}
          >
            <HourlyChart view={view} />
          </Panel>
          <Panel
            title={t('tickets.funnel')}
            testId="panel-funnel"
            aside={<TicketFreshness area={area} />}
          >
            <FunnelChart view={view} />
          </Panel>
        </>
      )}
    </WithView>
  );
}

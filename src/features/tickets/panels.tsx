// The tickets scenario's panels: loaded as their own chunk, so the app shell stays small as
// scenarios are added.
import { useTranslation } from 'react-i18next';
import { Panel } from '@/ui/panel';
import { isGridCell } from '@/geo/cells';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { ViewGate } from '@/ui/view-gate';
import { KpiTile } from '@/ui/kpi-tile';
import { formatClock, formatCount, formatPercent } from '@/ui/format';
import { urlActions, useSelectedId } from '@/state/url-state';
import { useRuntime } from '@/state/runtime';
import type { DrawerProps, ScenarioProps } from '@/state/scenario';
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
import { useTicketSummary, useTicketView } from './ticket-queries';
import { ticketLayerModeChanged, useTicketLayerMode } from './ticket-ui-state';

const FEEDS = ['tickets'] as const;

/** "Figures as of 10:32": the one moment every figure of the view is computed for. */
function AsOf({ asOf }: { asOf: number }) {
  const { t, i18n } = useTranslation();
  const { config } = useRuntime();
  return (
    <span className="as-of num" data-testid="tickets-as-of" data-as-of={asOf}>
      {t('app.asOf', { time: formatClock(asOf, i18n.language, false, config.city.timeZone) })}
    </span>
  );
}

export function Kpis({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useTicketView(area);
  return (
    <div className="kpi-block">
      <ViewGate view={view} feeds={FEEDS}>
        {(v) => (
          <>
            <TicketKpiStrip view={v} />
            {v.future > 0 ? (
              <p className="note" data-testid="tickets-future">
                ◷ {t('tickets.future', { count: v.future })}
              </p>
            ) : null}
          </>
        )}
      </ViewGate>
      <div className="kpi-meta">
        {view ? <AsOf asOf={view.asOf} /> : null}
        <FreshnessBadge feeds={FEEDS} testId="freshness-tickets" detail />
      </div>
    </div>
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
  const view = useTicketView(area);
  return (
    <>
      <Panel title={t('tickets.ranking')} testId="panel-ranking" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <RankingChart view={v} onSelect={selectArea} />}
        </ViewGate>
      </Panel>
      <Panel title={t('tickets.funnel')} testId="panel-funnel" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <FunnelChart view={v} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('tickets.categories')}
        testId="panel-categories"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <CategoryChart view={v} />}
        </ViewGate>
      </Panel>
    </>
  );
}

export function Right({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useTicketView(area);
  const selected = useSelectedId('tickets');
  const { profile } = useRuntime();
  return (
    <>
      <Panel
        title={t('tickets.list')}
        testId="panel-list"
        className="panel-tall"
        feeds={FEEDS}
        resetKey={view}
        aside={profile === 'wall' ? undefined : <LayerToggle />}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => (
            <LiveList
              view={v}
              selected={selected}
              wall={profile === 'wall'}
              onSelect={(id) => urlActions.entitySelected({ feed: 'tickets', id })}
            />
          )}
        </ViewGate>
      </Panel>
      <Panel title={t('tickets.hourly')} testId="panel-hourly" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <HourlyChart view={v} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('tickets.departments')}
        testId="panel-departments"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <DepartmentChart view={v} />}
        </ViewGate>
      </Panel>
      {selected && view ? (
        <TicketDrawer
          id={selected}
          revision={view.revision}
          now={view.asOf}
          onClose={() => urlActions.entitySelected(null)}
        />
      ) : null}
    </>
  );
}

/** The drawer opened from another screen (the overview, an alarm): as of the tickets summary. */
export function StandaloneDrawer({ id, onClose }: DrawerProps) {
  const summary = useTicketSummary(null);
  if (!summary) return null;
  return <TicketDrawer id={id} revision={summary.asOf} now={summary.asOf} onClose={onClose} />;
}

/** The overview's tile: the closed loop's headline figures. */
export function Tile({ area }: ScenarioProps) {
  const { t, i18n } = useTranslation();
  const summary = useTicketSummary(area);
  const locale = i18n.language;
  return (
    <ViewGate view={summary} feeds={FEEDS}>
      {(s) => (
        <div className="tile-figures" data-testid="tile-tickets-figures">
          <KpiTile
            label={t('tickets.kpi.today')}
            value={formatCount(s.kpis.today, locale)}
            unit={t('units.tickets')}
            testId="tile-tickets-today"
          />
          <KpiTile
            label={t('tickets.kpi.open')}
            value={formatCount(s.kpis.open, locale)}
            unit={t('units.tickets')}
            testId="tile-tickets-open"
          />
          <KpiTile
            label={t('tickets.kpi.overdue')}
            value={formatCount(s.kpis.overdue, locale)}
            unit={t('units.tickets')}
            tone={s.kpis.overdue > 0 ? 'alarm' : 'normal'}
            testId="tile-tickets-overdue"
          />
          <KpiTile
            label={t('tickets.kpi.closureRate')}
            value={formatPercent(s.kpis.closureRate, locale)}
            testId="tile-tickets-closure"
          />
        </div>
      )}
    </ViewGate>
  );
}

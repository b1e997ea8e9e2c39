// The inspection scenario's panels: loaded as their own chunk.
import './inspection.css';
import { useTranslation } from 'react-i18next';
import { isGridCell } from '@/geo/cells';
import { useRuntime } from '@/state/runtime';
import type { DrawerProps, ScenarioProps } from '@/state/scenario';
import { urlActions, useSelectedId } from '@/state/url-state';
import { formatClock, formatCount } from '@/ui/format';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { KpiTile } from '@/ui/kpi-tile';
import { Panel } from '@/ui/panel';
import { ViewGate } from '@/ui/view-gate';
import { CasesPanel } from './cases-panel';
import { MatrixTable, TypeChart, TypeHourChart } from './charts';
import { ClassLegend, LayerToggle } from './class-legend';
import { classCode } from './hotspot-classes';
import { HotspotList, WindowToggle } from './hotspot-list';
import { DetectionDrawer } from './detection-drawer';
import { InspectionKpiStrip } from './kpi-strip';
import { useHotspotView, useInspectionSummary, useInspectionView } from './queries';
import { useHotspotWindow } from './ui-state';

const FEEDS = ['detections'] as const;
const JOINED = ['detections', 'tickets'] as const;

const select = (key: string) =>
  isGridCell(key) ? urlActions.cellSelected(key) : urlActions.areaSelected(key);
const openDetection = (id: string) => urlActions.entitySelected({ feed: 'detections', id });

/** "Figures as of 10:32": the one moment every figure of the view is computed for. */
function AsOf({ asOf }: { asOf: number }) {
  const { t, i18n } = useTranslation();
  const { config } = useRuntime();
  return (
    <span className="as-of num" data-testid="inspection-as-of" data-as-of={asOf}>
      {t('app.asOf', { time: formatClock(asOf, i18n.language, false, config.city.timeZone) })}
    </span>
  );
}

export function Kpis({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useInspectionView(area);
  return (
    <div className="kpi-block">
      <ViewGate view={view} feeds={FEEDS}>
        {(v) => (
          <>
            <InspectionKpiStrip view={v} />
            {v.future > 0 ? (
              <p className="note" data-testid="inspection-future">
                ◷ {t('inspection.future', { count: v.future })}
              </p>
            ) : null}
          </>
        )}
      </ViewGate>
      <div className="kpi-meta">
        {view ? <AsOf asOf={view.asOf} /> : null}
        <FreshnessBadge feeds={FEEDS} testId="freshness-detections" />
      </div>
    </div>
  );
}

export function Left({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const window = useHotspotWindow();
  const hot = useHotspotView(area, window);
  const view = useInspectionView(area);
  return (
    <>
      <Panel
        title={t('inspection.hotspots')}
        testId="panel-hotspots"
        className="panel-tall"
        feeds={FEEDS}
        resetKey={hot}
        aside={<WindowToggle view={hot} window={window} />}
      >
        <ViewGate view={hot} feeds={FEEDS}>
          {(v) => <HotspotList view={v} onDrill={select} />}
        </ViewGate>
      </Panel>
      <Panel title={t('inspection.types')} testId="panel-types" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <TypeChart view={v} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('inspection.typeHours')}
        testId="panel-type-hours"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <TypeHourChart view={v} />}
        </ViewGate>
      </Panel>
    </>
  );
}

export function Right({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const window = useHotspotWindow();
  const hot = useHotspotView(area, window);
  const view = useInspectionView(area);
  const selected = useSelectedId('detections');
  const { config } = useRuntime();
  const withTickets = config.feeds.tickets ? JOINED : FEEDS;
  return (
    <>
      <Panel
        title={t('inspection.legend')}
        testId="panel-classes"
        className="panel-legend"
        feeds={FEEDS}
        resetKey={hot}
      >
        <LayerToggle />
        <ViewGate view={hot} feeds={FEEDS}>
          {(v) => <ClassLegend view={v} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('inspection.cases')}
        testId="panel-cases"
        className="panel-tall"
        feeds={withTickets}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <CasesPanel view={v} selected={selected} onSelect={openDetection} />}
        </ViewGate>
      </Panel>
      <Panel title={t('inspection.matrix')} testId="panel-matrix" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <MatrixTable view={v} onSelect={select} />}
        </ViewGate>
      </Panel>
      {selected ? (
        <DetectionDrawer id={selected} onClose={() => urlActions.entitySelected(null)} />
      ) : null}
    </>
  );
}

/** The drawer opened from another screen (an alarm, the overview). */
export function StandaloneDrawer({ id, onClose }: DrawerProps) {
  return <DetectionDrawer id={id} onClose={onClose} />;
}

const EMERGING = [
  classCode('new-hot'),
  classCode('consecutive-hot'),
  classCode('intensifying-hot'),
];

/** The overview's tile: detections, cases, emerging hot spots and cameras. */
export function Tile({ area }: ScenarioProps) {
  const { t, i18n } = useTranslation();
  const summary = useInspectionSummary(area);
  const locale = i18n.language;
  return (
    <ViewGate view={summary} feeds={FEEDS}>
      {(s) => {
        const emerging = EMERGING.reduce((n, c) => n + (s.hotClasses[c] ?? 0), 0);
        return (
          <div className="tile-figures" data-testid="tile-inspection-figures">
            <KpiTile
              label={t('inspection.kpi.today')}
              value={formatCount(s.kpis.today, locale)}
              testId="tile-inspection-today"
            />
            <KpiTile
              label={t('inspection.tile.cases')}
              value={formatCount(s.kpis.cases, locale)}
              testId="tile-inspection-cases"
            />
            <KpiTile
              label={t('inspection.tile.emerging')}
              value={s.classified ? formatCount(emerging, locale) : '—'}
              {...(s.classified ? {} : { comparison: t('inspection.tile.unclassified') })}
              tone={emerging > 0 ? 'attention' : 'normal'}
              testId="tile-inspection-emerging"
            />
            <KpiTile
              label={t('inspection.kpi.camerasOnline')}
              value={
                s.cameras
                  ? `${formatCount(s.cameras.online, locale)} / ${formatCount(s.cameras.total, locale)}`
                  : '—'
              }
              tone={s.cameras && s.cameras.online < s.cameras.total ? 'attention' : 'normal'}
              testId="tile-inspection-cameras"
            />
          </div>
        );
      }}
    </ViewGate>
  );
}

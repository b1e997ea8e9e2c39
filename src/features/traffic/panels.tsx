// The traffic scenario's panels: loaded as their own chunk.
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '@/ui/panel';
import { isGridCell } from '@/geo/cells';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { ViewGate } from '@/ui/view-gate';
import { KpiTile } from '@/ui/kpi-tile';
import { formatCount } from '@/ui/format';
import { useAreaName } from '@/ui/use-area-name';
import { useCityFormat } from '@/ui/use-city-format';
import { useDurationText } from '@/ui/use-duration';
import { urlActions, useSelectedId } from '@/state/url-state';
import { SIGNAL_MODES } from '@/domain/signal';
import type { DrawerProps, ScenarioProps } from '@/state/scenario';
import { BIN_MS } from './bins';
import { CONGESTION_LEVELS } from './congestion';
import { IntersectionDrawer } from './intersection-drawer';
import { TrafficKpiStrip } from './kpi-strip';
import {
  AdaptiveChart,
  HistoryChart,
  IndexRankingChart,
  TerminationChart,
  useLevelName,
} from './traffic-charts';
import { levelTone, one, percent0, signed } from './traffic-format';
import { useTrafficSummary, useTrafficView } from './traffic-queries';
import {
  FAULT_HEX,
  INCOMPLETE_MARK,
  LEVEL_HEX,
  MODE_MARK,
  OFFLINE_HEX,
  STATE_MARK,
} from './traffic-style';
import type { SignalRow, TrafficView } from './traffic-view';
import './traffic.css';

const FEEDS = ['signals'] as const;

const openSignal = (id: string) => urlActions.entitySelected({ feed: 'signals', id });
const selectArea = (key: string) =>
  isGridCell(key) ? urlActions.cellSelected(key) : urlActions.areaSelected(key);

function AsOf({ asOf }: { asOf: number }) {
  const { t } = useTranslation();
  const format = useCityFormat();
  return (
    <span className="as-of num" data-testid="traffic-as-of" data-as-of={asOf}>
      {t('app.asOf', { time: format.clock(asOf) })}
    </span>
  );
}

/** What the map's colours, shapes and sizes mean: nothing on the map needs a hover. */
function Legend() {
  const { t } = useTranslation();
  return (
    <div
      className="traffic-legend"
      data-testid="traffic-legend"
      aria-label={t('traffic.legend.title')}
    >
      <span className="legend-group">
        {CONGESTION_LEVELS.map((level) => (
          <span key={level} className="legend-item">
            <span className="legend-swatch" style={{ background: LEVEL_HEX[level] }} aria-hidden />
            {t(`traffic.levels.${level}`)}
          </span>
        ))}
      </span>
      <span className="legend-group">
        {(['running', 'manual', 'flashing'] as const).map((s) => (
          <span key={s} className="legend-item">
            <span aria-hidden className="legend-mark">
              {STATE_MARK[s]}
            </span>
            {t(`traffic.states.${s}`)}
          </span>
        ))}
        <span className="legend-item">
          <span aria-hidden className="legend-mark" style={{ color: FAULT_HEX }}>
            {STATE_MARK.fault}
          </span>
          {t('traffic.states.fault')}
        </span>
        <span className="legend-item">
          <span aria-hidden className="legend-mark" style={{ color: OFFLINE_HEX }}>
            {STATE_MARK.offline}
          </span>
          {t('traffic.states.offline')}
        </span>
        <span className="legend-item">
          <span aria-hidden className="legend-mark">
            {INCOMPLETE_MARK}
          </span>
          {t('traffic.states.incomplete')}
        </span>
        <span className="legend-item legend-note">{t('traffic.legend.size')}</span>
      </span>
    </div>
  );
}

export function Kpis({ area }: ScenarioProps) {
  const view = useTrafficView(area);
  return (
    <div className="kpi-block">
      <ViewGate view={view} feeds={FEEDS}>
        {(v) => <TrafficKpiStrip view={v} />}
      </ViewGate>
      <div className="kpi-meta">
        <Legend />
        {view ? <AsOf asOf={view.asOf} /> : null}
        <FreshnessBadge feeds={FEEDS} testId="freshness-traffic" />
      </div>
    </div>
  );
}

// ---- left column ------------------------------------------------------------------------------

const Peaks = memo(function Peaks({ view }: { view: TrafficView }) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const nameOf = useAreaName();
  const h = view.history;
  if (h.status !== 'ok') return null;
  const locale = i18n.language;
  return (
    <ul className="traffic-peaks" data-testid="traffic-peaks">
      {h.peaks.map((p) => (
        <li key={p.id}>
          <span className="peak-name">{t(`traffic.history.peaks.${p.id}`)}</span>
          <span className="num">
            {t('traffic.history.peakValue', {
              today: one(p.today, locale),
              lastWeek: one(p.lastWeek, locale),
            })}
            {!p.complete && p.today !== null ? t('traffic.history.partial') : ''}
          </span>
        </li>
      ))}
      {h.max ? (
        <li>
          <span className="num">
            {t('traffic.history.max', {
              value: one(h.max.value, locale),
              time: format.clock(h.max.at),
            })}
          </span>
          {h.area !== view.area && h.area !== null ? (
            <span className="peak-note">{t('traffic.history.of', { area: nameOf(h.area) })}</span>
          ) : null}
        </li>
      ) : null}
    </ul>
  );
});

function History({ view }: { view: TrafficView }) {
  const { t } = useTranslation();
  const h = view.history;
  if (h.status !== 'ok')
    return (
      <p className="panel-state" data-testid="traffic-history-state" data-state={h.status}>
        {t(`traffic.history.${h.status}`)}
      </p>
    );
  return (
    <div className="traffic-history">
      <HistoryChart history={h} />
      <Peaks view={view} />
    </div>
  );
}

/** Controllers by mode, then those in fault or offline with how long, then incomplete logs. */
const ControllerStatus = memo(function ControllerStatus({ view }: { view: TrafficView }) {
  const { t, i18n } = useTranslation();
  const duration = useDurationText();
  const format = useCityFormat();
  const nameOf = useAreaName();
  const selected = useSelectedId('signals');
  const locale = i18n.language;
  const darkTotal = view.kpis.fault + view.kpis.offline;
  return (
    <div className="traffic-status">
      <ul className="mode-counts" data-testid="traffic-modes">
        {SIGNAL_MODES.map((mode, i) => (
          <li key={mode} className={`mode-${mode}`} data-mode={mode}>
            <span aria-hidden className="mode-mark">
              {MODE_MARK[mode]}
            </span>
            <span>{t(`traffic.modes.${mode}`)}</span>
            <span className="num mode-count">{formatCount(view.kpis.modes[i] ?? 0, locale)}</span>
          </li>
        ))}
      </ul>
      <p className="status-line num" data-testid="traffic-incomplete">
        <span className="row-mark incomplete-mark" aria-hidden>
          {INCOMPLETE_MARK}
        </span>{' '}
        {t('traffic.status.incompleteLine', {
          count: formatCount(view.kpis.incomplete, locale),
          logged: formatCount(view.kpis.logged, locale),
        })}
      </p>
      <ol className="traffic-list" data-testid="traffic-dark-list" data-count={darkTotal}>
        {view.dark.length === 0 ? <li className="empty">{t('traffic.status.none')}</li> : null}
        {view.dark.map((row) => (
          <li key={row.id}>
            <button
              type="button"
              className={`signal-row mode-${row.mode}${row.id === selected ? ' selected' : ''}`}
              data-testid="traffic-dark-row"
              data-id={row.id}
              onClick={() => openSignal(row.id)}
            >
              <span className="row-mark" aria-label={t(`traffic.modes.${row.mode}`)}>
                {MODE_MARK[row.mode]}
              </span>
              <span className="row-name" dir="auto">
                {row.name}
              </span>
              <span className="row-value num">{duration(view.asOf - row.since)}</span>
              <span className="row-detail">
                {t(`traffic.modes.${row.mode}`)} · {nameOf(row.street)} ·{' '}
                {t('traffic.status.lastReport', { time: format.clock(row.lastReport) })}
              </span>
            </button>
          </li>
        ))}
        {darkTotal > view.dark.length ? (
          <li className="more">
            {t('traffic.status.more', { count: darkTotal - view.dark.length })}
          </li>
        ) : null}
        {view.incomplete.slice(0, 20).map((row) => (
          <li key={`i:${row.id}`}>
            <button
              type="button"
              className={`signal-row incomplete${row.id === selected ? ' selected' : ''}`}
              data-testid="traffic-incomplete-row"
              data-id={row.id}
              onClick={() => openSignal(row.id)}
            >
              <span className="row-mark" aria-label={t('traffic.states.incomplete')}>
                {INCOMPLETE_MARK}
              </span>
              <span className="row-name" dir="auto">
                {row.name}
              </span>
              <span className="row-value num">
                {row.completeness === null
                  ? t('traffic.status.noLog')
                  : percent0(row.completeness, locale)}
              </span>
              <span className="row-detail">
                {t('traffic.status.incomplete')} · {nameOf(row.street)}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
});

const rankingTitle = (level: TrafficView['rankingLevel']) => `traffic.ranking.${level}`;

export function Left({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useTrafficView(area);
  const title = t(rankingTitle(view?.rankingLevel ?? 'district'));
  return (
    <>
      <Panel title={title} testId="panel-traffic-ranking" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <IndexRankingChart entries={v.ranking} title={title} onSelect={selectArea} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('traffic.history.title')}
        testId="panel-traffic-history"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <History view={v} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('traffic.status.title')}
        testId="panel-traffic-status"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <ControllerStatus view={v} />}
        </ViewGate>
      </Panel>
    </>
  );
}

// ---- right column -----------------------------------------------------------------------------

const Performance = memo(function Performance({ view }: { view: TrafficView }) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const locale = i18n.language;
  const bin = view.bin;
  if (!bin) return <p className="panel-state">{t('traffic.kpi.noBin')}</p>;
  const figures: [string, string, string][] = [
    [t('traffic.performance.aog'), percent0(bin.arrivalsOnGreen, locale), ''],
    [t('traffic.performance.platoon'), one(bin.platoonRatio, locale), ''],
    [
      t('traffic.performance.splitFailures'),
      formatCount(bin.splitFailures, locale),
      `${t('traffic.units.cycles')} · ${percent0(bin.splitFailureShare, locale)}`,
    ],
    [t('traffic.performance.delay'), one(bin.delayPerVehicle, locale), t('traffic.units.sPerVeh')],
    [t('traffic.performance.volume'), formatCount(bin.volume, locale), t('traffic.units.vehicles')],
    [
      t('traffic.performance.oversaturated'),
      formatCount(bin.oversaturated, locale),
      t('traffic.units.intersections'),
    ],
  ];
  return (
    <div className="traffic-performance">
      <p className="figure-window num" data-testid="traffic-bin-window">
        {t('traffic.performance.window', {
          from: format.clock(bin.start),
          to: format.clock(bin.start + BIN_MS),
          count: formatCount(bin.intersections, locale),
        })}
      </p>
      <dl className="traffic-figures" data-testid="traffic-performance">
        {figures.map(([label, value, unit]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <span className="num figure-value">{value}</span>
              {unit ? <span className="figure-unit">{unit}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <div className="traffic-chart-slot">
        <TerminationChart trend={view.trend} />
      </div>
    </div>
  );
});

type WorstKind = 'delay' | 'splitFailures' | 'queue';

function WorstList({ view, kind }: { view: TrafficView; kind: WorstKind }) {
  const { t, i18n } = useTranslation();
  const nameOf = useAreaName();
  const levelName = useLevelName();
  const selected = useSelectedId('signals');
  const locale = i18n.language;
  const rows: SignalRow[] = view.worst[kind];
  const value = (r: SignalRow) =>
    kind === 'delay'
      ? `${one(r.value, locale)} ${t('traffic.units.sPerVeh')}`
      : kind === 'splitFailures'
        ? `${formatCount(r.value, locale)} ${t('traffic.units.cycles')}`
        : `${formatCount(r.value, locale)} ${t('traffic.units.meters')}`;
  const detail = (r: SignalRow) =>
    kind === 'delay'
      ? t('traffic.worst.delayDetail', { volume: formatCount(r.detail ?? 0, locale) })
      : kind === 'splitFailures'
        ? t('traffic.worst.splitDetail', { share: percent0(r.detail, locale) })
        : t('traffic.worst.queueDetail', { vc: r.detail === null ? '—' : r.detail.toFixed(2) });
  if (rows.length === 0) return <p className="panel-state">{t('traffic.worst.empty')}</p>;
  return (
    <ol className="traffic-list worst-list" data-testid={`traffic-worst-${kind}`}>
      {rows.map((r, i) => {
        const level = r.level < CONGESTION_LEVELS.length ? CONGESTION_LEVELS[r.level]! : null;
        return (
          <li key={r.id}>
            <button
              type="button"
              className={`signal-row${r.id === selected ? ' selected' : ''}`}
              data-testid="traffic-worst-row"
              data-id={r.id}
              onClick={() => openSignal(r.id)}
            >
              <span className="row-rank num">{i + 1}</span>
              <span className="row-name" dir="auto">
                {r.name}
              </span>
              <span className="row-value num">{value(r)}</span>
              <span className="row-detail">
                <span
                  className="level-chip"
                  style={{ background: level ? LEVEL_HEX[level] : undefined }}
                  aria-hidden
                />
                {levelName(level)} · {t(`traffic.modes.${r.mode}`)} · {nameOf(r.street)} ·{' '}
                {detail(r)}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function WorstToggle({ kind, onChange }: { kind: WorstKind; onChange: (k: WorstKind) => void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('traffic.worst.title')}>
      {(['delay', 'splitFailures', 'queue'] as const).map((k) => (
        <button
          key={k}
          type="button"
          aria-pressed={kind === k}
          onClick={() => onChange(k)}
          data-testid={`worst-${k}`}
        >
          {t(`traffic.worst.${k}`)}
        </button>
      ))}
    </div>
  );
}

const Adaptive = memo(function Adaptive({ view }: { view: TrafficView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const a = view.adaptive;
  if (a.adjustments === 0) return <p className="panel-state">{t('traffic.adaptive.none')}</p>;
  return (
    <div className="traffic-adaptive" data-testid="traffic-adaptive">
      <dl className="traffic-figures">
        <div>
          <dt>{t('traffic.adaptive.shifted')}</dt>
          <dd>
            <span className="num figure-value">{formatCount(a.shifted, locale)}</span>
            <span className="figure-unit">{t('traffic.units.seconds')}</span>
          </dd>
        </div>
        <div>
          <dt>{t('traffic.adaptive.adjustments')}</dt>
          <dd>
            <span className="num figure-value">{formatCount(a.adjustments, locale)}</span>
            <span className="figure-unit">{t('traffic.units.times')}</span>
          </dd>
        </div>
        <div>
          <dt>{t('traffic.adaptive.intersections')}</dt>
          <dd>
            <span className="num figure-value">{formatCount(a.intersections, locale)}</span>
            <span className="figure-unit">{t('traffic.units.intersections')}</span>
          </dd>
        </div>
      </dl>
      <p className="adaptive-bought" data-testid="traffic-adaptive-bought">
        <span className="bought-label">{t('traffic.adaptive.bought')}</span>{' '}
        <span className="num">
          {a.measured > 0
            ? t('traffic.adaptive.beforeAfter', {
                before: one(a.delayBefore, locale),
                after: one(a.delayAfter, locale),
                delta: signed((a.delayAfter ?? 0) - (a.delayBefore ?? 0), locale),
                count: formatCount(a.measured, locale),
              })
            : t('traffic.adaptive.notMeasured')}
        </span>
        <br />
        <span className="bought-baseline num">
          {a.baselineChange !== null
            ? t('traffic.adaptive.baseline', { delta: signed(a.baselineChange, locale) })
            : t('traffic.adaptive.noBaseline')}
        </span>
      </p>
      <div className="traffic-chart-slot">
        <AdaptiveChart entries={view.ranking} />
      </div>
    </div>
  );
});

export function Right({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useTrafficView(area);
  const selected = useSelectedId('signals');
  const [kind, setKind] = useState<WorstKind>('delay');
  return (
    <>
      <Panel
        title={t('traffic.performance.title')}
        testId="panel-traffic-performance"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <Performance view={v} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('traffic.worst.title')}
        testId="panel-traffic-worst"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => (
            <div className="traffic-worst">
              <WorstToggle kind={kind} onChange={setKind} />
              <WorstList view={v} kind={kind} />
            </div>
          )}
        </ViewGate>
      </Panel>
      <Panel
        title={t('traffic.adaptive.title')}
        testId="panel-traffic-adaptive"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <Adaptive view={v} />}
        </ViewGate>
      </Panel>
      {selected ? (
        <IntersectionDrawer id={selected} onClose={() => urlActions.entitySelected(null)} />
      ) : null}
    </>
  );
}

/** The drawer opened from another screen (the overview, an alarm). */
export function StandaloneDrawer({ id, onClose }: DrawerProps) {
  return <IntersectionDrawer id={id} onClose={onClose} standalone />;
}

/** The overview's tile: the index now, dark controllers, split failures, adaptive control. */
export function Tile({ area }: ScenarioProps) {
  const { t, i18n } = useTranslation();
  const summary = useTrafficSummary(area);
  const levelName = useLevelName(true);
  const format = useCityFormat();
  const locale = i18n.language;
  return (
    <ViewGate view={summary} feeds={FEEDS}>
      {(s) => (
        <div className="tile-figures" data-testid="tile-traffic-figures">
          <KpiTile
            label={t('traffic.tile.index')}
            value={one(s.kpis.index, locale)}
            unit={levelName(s.kpis.level)}
            tone={levelTone(s.kpis.level)}
            testId="tile-traffic-index"
          />
          <KpiTile
            label={t('traffic.tile.dark')}
            value={formatCount(s.kpis.fault + s.kpis.offline, locale)}
            unit={t('traffic.units.controllers')}
            tone={s.kpis.fault > 0 ? 'alarm' : s.kpis.offline > 0 ? 'warning' : 'normal'}
            testId="tile-traffic-dark"
          />
          <KpiTile
            label={t('traffic.tile.splitFailures')}
            value={percent0(s.bin?.splitFailureShare, locale)}
            comparison={
              s.bin
                ? t('traffic.kpi.bin', {
                    from: format.clock(s.bin.start),
                    to: format.clock(s.bin.start + BIN_MS),
                  })
                : t('traffic.kpi.noBin')
            }
            testId="tile-traffic-split"
          />
          <KpiTile
            label={t('traffic.tile.shifted')}
            value={formatCount(s.adaptive.shifted, locale)}
            unit={t('traffic.units.seconds')}
            comparison={t('traffic.kpi.shiftedDetail', {
              count: formatCount(s.adaptive.adjustments, locale),
            })}
            testId="tile-traffic-shifted"
          />
        </div>
      )}
    </ViewGate>
  );
}

// The environment scenario's panels: loaded as their own chunk.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '@/charts/echart';
import { isGridCell } from '@/geo/cells';
import { useRuntime } from '@/state/runtime';
import type { DrawerProps, ScenarioProps } from '@/state/scenario';
import { urlActions, useSelectedId } from '@/state/url-state';
import { formatClock, formatCount } from '@/ui/format';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { KpiTile } from '@/ui/kpi-tile';
import { Panel } from '@/ui/panel';
import { useAreaName } from '@/ui/use-area-name';
import { rowsFor, useHeight } from '@/ui/use-height';
import { useCityFormat } from '@/ui/use-city-format';
import { ViewGate } from '@/ui/view-gate';
import { WATER_CLASS_NAMES, WATER_PARAMETERS } from '@/domain/water-quality';
import { WATER_LABELS } from './alarm-rules';
import {
  AqiChip,
  MapLegend,
  StatusWord,
  pollutantLabel,
  useAveragingText,
  useLevelWord,
} from './components';
import type { EnvironmentView, HazardSummary, PointRow } from './environment-view';
import { SHAPE_GLYPH } from './icons';
import {
  buildChildrenOption,
  buildTrendOption,
  buildWaterClassOption,
  CHILD_ROWS,
} from './options';
import { useEnvironmentSummary, useEnvironmentView } from './queries';
import { SensorDrawer } from './sensor-drawer';
import './environment.css';

const FEEDS = ['sensors'] as const;

const selectArea = (key: string) =>
  isGridCell(key) ? urlActions.cellSelected(key) : urlActions.areaSelected(key);
const openSensor = (id: string) => urlActions.entitySelected({ feed: 'sensors', id });

function AsOf({ asOf }: { asOf: number }) {
  const { t, i18n } = useTranslation();
  const { config } = useRuntime();
  return (
    <span className="as-of num" data-testid="environment-as-of" data-as-of={asOf}>
      {t('environment.asOf', {
        time: formatClock(asOf, i18n.language, false, config.city.timeZone),
      })}
    </span>
  );
}

/** The AQI now: value on its colour, level word, primary pollutant, what it is and when. */
function AqiKpi({ view }: { view: EnvironmentView }) {
  const { t } = useTranslation();
  const averaging = useAveragingText();
  const format = useCityFormat();
  const a = view.air.now;
  return (
    <div className="kpi-tile env-kpi-aqi" data-testid="kpi-aqi">
      <div className="kpi-label">{t('environment.kpi.aqi')}</div>
      <div className="kpi-value">
        <AqiChip aqi={a.aqi} level={a.level} size="large" testId="kpi-aqi-value" />
      </div>
      <div className="kpi-compare" data-testid="kpi-aqi-detail">
        {a.aqi === null
          ? t('environment.kpi.noAqi')
          : `${a.primary.length ? t('environment.kpi.primary', { list: a.primary.map(pollutantLabel).join(' ') }) : t('environment.kpi.noPrimary')} · ${t(
              'environment.kpi.basis',
              {
                basis: t(`environment.basis.${a.basis}`),
                count: a.stations,
                averaging: averaging(a.averagingMs, null),
                time: a.observedAt === null ? '—' : format.clock(a.observedAt),
              },
            )}`}
      </div>
    </div>
  );
}

export const EnvironmentKpiStrip = memo(function EnvironmentKpiStrip({
  view,
}: {
  view: EnvironmentView;
}) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const locale = i18n.language;
  const n = (v: number) => formatCount(v, locale);
  const trend = view.air.trend;
  const wl = view.waterlogging;
  const sl = view.slope;
  const total = view.total;
  const poor = view.water.byClass[3]! + view.water.byClass[4]! + view.water.byClass[5]!;
  return (
    <div className="kpi-strip env-kpi-strip" data-testid="environment-kpis">
      <AqiKpi view={view} />
      <KpiTile
        label={t('environment.kpi.trend')}
        value={
          trend.delta === null
            ? '—'
            : `${trend.delta > 0 ? '↑' : trend.delta < 0 ? '↓' : '±'}${Math.abs(trend.delta)}`
        }
        unit={trend.direction ? t(`environment.kpi.${trend.direction}`) : ''}
        comparison={
          trend.hoursOverGood === null
            ? t('environment.kpi.trendUnknown')
            : t('environment.kpi.hoursOverGoodToday', {
                count: trend.hoursOverGood,
                known: trend.hoursKnown,
              })
        }
        tone={trend.direction === 'worse' ? 'attention' : 'normal'}
        testId="kpi-trend"
      />
      <KpiTile
        label={t('environment.kpi.waterPoor')}
        value={n(view.water.byClass[5]!)}
        unit={`/ ${n(view.water.points)}`}
        comparison={t('environment.kpi.waterDetail', {
          poor,
          worse: view.water.baseline === 'offered' ? view.water.worseCount : '—',
        })}
        tone={view.water.byClass[5]! > 0 ? 'warning' : 'normal'}
        testId="kpi-waterPoor"
      />
      <KpiTile
        label={t('environment.kpi.noise')}
        value={n(view.noise.exceeding)}
        unit={`/ ${n(view.noise.points)}`}
        comparison={t('environment.kpi.noiseDetail', {
          period: t(`environment.period.${view.noise.period}`),
          time: format.clock(view.noise.nextSwitch),
          next: t(`environment.period.${view.noise.period === 'day' ? 'night' : 'day'}`),
        })}
        tone={view.noise.exceeding > 0 ? 'warning' : 'normal'}
        testId="kpi-noise"
      />
      <KpiTile
        label={t('environment.kpi.waterlogging')}
        value={n(wl.byLevel[3]!)}
        unit={`/ ${n(wl.points)}`}
        comparison={t('environment.kpi.waterloggingDetail', {
          warning: wl.byLevel[2],
          rising: wl.trend === 'offered' ? wl.rising : '—',
          falling: wl.trend === 'offered' ? wl.falling : '—',
        })}
        tone={wl.byLevel[3]! > 0 ? 'alarm' : wl.byLevel[2]! > 0 ? 'warning' : 'normal'}
        testId="kpi-waterlogging"
      />
      <KpiTile
        label={t('environment.kpi.slope')}
        value={n(sl.byLevel[3]!)}
        unit={`/ ${n(sl.points)}`}
        comparison={t('environment.kpi.slopeDetail', {
          warning: sl.byLevel[2],
          attention: sl.byLevel[1],
        })}
        tone={sl.byLevel[3]! > 0 ? 'alarm' : sl.byLevel[2]! > 0 ? 'warning' : 'normal'}
        testId="kpi-slope"
      />
      <KpiTile
        label={t('environment.kpi.sensors')}
        value={n(total.online)}
        unit={`/ ${n(total.total)}`}
        comparison={t('environment.kpi.sensorsDetail', {
          offline: total.offline,
          stale: total.stale,
          outOfRange: total.outOfRange,
        })}
        tone={total.offline + total.stale + total.outOfRange > 0 ? 'attention' : 'normal'}
        testId="kpi-sensors"
      />
    </div>
  );
});

export function Kpis({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useEnvironmentView(area);
  return (
    <div className="kpi-block">
      <ViewGate view={view} feeds={FEEDS}>
        {(v) => <EnvironmentKpiStrip view={v} />}
      </ViewGate>
      <div className="kpi-meta env-kpi-meta">
        <MapLegend
          enterprises={{
            count: view?.enterprises.length ?? 0,
            offered: view?.enterprises.state === 'offered',
          }}
        />
        {view ? (
          <span className="as-of" data-testid="environment-edition">
            {view.editionUnverified
              ? t('environment.editionUnverified', { edition: view.edition })
              : t('environment.edition', { edition: view.edition })}
          </span>
        ) : null}
        {view ? <AsOf asOf={view.asOf} /> : null}
        <FreshnessBadge feeds={FEEDS} testId="freshness-sensors" />
      </div>
    </div>
  );
}

const ChildrenChart = memo(function ChildrenChart({ view }: { view: EnvironmentView }) {
  const { t, i18n } = useTranslation();
  const nameOf = useAreaName();
  const word = useLevelWord();
  const [ref, height] = useHeight<HTMLDivElement>();
  // As many areas as the panel holds legibly; the note names how many are left out.
  const rows = rowsFor(height, i18n.language, CHILD_ROWS);
  const spec = useMemo(
    () =>
      buildChildrenOption(
        view.air.children,
        nameOf,
        {
          aqi: 'AQI',
          level: word,
          pollutant: pollutantLabel,
        },
        rows,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language, rows],
  );
  if (view.air.children.length === 0)
    return <p className="empty">{t('environment.childrenEmpty')}</p>;
  return (
    <div className="env-chart-with-note">
      <div className="chart-fill" ref={ref}>
        <EChart
          option={spec.option}
          table={spec.table}
          label={t(`environment.children.${view.air.childLevel}`)}
          testId="chart-air-children"
          onClick={(c) => {
            if (c.key && /^[0-9a-f]+$/.test(c.key)) selectArea(c.key);
          }}
        />
      </div>
      {spec.rest > 0 ? (
        <p className="env-note">{t('environment.more', { count: spec.rest })}</p>
      ) : null}
    </div>
  );
});

const TrendChart = memo(function TrendChart({ view }: { view: EnvironmentView }) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const word = useLevelWord();
  const trend = view.air.trend;
  const spec = useMemo(
    () =>
      buildTrendOption(
        trend,
        view.air.now,
        { aqi: 'AQI', now: t('environment.trendNow'), level: word },
        (time) => format.clock(time),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  const note =
    view.area !== null && isGridCell(view.area)
      ? t('environment.trendCell')
      : trend.state === 'absent'
        ? t('environment.trendAbsent')
        : trend.state === 'unavailable'
          ? t('environment.trendUnavailable')
          : trend.state === 'invalid'
            ? t('environment.trendInvalid')
            : null;
  return (
    <div className="env-chart-with-note" data-testid="air-trend" data-state={trend.state}>
      {note ? (
        <p className="env-note" data-testid="air-trend-note">
          ○ {note}
        </p>
      ) : null}
      <EChart
        option={spec.option}
        table={spec.table}
        label={t('environment.trend')}
        testId="chart-air-trend"
      />
    </div>
  );
});

function StationRanking({ view }: { view: EnvironmentView }) {
  const { t } = useTranslation();
  const averaging = useAveragingText();
  const selected = useSelectedId('sensors');
  const rows = view.air.ranking;
  return (
    <div className="env-list" data-testid="station-ranking" data-count={view.air.stations}>
      <p className="env-note">
        {t('environment.rankingCount', { count: view.air.stations, shown: rows.length })}
      </p>
      <ol className="env-rows">
        {rows.map((r, i) => (
          <li key={r.id}>
            <button
              type="button"
              className={`env-row${r.id === selected ? ' selected' : ''}`}
              data-testid="station-row"
              data-id={r.id}
              data-aqi={r.aqi ?? ''}
              onClick={() => openSensor(r.id)}
            >
              <span className="env-rank num">{i + 1}</span>
              <AqiChip aqi={r.aqi} level={r.level} />
              <span className="env-row-main">
                <span className="env-row-name" dir="auto">
                  {r.name}
                </span>
                <span className="env-row-meta">
                  {averaging(r.averagingMs, r.observedAt)}
                  {r.network ? ` · ${t(`environment.networks.${r.network}`)}` : ''}
                  {r.primary.length ? ` · ${r.primary.map(pollutantLabel).join(' ')}` : ''}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function Left({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useEnvironmentView(area);
  return (
    <>
      <Panel
        title={t(`environment.children.${view?.air.childLevel ?? 'district'}`)}
        testId="panel-air-children"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <ChildrenChart view={v} />}
        </ViewGate>
      </Panel>
      <Panel title={t('environment.trend')} testId="panel-air-trend" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <TrendChart view={v} />}
        </ViewGate>
      </Panel>
      <Panel
        title={t('environment.ranking')}
        testId="panel-station-ranking"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <StationRanking view={v} />}
        </ViewGate>
      </Panel>
    </>
  );
}

function HazardRow({ row }: { row: PointRow }) {
  const { t } = useTranslation();
  const format = useCityFormat();
  const selected = useSelectedId('sensors');
  const glyph = row.kind === 'waterlogging' ? SHAPE_GLYPH.diamond : SHAPE_GLYPH.triangleUp;
  const rate =
    row.rate === null
      ? null
      : t(row.kind === 'waterlogging' ? 'environment.rateCmPerHour' : 'environment.rateMmPerDay', {
          v: `${row.rate > 0 ? '+' : ''}${row.rate}`,
        });
  return (
    <li>
      <button
        type="button"
        className={`env-row${row.id === selected ? ' selected' : ''}`}
        data-testid="hazard-row"
        data-id={row.id}
        data-kind={row.kind}
        data-level={row.level}
        data-trend={row.trend ?? ''}
        onClick={() => openSensor(row.id)}
      >
        <StatusWord level={row.level} />
        <span className="env-row-main">
          <span className="env-row-name" dir="auto">
            <span aria-hidden="true">{glyph} </span>
            {row.name}
          </span>
          <span className="env-row-meta env-wrap">
            {t(row.kind === 'waterlogging' ? 'environment.depth' : 'environment.displacement', {
              v: row.value,
            })}
            {' · '}
            {row.trend === null
              ? t('environment.trendNotOffered')
              : `${row.trend === 'rising' ? '↑' : row.trend === 'falling' ? '↓' : '→'} ${t(
                  `environment.${row.trend === 'steady' ? 'flat' : row.trend}`,
                )}${rate ? ` ${rate}` : ''}`}
            {' · '}
            {row.since !== null
              ? t('environment.since', { time: format.clock(row.since) })
              : format.clock(row.observedAt)}
          </span>
        </span>
      </button>
    </li>
  );
}

function Hazards({ view }: { view: EnvironmentView }) {
  const { t } = useTranslation();
  const rows = [...view.waterlogging.rows, ...view.slope.rows].sort(
    (a, b) => b.level - a.level || b.value - a.value,
  );
  const line = (label: string, h: HazardSummary) => (
    <span>
      {label}: {h.byLevel[3]} ■ · {h.byLevel[2]} ◆ · {h.byLevel[1]} ▲ · {h.byLevel[0]} ●
    </span>
  );
  return (
    <div className="env-list" data-testid="hazards">
      <p className="env-note env-hazard-counts">
        {line(t('environment.kinds.waterlogging'), view.waterlogging)}
        {line(t('environment.kinds.slope'), view.slope)}
      </p>
      {rows.length === 0 ? <p className="empty">{t('environment.hazardsEmpty')}</p> : null}
      <ol className="env-rows">
        {rows.map((row) => (
          <HazardRow key={row.id} row={row} />
        ))}
      </ol>
      {view.waterlogging.rowsTotal + view.slope.rowsTotal > rows.length ? (
        <p className="env-note">
          {t('environment.more', {
            count: view.waterlogging.rowsTotal + view.slope.rowsTotal - rows.length,
          })}
        </p>
      ) : null}
    </div>
  );
}

const WaterPanelBody = memo(function WaterPanelBody({ view }: { view: EnvironmentView }) {
  const { t, i18n } = useTranslation();
  const w = view.water;
  const spec = useMemo(
    () =>
      buildWaterClassOption(
        w.byClass,
        w.decisive,
        WATER_PARAMETERS.map((p) => WATER_LABELS[p]),
        { points: t('environment.waterShares'), decisive: t('environment.waterDecisive') },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  if (w.points === 0) return <p className="empty">{t('environment.waterEmpty')}</p>;
  return (
    <div className="env-water" data-testid="water">
      <div className="env-water-chart">
        <EChart
          option={spec.option}
          table={spec.table}
          label={t('environment.waterShares')}
          testId="chart-water-classes"
        />
      </div>
      <h3 className="env-subtitle">{t('environment.waterWorse')}</h3>
      {w.baseline !== 'offered' ? (
        <p className="env-note">○ {t('environment.waterBaselineAbsent')}</p>
      ) : w.worse.length === 0 ? (
        <p className="empty">{t('environment.waterWorseNone')}</p>
      ) : (
        <ol className="env-rows env-rows-compact">
          {w.worse.slice(0, 4).map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className="env-row"
                data-testid="water-worse-row"
                onClick={() => openSensor(r.id)}
              >
                <span className="env-row-name" dir="auto">
                  {r.name}
                </span>
                <span className="env-row-meta num">
                  {WATER_CLASS_NAMES[(r.before ?? 1) - 1]} → {WATER_CLASS_NAMES[r.waterClass - 1]} ·{' '}
                  {r.decisive.map((p) => WATER_LABELS[p]).join(' ')}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
});

function NoiseBody({ view }: { view: EnvironmentView }) {
  const { t } = useTranslation();
  const format = useCityFormat();
  const noise = view.noise;
  if (noise.points === 0) return <p className="empty">{t('environment.noiseEmpty')}</p>;
  const day = noise.period === 'day';
  return (
    <div className="env-noise" data-testid="noise">
      <p className="env-note">
        {t('environment.noiseNow', {
          period: t(`environment.period.${noise.period}`),
          time: format.clock(noise.nextSwitch),
        })}
      </p>
      <table className="env-table">
        <thead>
          <tr>
            <th>{t('environment.zone')}</th>
            <th className={`num${day ? ' env-now' : ''}`}>{t('environment.dayLimit')}</th>
            <th className={`num${day ? '' : ' env-now'}`}>{t('environment.nightLimit')}</th>
            <th className="num">{t('environment.stations')}</th>
            <th className="num">{t('environment.exceeding')}</th>
            <th className="num">{t('environment.maxLevel')}</th>
          </tr>
        </thead>
        <tbody>
          {noise.zones
            .filter((z) => z.stations > 0)
            .map((z) => (
              <tr key={z.zone} data-testid="noise-zone" data-zone={z.zone}>
                <td>{t(`environment.zones.${z.zone}`)}</td>
                <td className={`num${day ? ' env-now' : ''}`}>{z.day}</td>
                <td className={`num${day ? '' : ' env-now'}`}>{z.night}</td>
                <td className="num">{z.stations}</td>
                <td className={`num${z.exceeding > 0 ? ' env-over' : ''}`}>
                  {z.exceeding > 0 ? `◆ ${z.exceeding}` : '0'}
                </td>
                <td className="num">{z.max ?? '—'}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <ol className="env-rows env-rows-compact">
        {noise.rows.slice(0, 3).map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="env-row"
              data-testid="noise-row"
              onClick={() => openSensor(r.id)}
            >
              <span className="env-row-name" dir="auto">
                {r.name}
              </span>
              <span className="env-row-meta num">
                {r.laeq} dB(A) · {t(`environment.zones.${r.zone}`)} {r.limit} ·{' '}
                {t('environment.overBy', { v: r.over })}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function Right({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const view = useEnvironmentView(area);
  const selected = useSelectedId('sensors');
  return (
    <>
      <Panel
        title={t('environment.hazards')}
        testId="panel-hazards"
        className="panel-tall"
        feeds={FEEDS}
        resetKey={view}
      >
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <Hazards view={v} />}
        </ViewGate>
      </Panel>
      <Panel title={t('environment.water')} testId="panel-water" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <WaterPanelBody view={v} />}
        </ViewGate>
      </Panel>
      <Panel title={t('environment.noise')} testId="panel-noise" feeds={FEEDS} resetKey={view}>
        <ViewGate view={view} feeds={FEEDS}>
          {(v) => <NoiseBody view={v} />}
        </ViewGate>
      </Panel>
      {selected ? (
        <SensorDrawer id={selected} onClose={() => urlActions.entitySelected(null)} />
      ) : null}
    </>
  );
}

/** The drawer opened from another screen (the overview, an alarm). */
export function StandaloneDrawer({ id, onClose }: DrawerProps) {
  return <SensorDrawer id={id} onClose={onClose} />;
}

/** The overview's tile: the air now, waterlogging and water alarms, sensors not reading. */
export function Tile({ area }: ScenarioProps) {
  const { t, i18n } = useTranslation();
  const summary = useEnvironmentSummary(area);
  const locale = i18n.language;
  return (
    <ViewGate view={summary} feeds={FEEDS}>
      {(s) => (
        <div className="tile-figures" data-testid="tile-environment-figures">
          <div className="kpi-tile" data-testid="tile-environment-aqi">
            <div className="kpi-label">{t('environment.kpi.aqi')}</div>
            <div className="kpi-value">
              <AqiChip aqi={s.air.aqi} level={s.air.level} testId="tile-environment-aqi-value" />
            </div>
          </div>
          <KpiTile
            label={t('environment.kpi.waterlogging')}
            value={formatCount(s.waterloggingAlarm, locale)}
            unit={t('environment.kpi.tileWarning', { count: s.waterloggingWarning })}
            tone={
              s.waterloggingAlarm > 0 ? 'alarm' : s.waterloggingWarning > 0 ? 'warning' : 'normal'
            }
            testId="tile-environment-waterlogging"
          />
          <KpiTile
            label={t('environment.kpi.waterPoor')}
            value={formatCount(s.waterPoor, locale)}
            unit={`/ ${formatCount(s.waterPoints, locale)}`}
            tone={s.waterPoor > 0 ? 'warning' : 'normal'}
            testId="tile-environment-water"
          />
          <KpiTile
            label={t('environment.kpi.sensors')}
            value={formatCount(s.total.online, locale)}
            unit={`/ ${formatCount(s.total.total, locale)}`}
            tone={s.total.offline + s.total.stale > 0 ? 'attention' : 'normal'}
            testId="tile-environment-sensors"
          />
        </div>
      )}
    </ViewGate>
  );
}

/** The wall's title bar: the city's AQI now, its level in colour and word. */
export function Chip({ area }: ScenarioProps) {
  const { t } = useTranslation();
  const summary = useEnvironmentSummary(area);
  return (
    <span className="env-title-chip" data-testid="wall-chip-environment">
      <span className="env-title-chip-label">{t('environment.kpi.aqi')}</span>
      <AqiChip
        aqi={summary?.air.aqi ?? null}
        level={summary?.air.level ?? null}
        testId="wall-chip-aqi"
      />
    </span>
  );
}

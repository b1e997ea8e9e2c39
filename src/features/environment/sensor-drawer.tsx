// One sensor (`?select=sensors:<id>`): every indicator with its unit, limit, level and the time it
// was observed, and a 24-hour sparkline of each, as of the view's moment.
import { useTranslation } from 'react-i18next';
import { WATER_CLASS_NAMES, WATER_UNITS } from '@/domain/water-quality';
import { useAreaName } from '@/ui/use-area-name';
import { useCityFormat } from '@/ui/use-city-format';
import { useDurationText } from '@/ui/use-duration';
import { WATER_CLASS_HEX } from './colors';
import {
  AqiChip,
  StateWord,
  StatusWord,
  pollutantLabel,
  useAveragingText,
  useLevelWord,
} from './components';
import { useSensorDetail } from './queries';
import type { Indicator, SensorDetail } from './sensor-detail';
import { buildSparkline } from './sparkline';

const UNITS: Readonly<Record<string, string>> = {
  aqi: '',
  pm25: 'µg/m³',
  pm10: 'µg/m³',
  o3: 'µg/m³',
  o3_8h: 'µg/m³',
  no2: 'µg/m³',
  so2: 'µg/m³',
  co: 'mg/m³',
  ...WATER_UNITS,
  laeq: 'dB(A)',
  depthCm: 'cm',
  displacementMm: 'mm',
  rate: 'mm/d',
};

const SPARK_W = 96;
const SPARK_H = 22;

function Spark({ detail, indicator }: { detail: SensorDetail; indicator: Indicator }) {
  const { t } = useTranslation();
  const { times, from, to } = detail.history;
  const threshold =
    indicator.threshold?.kind === 'levels' ? [] : (indicator.threshold?.values ?? []);
  const s = buildSparkline(times, indicator.spark, from, to, SPARK_W, SPARK_H, threshold.slice(-1));
  if (!s.path) return <span className="env-spark-none">—</span>;
  return (
    <svg
      className="env-spark"
      width={SPARK_W}
      height={SPARK_H}
      viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
      role="img"
      aria-label={`${t('environment.drawer.last24h')}: ${s.min} – ${s.max}`}
    >
      <path d={s.path} fill="none" stroke="#5AB1EF" strokeWidth="1.5" />
      {s.last ? <circle cx={s.last.x} cy={s.last.y} r="2.5" fill="#E6EDF5" /> : null}
    </svg>
  );
}

function LevelCell({ indicator }: { indicator: Indicator }) {
  const { t } = useTranslation();
  const word = useLevelWord();
  const l = indicator.level;
  if (!l) return <span>—</span>;
  if (l.kind === 'aqi')
    return (
      <span className="env-level-aqi">
        <AqiChip aqi={l.iaqi} level={l.level} />
        <span className="sr-only">{word(l.level)}</span>
      </span>
    );
  if (l.kind === 'class')
    return (
      <span style={{ color: WATER_CLASS_HEX[l.level - 1] }}>
        {t('environment.drawer.classOf', { c: WATER_CLASS_NAMES[l.level - 1] })}
      </span>
    );
  return <StatusWord level={l.level} />;
}

export function SensorDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useSensorDetail(id);
  const nameOf = useAreaName();
  const format = useCityFormat();
  const duration = useDurationText();
  const averaging = useAveragingText();
  const threshold = (i: Indicator) => {
    if (!i.threshold || i.threshold.values.length === 0) return '—';
    const v = i.threshold.values.join(i.threshold.kind === 'classIII' ? ' – ' : ' / ');
    return t(`environment.thresholds.${i.threshold.kind}`, { v });
  };
  const d = detail;
  return (
    <aside className="drawer env-drawer" data-testid="sensor-drawer" aria-label={id}>
      <header className="drawer-header">
        <h2>
          <bdi dir="auto">{d?.found ? d.name : id}</bdi>
        </h2>
        <button type="button" onClick={onClose} data-testid="drawer-close">
          {t('environment.drawer.close')} ✕
        </button>
      </header>
      {!d ? <p className="panel-state">{t('app.loading')}</p> : null}
      {d && !d.found ? <p className="empty">{t('environment.drawer.notFound')}</p> : null}
      {d?.found ? (
        <div
          className="drawer-body"
          data-testid="sensor-drawer-body"
          data-kind={d.kind}
          data-state={d.state}
        >
          <p className="drawer-title num">
            <bdi>{d.id}</bdi>
          </p>
          <dl className="drawer-facts">
            <dt>{t('environment.drawer.kind')}</dt>
            <dd>
              {d.kind === 'air'
                ? t(`environment.kinds.${d.network === 'micro' ? 'airMicro' : 'airNational'}`)
                : t(`environment.kinds.${d.kind}`)}
              {d.zone ? ` · ${t(`environment.zones.${d.zone}`)}` : ''}
            </dd>
            <dt>{t('environment.drawer.place')}</dt>
            <dd>
              {nameOf(d.district)} · {nameOf(d.street)} · {nameOf(d.community)}
            </dd>
            <dt>{t('environment.drawer.state')}</dt>
            <dd data-testid="sensor-state">
              <StateWord
                state={d.state!}
                ageMs={d.observedAt !== null ? d.asOf - d.observedAt : null}
              />
              {d.state === 'online' ? (
                <>
                  {' · '}
                  <StatusWord level={d.level} />
                </>
              ) : null}
            </dd>
            <dt>{t('environment.drawer.observed')}</dt>
            <dd data-testid="sensor-observed">
              {averaging(d.averagingMs, d.observedAt)} ({format.dateTime(d.observedAt!)})
            </dd>
            <dt>{t('environment.drawer.period')}</dt>
            <dd>{d.periodMs !== null ? duration(d.periodMs) : '—'}</dd>
            {d.statusSince !== null ? (
              <>
                <dt>{t('environment.drawer.statusSince')}</dt>
                <dd>{format.dateTime(d.statusSince)}</dd>
              </>
            ) : null}
            {d.aqi && d.aqi.primary.length ? (
              <>
                <dt>{t('environment.drawer.primary')}</dt>
                <dd>{d.aqi.primary.map(pollutantLabel).join(' ')}</dd>
              </>
            ) : null}
          </dl>
          {d.state !== 'online' ? (
            <p className="note" data-testid="sensor-not-reading">
              {t('environment.drawer.notReading', { state: t(`environment.states.${d.state}`) })}
            </p>
          ) : null}
          <table className="env-table env-indicators" data-testid="sensor-indicators">
            <thead>
              <tr>
                <th>{t('environment.drawer.indicator')}</th>
                <th className="num">{t('environment.drawer.value')}</th>
                <th>{t('environment.drawer.threshold')}</th>
                <th>{t('environment.drawer.level')}</th>
                <th>{t('environment.drawer.last24h')}</th>
              </tr>
            </thead>
            <tbody>
              {d.indicators.map((i) => (
                <tr key={i.key} data-testid="sensor-indicator" data-key={i.key}>
                  <td>{t(`environment.indicators.${i.key}`)}</td>
                  <td className="num">
                    {/* A value is shown only while the sensor reads: otherwise it is not a level. */}
                    <span className={d.state === 'online' ? '' : 'env-not-reading'}>
                      {i.value ?? '—'}
                    </span>{' '}
                    <span className="kpi-unit">{UNITS[i.key] ?? ''}</span>
                  </td>
                  <td className="env-threshold">{threshold(i)}</td>
                  <td>{d.state === 'online' ? <LevelCell indicator={i} /> : '—'}</td>
                  <td>
                    <Spark detail={d} indicator={i} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.history.state !== 'offered' ? (
            <p className="env-note" data-testid="sensor-history-note">
              ○{' '}
              {t(
                `environment.drawer.history${d.history.state[0]!.toUpperCase()}${d.history.state.slice(1)}`,
              )}
            </p>
          ) : null}
          {d.kind === 'air' ? (
            <p className="as-of">{t('environment.edition', { edition: d.edition })}</p>
          ) : null}
        </div>
      ) : null}
    </aside>
  );
}

import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '@/charts/echart';
import { FEED_NAMES } from '@/domain/common';
import { ALARMS_VIEW, type Alarm } from '@/feeds/alarms';
import { useView } from '@/feeds/use-view';
import { viewRef } from '@/feeds/view-ref';
import { formatCount } from '@/ui/format';
import { useAreaName } from '@/ui/use-area-name';
import { useCityFormat } from '@/ui/use-city-format';
import { useDurationText } from '@/ui/use-duration';
import { BIN_MS } from './bins';
import type { IntersectionLog, PhaseLog } from './intersection-log';
import type { IntersectionView } from './intersection-view';
import {
  buildApproachOption,
  buildCoordinationOption,
  buildRingOption,
  buildSplitMonitorOption,
} from './options';
import { useLevelName } from './traffic-charts';
import { one, percent0 } from './traffic-format';
import { useIntersection } from './traffic-queries';
import { MODE_MARK } from './traffic-style';

// The platform's alarms view (the same query the shell polls): this controller's alarms.
const ALARMS = viewRef({ id: ALARMS_VIEW, feeds: FEED_NAMES, optionalFeeds: FEED_NAMES });
const NO_PARAMS = {};
function useEntityAlarms(id: string): Alarm[] {
  const alarms = useView<{ alarms: Alarm[] }>(ALARMS, NO_PARAMS)?.view.alarms;
  return useMemo(
    () => (alarms ?? []).filter((a) => a.feed === 'signals' && a.entity === id),
    [alarms, id],
  );
}

const Ring = memo(function Ring({ view }: { view: IntersectionView }) {
  const { t, i18n } = useTranslation();
  const item = view.item!;
  const log = view.log.status === 'ok' ? view.log : null;
  const spec = useMemo(() => {
    const change = item.phases.map((_, p) => log?.phases[p]?.change ?? null);
    return buildRingOption(item.cycle, item.phases, change, {
      phase: (n) => t('traffic.drawer.phase', { n }),
      green: t('traffic.drawer.green'),
      change: t('traffic.drawer.change'),
      share: t('traffic.drawer.share'),
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item, log, i18n.language]);
  return (
    <div className="drawer-chart drawer-chart-ring">
      <EChart
        option={spec.option}
        table={spec.table}
        label={t('traffic.drawer.ring')}
        testId="chart-traffic-ring"
      />
    </div>
  );
});

function PhaseHourTable({ view }: { view: IntersectionView }) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const locale = i18n.language;
  if (!view.bins || view.phaseHour.length === 0) return null;
  return (
    <>
      <h3>
        {t('traffic.drawer.phaseHour', {
          from: format.clock(view.bins.from),
          to: format.clock(view.bins.to),
        })}
      </h3>
      <table className="traffic-table" data-testid="traffic-phase-hour">
        <thead>
          <tr>
            <th>{t('traffic.drawer.phaseCol')}</th>
            <th className="num">{t('traffic.drawer.cycles')}</th>
            <th className="num">{t('traffic.drawer.aog')}</th>
            <th className="num">{t('traffic.performance.splitFailures')}</th>
            <th className="num">
              {t('traffic.performance.gapOut')}/{t('traffic.performance.maxOut')}/
              {t('traffic.performance.forceOff')}
            </th>
            <th className="num">{t('traffic.performance.delay')}</th>
            <th className="num">v/c</th>
          </tr>
        </thead>
        <tbody>
          {view.phaseHour.map((p) => (
            <tr key={p.phase}>
              <th scope="row">{t('traffic.drawer.phase', { n: p.phase })}</th>
              <td className="num">{formatCount(p.cycles, locale)}</td>
              <td className="num">{percent0(p.figures.arrivalsOnGreenShare, locale)}</td>
              <td className="num">{formatCount(p.splitFailures, locale)}</td>
              <td className="num">
                {p.gapOuts}/{p.maxOuts}/{p.forceOffs}
              </td>
              <td className="num">
                {one(p.figures.delayPerVehicle, locale)} {t('traffic.units.sPerVeh')}
              </td>
              <td className="num">
                {p.figures.volumeToCapacity === null ? '—' : p.figures.volumeToCapacity.toFixed(2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const PhaseDiagrams = memo(function PhaseDiagrams({
  log,
  phase,
  planGreen,
}: {
  log: IntersectionLog;
  phase: PhaseLog;
  planGreen: number | null;
}) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const pcd = useMemo(
    () =>
      buildCoordinationOption(
        phase,
        log.from,
        log.to,
        {
          green: t('traffic.drawer.green'),
          yellow: t('traffic.drawer.yellow'),
          red: t('traffic.drawer.red'),
          arrivals: t('traffic.drawer.arrivals'),
          time: t('traffic.drawer.time'),
          inCycle: t('traffic.drawer.inCycle'),
          onGreen: t('traffic.drawer.onGreen'),
        },
        format.clock,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [phase, log, i18n.language],
  );
  const split = useMemo(
    () =>
      buildSplitMonitorOption(
        phase,
        log.from,
        log.to,
        planGreen,
        {
          gapOut: t('traffic.performance.gapOut'),
          maxOut: t('traffic.performance.maxOut'),
          forceOff: t('traffic.performance.forceOff'),
          none: t('traffic.performance.none'),
          plan: t('traffic.drawer.planGreen'),
          time: t('traffic.drawer.time'),
          green: t('traffic.drawer.green'),
          termination: t('traffic.drawer.termination'),
        },
        format.clock,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [phase, log, planGreen, i18n.language],
  );
  const f = phase.figures;
  const locale = i18n.language;
  return (
    <>
      <h3>
        {t('traffic.drawer.pcd')} · {t('traffic.drawer.phase', { n: phase.phase })}
      </h3>
      <p className="drawer-note num" data-testid="traffic-pcd-figures">
        {t('traffic.drawer.aog')} {percent0(f.arrivalsOnGreenShare, locale)} ·{' '}
        {t('traffic.performance.platoon')} {one(f.platoonRatio, locale)} ·{' '}
        {t('traffic.performance.volume')} {formatCount(f.volume, locale)}{' '}
        {t('traffic.units.vehicles')} · {t('traffic.performance.splitFailures')}{' '}
        {formatCount(phase.splitFailures, locale)}
      </p>
      <div className="drawer-chart">
        <EChart
          option={pcd.option}
          table={pcd.table}
          label={t('traffic.drawer.pcd')}
          testId="chart-traffic-pcd"
        />
      </div>
      <p className="drawer-note">{t('traffic.drawer.pcdNote')}</p>
      <h3>
        {t('traffic.drawer.splitMonitor')} · {t('traffic.drawer.phase', { n: phase.phase })}
      </h3>
      <div className="drawer-chart">
        <EChart
          option={split.option}
          table={split.table}
          label={t('traffic.drawer.splitMonitor')}
          testId="chart-traffic-split"
        />
      </div>
    </>
  );
});

function Approaches({ log }: { log: IntersectionLog }) {
  const { t, i18n } = useTranslation();
  const spec = useMemo(
    () =>
      buildApproachOption(log.approaches, {
        approach: (a) => t(`traffic.drawer.approach.${a}`),
        volume: t('traffic.performance.volume'),
        delay: t('traffic.performance.delay'),
        aog: t('traffic.drawer.aog'),
        unitVeh: t('traffic.units.vehicles'),
        unitDelay: t('traffic.units.sPerVeh'),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [log, i18n.language],
  );
  if (log.approaches.length === 0) return null;
  return (
    <>
      <h3>{t('traffic.drawer.approaches')}</h3>
      <div className="drawer-chart drawer-chart-small">
        <EChart
          option={spec.option}
          table={spec.table}
          label={t('traffic.drawer.approaches')}
          testId="chart-traffic-approaches"
        />
      </div>
    </>
  );
}

function LogSection({ view }: { view: IntersectionView }) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const [chosen, setChosen] = useState<number | null>(null);
  const log = view.log;
  if (log.status !== 'ok')
    return (
      <p className="panel-state" data-testid="traffic-log-state" data-state={log.status}>
        {t(
          log.status === 'loading'
            ? 'traffic.drawer.logLoading'
            : log.status === 'absent'
              ? 'traffic.drawer.logAbsent'
              : 'traffic.drawer.logInvalid',
        )}
      </p>
    );
  const phase = log.phases.find((p) => p.phase === chosen) ?? log.phases[0];
  const planGreen =
    phase && view.item ? (view.item.phases[log.phases.indexOf(phase)] ?? null) : null;
  return (
    <>
      <p className="drawer-note num" data-testid="traffic-log-window">
        {t('traffic.drawer.logWindow', {
          from: format.clock(log.from),
          to: format.clock(log.to),
          events: formatCount(log.events, i18n.language),
          completeness: percent0(log.completeness, i18n.language),
        })}
      </p>
      <div className="segmented phase-buttons" role="group" aria-label={t('traffic.drawer.pcd')}>
        {log.phases.map((p) => (
          <button
            key={p.phase}
            type="button"
            aria-pressed={p === phase}
            onClick={() => setChosen(p.phase)}
            data-testid={`phase-${p.phase}`}
          >
            {t('traffic.drawer.phase', { n: p.phase })}
          </button>
        ))}
      </div>
      {phase ? <PhaseDiagrams log={log} phase={phase} planGreen={planGreen} /> : null}
      <Approaches log={log} />
    </>
  );
}

function Adjustments({ view }: { view: IntersectionView }) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const list = view.item?.adjustments ?? [];
  const locale = i18n.language;
  return (
    <>
      <h3>{t('traffic.drawer.adjustments')}</h3>
      {list.length === 0 ? (
        <p className="panel-state">{t('traffic.drawer.noAdjustments')}</p>
      ) : (
        <ol className="drawer-rows" data-testid="traffic-adjustments">
          {[...list].reverse().map(([at, from, to, seconds, before, after]) => (
            <li key={`${at}:${from}:${to}`} className="num">
              {t('traffic.drawer.adjustmentRow', {
                time: format.clock(at),
                from,
                to,
                seconds: one(seconds, locale),
              })}
              {' · '}
              {t('traffic.drawer.adjustmentDelay', {
                before: one(before, locale),
                after: one(after, locale),
              })}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function FaultHistory({ view }: { view: IntersectionView }) {
  const { t } = useTranslation();
  const format = useCityFormat();
  const duration = useDurationText();
  const alarms = useEntityAlarms(view.id);
  const rows: { key: string; text: string }[] = [];
  for (const a of alarms)
    rows.push({
      key: `a:${a.key}`,
      text: t('traffic.drawer.alarmRow', {
        time: format.clock(a.firstAt),
        text: t(a.message.key, { ...a.message.params }),
        state: t(
          `alarms.state.${a.state === 'active' ? (a.ack ? 'activeAck' : 'activeUnack') : a.ack ? 'clearedAck' : 'clearedUnack'}`,
        ),
      }),
    });
  view.bins?.completeness.forEach((c, i) => {
    if (c !== null) return;
    const from = view.bins!.from + i * BIN_MS;
    rows.push({
      key: `b:${from}`,
      text: t('traffic.drawer.binNoLog', {
        from: format.clock(from),
        to: format.clock(from + BIN_MS),
      }),
    });
  });
  if (view.log.status === 'ok') {
    for (const s of view.log.silent)
      rows.push({
        key: `s:${s.from}`,
        text: t('traffic.drawer.silent', {
          from: format.clock(s.from),
          to: format.clock(s.to),
          d: duration(s.to - s.from),
        }),
      });
    for (const s of view.log.stuck)
      rows.push({
        key: `d:${s.channel}:${s.from}`,
        text: t('traffic.drawer.stuck', {
          channel: s.channel,
          from: format.clock(s.from),
          to: format.clock(s.to),
        }),
      });
    if (view.log.silent.length === 0 && view.log.stuck.length === 0)
      rows.push({ key: 'ok', text: t('traffic.drawer.noSilent') });
  }
  return (
    <>
      <h3>{t('traffic.drawer.faults')}</h3>
      <ol className="drawer-rows" data-testid="traffic-fault-history">
        {rows.map((r) => (
          <li key={r.key} className="num">
            {r.text}
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * One intersection: control mode and since when, cycle and the ring of phase splits, the hour of
 * its bins per phase, the Purdue coordination diagram and split monitor of the last hour of its
 * event log, volume and delay by approach, adaptive adjustments with times, fault history.
 */
export function IntersectionDrawer({
  id,
  onClose,
  standalone = false,
}: {
  id: string;
  onClose: () => void;
  /** Opened from another screen (the overview, an alarm): placed over the map by itself. */
  standalone?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const view = useIntersection(id);
  const format = useCityFormat();
  const duration = useDurationText();
  const nameOf = useAreaName();
  const levelName = useLevelName();
  const locale = i18n.language;
  const item = view?.item ?? null;
  const stale = view && item && !view.current ? t('traffic.drawer.notCurrent') : '';
  return (
    <aside
      className={`drawer traffic-drawer${standalone ? ' traffic-drawer-standalone' : ''}`}
      data-testid="traffic-drawer"
      aria-label={id}
    >
      <header className="drawer-header">
        <h2>
          {item ? (
            <bdi dir="auto" data-testid="traffic-drawer-name">
              {item.name}
            </bdi>
          ) : (
            <bdi className="num">{id}</bdi>
          )}
        </h2>
        <button type="button" onClick={onClose} data-testid="drawer-close">
          {t('traffic.drawer.close')} ✕
        </button>
      </header>
      {!view ? <p className="drawer-body">{t('app.loading')}</p> : null}
      {view && !item ? <p className="drawer-body">{t('traffic.drawer.notFound')}</p> : null}
      {view && item ? (
        <div className="drawer-body" data-testid="traffic-drawer-body" data-id={id}>
          <p className="drawer-note num">
            <bdi>{id}</bdi> · {nameOf(item.district)} · {nameOf(item.street)} ·{' '}
            {nameOf(item.community)}
          </p>
          <dl className="drawer-facts">
            <dt>{t('traffic.drawer.mode')}</dt>
            <dd data-testid="traffic-drawer-mode" className={`mode-${item.mode}`}>
              <span aria-hidden>{MODE_MARK[item.mode]} </span>
              {item.modeSince !== undefined
                ? t('traffic.drawer.since', {
                    mode: t(`traffic.modes.${item.mode}`),
                    time: format.dateTime(item.modeSince),
                    d: duration(Math.max(0, view.asOf - item.modeSince)),
                  })
                : t(`traffic.modes.${item.mode}`)}
            </dd>
            <dt>{t('traffic.drawer.cycle')}</dt>
            <dd className="num">
              {item.cycle > 0 ? `${one(item.cycle, locale)} ${t('traffic.units.seconds')}` : '—'}
            </dd>
            <dt>{t('traffic.drawer.index')}</dt>
            <dd className="num" data-testid="traffic-drawer-index">
              {one(view.index, locale)} {levelName(view.level)} · {t('traffic.drawer.speed')}{' '}
              {one(item.speed, locale)} {t('traffic.units.kmh')}
              {stale}
            </dd>
            <dt>{t('traffic.drawer.flow')}</dt>
            <dd className="num">
              {formatCount(item.flow, locale)} {t('traffic.units.vehPerHour')}
              {stale}
            </dd>
            <dt>{t('traffic.drawer.queue')}</dt>
            <dd className="num">
              {formatCount(item.queue, locale)} {t('traffic.units.meters')} ·{' '}
              {t('traffic.drawer.vc')} {item.saturation.toFixed(2)} · {t('traffic.drawer.delay')}{' '}
              {one(item.delay, locale)} {t('traffic.units.sPerVeh')}
            </dd>
            <dt>{t('traffic.drawer.completeness')}</dt>
            <dd className="num">
              {item.completeness === undefined
                ? '—'
                : view.bins
                  ? t('traffic.drawer.completenessOf', {
                      value:
                        item.completeness === null
                          ? t('traffic.status.noLog')
                          : percent0(item.completeness, locale),
                      // The item's figure is its last complete bin's.
                      from: format.clock(view.bins.to - BIN_MS),
                      to: format.clock(view.bins.to),
                    })
                  : item.completeness === null
                    ? t('traffic.status.noLog')
                    : percent0(item.completeness, locale)}
            </dd>
            {item.roadClass ? (
              <>
                <dt>{t('traffic.drawer.roadClass')}</dt>
                <dd>{t(`traffic.drawer.roadClasses.${item.roadClass}`)}</dd>
              </>
            ) : null}
            <dt>{t('traffic.drawer.observed')}</dt>
            <dd className="num">{format.dateTime(item.observedAt)}</dd>
          </dl>
          {item.cycle > 0 && item.phases.length > 0 ? (
            <>
              <h3>{t('traffic.drawer.ring')}</h3>
              <Ring view={view} />
            </>
          ) : null}
          <PhaseHourTable view={view} />
          <LogSection view={view} />
          <Adjustments view={view} />
          <FaultHistory view={view} />
        </div>
      ) : null}
    </aside>
  );
}

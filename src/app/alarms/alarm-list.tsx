import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedName } from '@/domain/common';
import type { Alarm, AlarmSeverity } from '@/feeds/alarms';
import { useRuntime } from '@/state/runtime';
import { flyRequested } from '@/state/map-focus';
import { urlActions } from '@/state/url-state';
import { cityNow } from '@/state/clock';
import { useAreaName } from '@/ui/use-area-name';
import { useCityFormat } from '@/ui/use-city-format';
import { useAlarms } from './alarm-queries';
import { signedIn, useSession } from '@/state/session';

/** Rows a list draws at most (the most pressing first); the rest are counted. */
const MAX_ROWS = 100;

/** Shape, colour and word together (docs/VISUAL): never colour alone. */
export const SEVERITY_MARK: Record<AlarmSeverity, string> = {
  critical: '■',
  major: '◆',
  minor: '▲',
  warning: '●',
};

export const alarmStateOf = (a: Alarm) =>
  a.state === 'active'
    ? a.ack
      ? 'activeAck'
      : 'activeUnack'
    : a.ack
      ? 'clearedAck'
      : 'clearedUnack';

/** The words of an alarm in the page's language. */
export function useAlarmText(): (alarm: Alarm) => string {
  const { t } = useTranslation();
  return (alarm) => {
    const params: Record<string, string | number> = { ...alarm.message.params };
    if (typeof params.feed === 'string') params.feed = t(`feeds.${params.feed}`);
    return t(alarm.message.key, { ...params, defaultValue: alarm.rule });
  };
}

const AlarmRow = memo(function AlarmRow({ alarm, canAck }: { alarm: Alarm; canAck: boolean }) {
  const { t } = useTranslation();
  const nameOf = useAreaName();
  const format = useCityFormat();
  const text = useAlarmText();
  const { acknowledge } = useRuntime();
  // Who acknowledged: the signed-in user (the server records the same name); the operator of
  // this machine in open mode.
  const by = signedIn(useSession())?.name;
  const state = alarmStateOf(alarm);
  const open = () => {
    if (alarm.position) flyRequested({ key: alarm.key, position: alarm.position });
    if (alarm.entity && alarm.feed)
      urlActions.entitySelected({ feed: alarm.feed, id: alarm.entity });
  };
  return (
    <li
      className={`alarm alarm-${alarm.severity} alarm-${state}`}
      data-testid="alarm"
      data-key={alarm.key}
      data-state={state}
      data-severity={alarm.severity}
    >
      <button type="button" className="alarm-main" onClick={open} title={t('alarms.fly')}>
        <span className={`alarm-mark sev-${alarm.severity}`} aria-hidden="true">
          {SEVERITY_MARK[alarm.severity]}
        </span>
        <span className="alarm-severity">{t(`alarms.severity.${alarm.severity}`)}</span>
        <span className="alarm-text">
          {alarm.area ? <bdi className="alarm-place">{nameOf(alarm.area)} · </bdi> : null}
          <bdi>{text(alarm)}</bdi>
        </span>
        <span className="alarm-meta num">
          {t('alarms.since', { time: format.clock(alarm.firstAt) })}
          {alarm.count > 1 ? ` · ${t('alarms.times', { count: alarm.count })}` : ''} ·{' '}
          {t(`alarms.state.${state}`)}
          {alarm.ack
            ? ` · ${t('alarms.ackedBy', { by: alarm.ack.by, time: format.clock(alarm.ack.at) })}`
            : ''}
        </span>
      </button>
      {canAck && !alarm.ack ? (
        <button
          type="button"
          className="alarm-ack"
          data-testid="alarm-ack"
          onClick={() =>
            acknowledge({
              key: alarm.key,
              firstAt: alarm.firstAt,
              at: cityNow(),
              by: by ?? t('alarms.operator'),
            })
          }
        >
          {t('alarms.ack')}
        </button>
      ) : null}
    </li>
  );
});

/**
 * The alarms, most pressing first: active unacknowledged, then by severity and time. A click
 * flies the map to the alarm (and opens its entity); a desktop user acknowledges them.
 */
export function AlarmList({
  feeds,
  area,
  limit,
}: {
  /** Only alarms of these feeds (a scenario's screen); all of them on the overview. */
  feeds?: readonly FeedName[];
  /** Only alarms in this area (division code), or the whole city. */
  area?: string | null;
  /** Show at most this many (a compact strip). */
  limit?: number;
}) {
  const { t } = useTranslation();
  const { profile } = useRuntime();
  const alarms = useAlarms();
  if (!alarms) return <p className="panel-state">{t('app.loading')}</p>;
  const shown = alarms.filter(
    (a) =>
      (!feeds || (a.feed !== null && feeds.includes(a.feed))) &&
      (!area || a.area === null || a.area.startsWith(area) || area.startsWith(a.area)),
  );
  if (shown.length === 0)
    return (
      <p className="panel-state alarm-none" data-testid="alarms-none">
        {t('alarms.none')}
      </p>
    );
  return (
    <ol className="alarm-list" data-testid="alarm-list" data-count={shown.length}>
      {shown.slice(0, Math.min(limit ?? MAX_ROWS, MAX_ROWS)).map((alarm) => (
        <AlarmRow key={alarm.key} alarm={alarm} canAck={profile !== 'wall'} />
      ))}
      {shown.length > Math.min(limit ?? MAX_ROWS, MAX_ROWS) ? (
        <li className="alarm-more">{t('alarms.count', { count: shown.length })}</li>
      ) : null}
    </ol>
  );
}

/** Active unacknowledged alarms, by severity: for the header and the overview tiles. */
export function useAlarmCounts(feeds?: readonly FeedName[]) {
  const alarms = useAlarms() ?? [];
  const active = alarms.filter(
    (a) => a.state === 'active' && (!feeds || (a.feed !== null && feeds.includes(a.feed))),
  );
  const worst = active[0]?.severity ?? null;
  return { active: active.length, unacked: active.filter((a) => !a.ack).length, worst };
}

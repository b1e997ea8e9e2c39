// The operations-centre wall (`/wall`): the layout at the device's real pixels, type sized for the
// farthest viewer, the overview then the carousel, alarms that take over, burn-in care, and a
// watchdog that reloads softly. docs/wall.md.
import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { compareAlarms, type Alarm } from '@/feeds/alarms';
import { ChartZoomContext } from '@/charts/chart-scale';
import { cityTimeOf } from '@/domain/city-time';
import { useRuntime } from '@/state/runtime';
import { cityClockSpeed, cityNow, useCityNow, useRealClockDerived } from '@/state/clock';
import { flyRequested } from '@/state/map-focus';
import type { ScenarioDescriptor } from '@/state/scenario';
import { useCityFormat } from '@/ui/use-city-format';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { Panel } from '@/ui/panel';
import { FEED_NAMES } from '@/domain/common';
import { Loading } from '@/app/app';
import { scenarios } from '@/app/scenario-registry';
import { OverviewTiles } from '@/app/overview';
import { AlarmList, SEVERITY_MARK, useAlarmCounts, useAlarmText } from '@/app/alarms/alarm-list';
import { useAlarms } from '@/app/alarms/alarm-queries';
import { useStage } from '@/app/stage';
import type { DemoHandle } from '@/app/demo-handle';
import { useWallGeometry, type WallGeometry } from './use-wall-layout';
import {
  minFontPx,
  MODULE_WIDTH_M,
  orbitAt,
  inWindow,
  seams,
  typeScale,
  WALL_RAMP,
  type WallLayout,
} from './wall-layout';
import { slideAt, slidesOf, type Slide } from './carousel';
import { takeoverAt, type Takeover } from './takeover';
import { alarmShown, alarmsSeen, joinAlarms, useWallShared } from './wall-sync';
import { useWallSession } from './wall-session';
import { installCounters } from './wall-watch';
import './wall.css';
import { Covered } from '@/app/coverage';

// The wall counts its listeners and WebGL contexts from before its first render (the map's
// context is created by the first effects).
installCounters();

/** Every window says what alarms it has at least this often (others drop a silent window's). */
const ALARMS_HEARTBEAT_MS = 30_000;

/** The wall's ramp as CSS variables, in real pixels scaled for the viewing distance. */
function wallStyle(g: WallGeometry, scale: number): CSSProperties {
  const du = g.layout.du / g.dpr;
  const px = (n: number) => `${(n * du * scale).toFixed(2)}px`;
  return {
    width: `${g.layout.width / g.dpr}px`,
    height: `${g.layout.height / g.dpr}px`,
    '--du': `${du}px`,
    '--fs-unit': px(WALL_RAMP.unit),
    '--fs-body': px(WALL_RAMP.body),
    '--fs-title': px(WALL_RAMP.title),
    '--fs-kpi': px(WALL_RAMP.kpi),
    '--fs-kpi-large': px(WALL_RAMP.kpiLarge),
    '--fs-screen': px(WALL_RAMP.screen),
    '--gap': `${16 * du}px`,
  } as CSSProperties;
}

/**
 * The slide shown: the carousel's, held while a takeover is on at the slide the carousel was on
 * when the first window showed the alarm (`since`, shared by every window of the wall). Holding
 * at the slide each window was on when its own feeds had the alarm left the tiles of one wall on
 * different slides.
 */
function useSlideIndex(slides: readonly Slide[], hold: boolean, since: number | null): number {
  const carousel = useWallShared((s) => s.carousel);
  const index = useRealClockDerived((now) => slideAt(slides, carousel, now).index);
  const [held, setHeld] = useState<number | null>(null);
  if (hold && held === null) setHeld(index);
  if (!hold && held !== null) setHeld(null);
  if (hold && since !== null) return slideAt(slides, carousel, since).index;
  return hold ? (held ?? index) : index;
}

/** This window's alarms joined with the other windows' (each polls alone), most pressing first. */
function useWallAlarms(tileId: string): Alarm[] | undefined {
  const own = useAlarms();
  const peers = useWallShared((s) => s.peers);
  // Peers are dropped by the minute when they fall silent.
  const minute = useRealClockDerived((real) => Math.floor(real / 60_000));
  useEffect(() => {
    if (!own) return;
    alarmsSeen(tileId, own);
    const timer = setInterval(() => alarmsSeen(tileId, own), ALARMS_HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [own, tileId]);
  return useMemo(
    () => (own ? joinAlarms(own, peers, (minute + 1) * 60_000).sort(compareAlarms) : undefined),
    [own, peers, minute],
  );
}

/** What takes over the wall now; a new object only when that changes. */
function useTakeover(alarms: readonly Alarm[], holdMs: number): Takeover {
  const lastInputAt = useWallShared((s) => s.lastInputAt);
  const seen = useWallShared((s) => s.seen);
  // Evaluated on the clock's tick; the result is named by a string so that the wall renders
  // only when the takeover changes.
  const key = useRealClockDerived((real) => {
    const t = takeoverAt(alarms, {
      now: cityNow(),
      realNow: real,
      lastInputAt,
      seenAt: (k) => (Object.hasOwn(seen, k) ? seen[k] : undefined),
      holdMs,
      speed: cityClockSpeed(),
    });
    return JSON.stringify([
      t.alarm?.key ?? null,
      t.flood ? [t.flood.count, ...t.flood.top.map((a) => a.key)] : null,
      t.flyTo?.key ?? null,
      t.hold,
    ]);
  });
  const takeover = useMemo<Takeover>(() => {
    const [alarmKey, flood, flyKey, hold] = JSON.parse(key) as [
      string | null,
      [number, ...string[]] | null,
      string | null,
      boolean,
    ];
    const find = (k: string | null) =>
      k === null ? null : (alarms.find((a) => a.key === k) ?? null);
    return {
      alarm: find(alarmKey),
      flood: flood
        ? {
            count: flood[0],
            top: flood.slice(1).flatMap((k) => find(k as string) ?? []),
          }
        : null,
      flyTo: find(flyKey),
      hold,
    };
  }, [key, alarms]);
  // The first window to show it starts its hold, for every window.
  const shown = takeover.alarm?.key ?? null;
  useEffect(() => {
    if (shown) alarmShown(shown, Date.now());
  }, [shown]);
  return takeover;
}

export default function WallApp({ demo }: { demo: DemoHandle | null }) {
  const { i18n } = useTranslation();
  const { config, geo } = useRuntime();
  const geometry = useWallGeometry();
  const { layout, tile, tileId } = geometry;
  const slides = useMemo(
    () =>
      slidesOf(
        config.wall.playlist,
        scenarios.map((s) => s.id),
      ),
    [config],
  );
  const session = useWallSession({ slides, geometry });
  const alarms = useWallAlarms(tileId);
  const takeover = useTakeover(alarms ?? [], config.wall.holdS * 1000);
  const seen = useWallShared((s) => s.seen);
  const holdKey = takeover.alarm?.key;
  const index = useSlideIndex(
    slides,
    takeover.hold,
    holdKey !== undefined && Object.hasOwn(seen, holdKey) ? seen[holdKey]! : null,
  );
  const slide = slides[index] ?? slides[0]!;
  const active =
    slide.kind === 'scenario' ? (scenarios.find((s) => s.id === slide.scenario) ?? null) : null;
  // A playlist area this city does not have is the whole city (the config check warns of it).
  const area = slide.kind === 'scenario' && slide.area && geo.area(slide.area) ? slide.area : null;

  useEffect(() => session.slideShown(index), [session, index]);

  // The map goes to a critical alarm (when no operator touched the wall for a minute), and back
  // to the slide's area when the takeover ends or the slide changes.
  const flyKey = takeover.flyTo?.key ?? null;
  useEffect(() => {
    const target = takeover.flyTo;
    flyRequested(target?.position ? { key: target.key, position: target.position } : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flyKey, index]);

  const { map, ready } = useStage({ active, areaCode: area, cell: null, alarms });
  useEffect(() => {
    if (ready) session.ready();
  }, [ready, session]);

  const widthM = config.wall.widthM ?? MODULE_WIDTH_M * layout.cols;
  const scale = typeScale(layout, config.wall.viewingDistanceM, widthM);
  const minPx = minFontPx(config.wall.viewingDistanceM, widthM, layout.width);
  // Charts are written in desktop pixels with 12-px text at the smallest: zoomed so that it is
  // the wall's smallest text.
  const chartZoom = (WALL_RAMP.unit * layout.du * scale) / geometry.dpr / 12;

  const cityZone = useMemo(() => cityTimeOf(config.city.timeZone), [config.city.timeZone]);
  const night = useRealClockDerived(() => {
    const now = cityNow();
    const minutes = Math.floor(cityZone.hourOfDay(now) * 60);
    return inWindow(minutes, config.wall.night.from, config.wall.night.to);
  });
  const orbit = useRealClockDerived((real) => orbitAt(real).join(','));
  const [ox, oy] = orbit.split(',').map(Number) as [number, number];

  const style: CSSProperties = {
    ...wallStyle(geometry, scale),
    left: `${(-(tile?.x ?? 0) + ox) / geometry.dpr}px`,
    top: `${(-(tile?.y ?? 0) + oy) / geometry.dpr}px`,
  };

  const title = useWallTitle({ slides, index, held: takeover.hold, demo: demo !== null });
  const banner = <TakeoverBanner takeover={takeover} />;
  const ticker = <Ticker alarms={alarms ?? []} shown={takeover.alarm?.key ?? null} />;

  return (
    <div
      className="wall-window"
      data-testid="app"
      data-profile="wall"
      data-layout={layout.id}
      data-tile={tileId}
      data-slide={index}
      data-screen={active?.id ?? 'overview'}
      data-takeover={takeover.alarm?.key ?? (takeover.flood ? 'flood' : '')}
      data-min-font={minPx}
      lang={i18n.language}
    >
      {ready ? <span hidden data-testid="app-ready" /> : null}
      <ChartZoomContext.Provider value={chartZoom}>
        <div
          className={`wall wall-${layout.id} ${layout.cols === 1 ? 'wall-single' : ''} ${active ? '' : 'wall-overview'}`}
          style={style}
        >
          <Regions
            layout={layout}
            title={title}
            active={active}
            area={area}
            map={map}
            banner={banner}
            ticker={ticker}
            slides={slides}
            index={index}
          />
          <Seams layout={layout} />
        </div>
      </ChartZoomContext.Provider>
      {night ? (
        <div
          className="wall-night"
          data-testid="wall-night"
          style={{ opacity: config.wall.night.dim }}
        />
      ) : null}
    </div>
  );
}

interface ModulesProps {
  layout: WallLayout;
  title: { clock: ReactNode; name: ReactNode; slide: ReactNode; chips: ReactNode };
  active: ScenarioDescriptor | null;
  area: string | null;
  map: ReactNode;
  banner: ReactNode;
  ticker: ReactNode;
  slides: readonly Slide[];
  index: number;
}

/**
 * The regions of every layout (docs/VISUAL.md §1), placed by wall.css per layout so that nothing
 * but the map crosses a seam. One tree for every layout and slide: the map host is the same
 * element throughout.
 */
function Regions({
  layout,
  title,
  active,
  area,
  map,
  banner,
  ticker,
  slides,
  index,
}: ModulesProps) {
  const { t } = useTranslation();
  const wide = layout.cols > 1;
  return (
    <>
      <div className="wall-region wall-title-clock">{title.clock}</div>
      <div className="wall-region wall-title-name">{title.name}</div>
      <div className="wall-region wall-title-chips">{title.chips}</div>
      <div className="wall-region wall-slidebar">{title.slide}</div>
      <div className="wall-region wall-left" data-testid="wall-left">
        <Loading>
          {active ? (
            <Covered scenario={active} area={area} part="left">
              <active.Left area={area} />
            </Covered>
          ) : (
            <OverviewTiles area={area} />
          )}
        </Loading>
      </div>
      <div className="wall-region wall-right" data-testid="wall-right">
        {active ? (
          <Loading>
            <Covered scenario={active} area={area} part="right">
              <active.Right area={area} />
            </Covered>
          </Loading>
        ) : (
          <Panel title={t('alarms.title')} testId="panel-alarms" className="panel-tall">
            <AlarmList area={area} />
          </Panel>
        )}
      </div>
      <div className="wall-region wall-centre">
        {active ? (
          <div className="wall-kpis">
            <Loading>
              <Covered scenario={active} area={area} part="kpis">
                <active.Kpis area={area} />
              </Covered>
            </Loading>
          </div>
        ) : null}
        <div className="wall-banner-slot">{banner}</div>
        <div className="wall-map">{map}</div>
      </div>
      {wide ? (
        active ? (
          <>
            <div className="wall-region wall-side-a" data-testid="wall-side-a">
              <Panel title={t('alarms.title')} testId="wall-alarms" className="panel-tall">
                <AlarmList feeds={active.feeds} area={area} limit={8} />
              </Panel>
            </div>
            <div className="wall-region wall-side-b wall-tiles" data-testid="wall-side-b">
              <OverviewTiles area={area} />
            </div>
          </>
        ) : (
          <div className="wall-region wall-side-a wall-side-whole" data-testid="wall-side-a">
            <Schedule slides={slides} index={index} />
          </div>
        )
      ) : null}
      <div className="wall-region wall-ticker">{ticker}</div>
    </>
  );
}

/** Thin gutters where the screens meet (tests and installers see them; nothing is drawn there). */
function Seams({ layout }: { layout: WallLayout }) {
  const s = seams(layout);
  return (
    <>
      {s.x.map((x) => (
        <div
          key={`x${x}`}
          className="wall-seam wall-seam-x"
          data-testid="wall-seam"
          data-x={x}
          style={{ left: `calc(${x / layout.du} * var(--du))` }}
        />
      ))}
      {s.y.map((y) => (
        <div
          key={`y${y}`}
          className="wall-seam wall-seam-y"
          data-testid="wall-seam"
          data-y={y}
          style={{ top: `calc(${y / layout.du} * var(--du))` }}
        />
      ))}
    </>
  );
}

function slideName(slide: Slide | undefined, t: (key: string) => string): string {
  if (!slide) return '';
  if (slide.kind === 'overview') return t('wall.overview');
  const scenario = scenarios.find((s) => s.id === slide.scenario);
  return scenario ? t(scenario.titleKey) : slide.scenario;
}

/** The title bar's parts: date and time, the city, the slide, headline chips, alarms, worst data age. */
function useWallTitle({
  slides,
  index,
  held,
  demo,
}: {
  slides: readonly Slide[];
  index: number;
  held: boolean;
  demo: boolean;
}): ModulesProps['title'] {
  const { t, i18n } = useTranslation();
  const { config } = useRuntime();
  const carousel = useWallShared((s) => s.carousel);
  const cityName =
    typeof config.city.name === 'string'
      ? config.city.name
      : config.city.name[i18n.language === 'en' ? 'en' : 'zh-CN'];
  const next = slides[(index + 1) % slides.length];
  const paused = carousel.held !== null;
  const feeds = FEED_NAMES.filter((f) => config.feeds[f]);
  return {
    clock: (
      <>
        <WallClock />
        {demo ? (
          <span className="demo-mark" data-testid="demo-mark">
            {t('app.demo')}
          </span>
        ) : null}
      </>
    ),
    name: (
      <h1 className="wall-name" data-testid="wall-title">
        {cityName} · {t('wall.title')}
      </h1>
    ),
    slide: (
      <p className="wall-slide" data-testid="wall-slide">
        <span className="wall-slide-name">{slideName(slides[index], t)}</span>{' '}
        <span className="wall-slide-pos num">
          {t('wall.slide', { n: index + 1, total: slides.length })}
        </span>{' '}
        {held ? (
          <span className="wall-slide-state" data-testid="wall-held">
            {t('wall.held')}
          </span>
        ) : paused ? (
          <span className="wall-slide-state" data-testid="wall-paused">
            {carousel.by ? t('wall.pausedBy', { by: carousel.by }) : t('wall.paused')}
          </span>
        ) : (
          <span className="wall-slide-next">{t('wall.next', { name: slideName(next, t) })}</span>
        )}
      </p>
    ),
    chips: (
      <>
        {scenarios.map((s) =>
          s.Chip ? (
            <Loading key={s.id}>
              <Covered scenario={s} area={null} part="chip">
                <s.Chip area={null} />
              </Covered>
            </Loading>
          ) : null,
        )}
        <WallAlarmChip />
        <FreshnessBadge feeds={feeds} testId="wall-freshness" interactive={false} />
      </>
    ),
  };
}

function WallClock() {
  const now = useCityNow();
  const format = useCityFormat();
  const { t } = useTranslation();
  return (
    <time
      className="clock num"
      dateTime={new Date(now).toISOString()}
      title={t('app.cityTime')}
      data-testid="city-clock"
    >
      <span className="clock-date">{format.date(now)}</span>{' '}
      <span className="clock-time">{format.clock(now, true)}</span>
    </time>
  );
}

function WallAlarmChip() {
  const { t } = useTranslation();
  const { unacked, worst } = useAlarmCounts();
  return (
    <span
      className={`alarm-chip sev-${worst ?? 'none'}`}
      data-testid="alarm-chip"
      data-count={unacked}
    >
      {worst ? <span aria-hidden="true">{SEVERITY_MARK[worst]} </span> : null}
      {t('alarms.count', { count: unacked })}
    </span>
  );
}

/**
 * A critical alarm's banner atop the centre column (never a full-screen modal; the KPI strip
 * stays), or one summary for a flood. It stays 30 s after acknowledgement, steady.
 */
function TakeoverBanner({ takeover }: { takeover: Takeover }) {
  const { t } = useTranslation();
  const text = useAlarmText();
  const format = useCityFormat();
  if (takeover.flood && !takeover.alarm) {
    return (
      <div className="wall-banner wall-banner-flood" role="alert" data-testid="wall-banner">
        <strong className="wall-banner-head">
          <span aria-hidden="true">■ </span>
          {t('wall.flood', { count: takeover.flood.count })}
        </strong>
        <span className="wall-banner-text">
          {t('wall.floodHint', { count: takeover.flood.count })}
        </span>
        <ol className="wall-banner-top">
          {takeover.flood.top.map((a) => (
            <li key={a.key}>
              <span aria-hidden="true">{SEVERITY_MARK[a.severity]} </span>
              {text(a)}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  const alarm = takeover.alarm;
  if (!alarm) return null;
  return (
    <div
      className={`wall-banner ${alarm.ack ? 'wall-banner-acked' : ''}`}
      role="alert"
      data-testid="wall-banner"
      data-key={alarm.key}
      data-acked={alarm.ack ? 'true' : 'false'}
    >
      <strong className="wall-banner-head">
        <span className="wall-banner-mark" aria-hidden="true">
          ■!
        </span>{' '}
        {t('wall.banner')}
      </strong>
      <span className="wall-banner-text">{text(alarm)}</span>
      <span className="wall-banner-time num">
        {alarm.ack
          ? t('wall.bannerAcked', { by: alarm.ack.by })
          : t('alarms.since', { time: format.clock(alarm.firstAt) })}
      </span>
      {takeover.flood ? (
        <span className="wall-banner-flood-count">
          {t('wall.flood', { count: takeover.flood.count })}
        </span>
      ) : null}
    </div>
  );
}

/** Other alarms, one line at a time, paged every 8 s (never a marquee). */
function Ticker({ alarms, shown }: { alarms: readonly Alarm[]; shown: string | null }) {
  const { t } = useTranslation();
  const text = useAlarmText();
  const items = alarms.filter((a) => a.state === 'active' && a.key !== shown);
  const page = useRealClockDerived((real) =>
    items.length ? Math.floor(real / 8000) % items.length : 0,
  );
  const item = items[page];
  return (
    <p className="wall-ticker-line" data-testid="wall-ticker">
      <span className="wall-ticker-label">{t('wall.ticker')}</span>
      {item ? (
        <span className={`wall-ticker-item alarm-${item.severity}`}>
          <span aria-hidden="true">{SEVERITY_MARK[item.severity]} </span>
          {text(item)}
          <span className="wall-ticker-pos num">
            {' '}
            {page + 1}/{items.length}
          </span>
        </span>
      ) : (
        <span className="wall-ticker-item">{t('wall.noTicker')}</span>
      )}
    </p>
  );
}

/** The carousel's order, the current slide marked: visitors see what comes next. */
function Schedule({ slides, index }: { slides: readonly Slide[]; index: number }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('wall.schedule')} testId="wall-schedule" className="panel-tall">
      <ol className="wall-schedule">
        {slides.map((s, i) => (
          <li key={i} aria-current={i === index ? 'step' : undefined}>
            <span className="num">{i + 1}</span> {slideName(s, t)}
          </li>
        ))}
      </ol>
    </Panel>
  );
}

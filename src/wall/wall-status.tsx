// The wall's status page for a desktop (`/wall/status`): every wall window of this machine, its
// uptime, soft reloads and last self-check, and the carousel, which an operator pauses and
// resumes from here.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuntime } from '@/state/runtime';
import { useNow } from '@/state/clock';
import { useCityFormat } from '@/ui/use-city-format';
import { useDurationText } from '@/ui/use-duration';
import { scenarios } from '@/app/scenario-registry';
import { paused, resumed, slideAt, slidesOf } from './carousel';
import { carouselChanged, joinWall, useWallShared } from './wall-sync';
import { allRecords, type WallRecord, type WatchSample } from './watchdog';
import { minFontPx, MODULE_WIDTH_M, WALL_LAYOUTS } from './wall-layout';
import { WALL_PATH } from './wall-paths';

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Records as stored, refreshed when a window writes one. */
function useRecords(): WallRecord[] {
  const [records, setRecords] = useState(() => allRecords(safeStorage()));
  useEffect(() => {
    const refresh = () => setRecords(allRecords(safeStorage()));
    window.addEventListener('storage', refresh);
    const timer = setInterval(refresh, 10_000);
    return () => {
      window.removeEventListener('storage', refresh);
      clearInterval(timer);
    };
  }, []);
  return records;
}

export default function WallStatus() {
  const { t, i18n } = useTranslation();
  const { config } = useRuntime();
  const now = useNow();
  const format = useCityFormat();
  const duration = useDurationText();
  const records = useRecords();
  const count = (n: unknown) => (typeof n === 'number' ? n.toLocaleString(i18n.language) : '—');
  // A record is read back from storage: a field an older version did not write is left out.
  const sampleText = (s: WatchSample) =>
    [
      typeof s.heapMb === 'number'
        ? t('wall.status.sampleHeap', { heap: Math.round(s.heapMb) })
        : null,
      typeof s.items === 'number' ? t('wall.status.sampleItems', { items: count(s.items) }) : null,
      t('wall.status.sample', {
        nodes: count(s.domNodes),
        listeners: count(s.listeners),
        contexts: count(s.contexts),
      }),
    ]
      .filter((part) => part !== null)
      .join(' · ');
  const carousel = useWallShared((s) => s.carousel);
  const slides = useMemo(
    () =>
      slidesOf(
        config.wall.playlist,
        scenarios.map((s) => s.id),
      ),
    [config],
  );
  useEffect(
    () => joinWall({ controlUrl: config.wall.controlUrl ?? null, initial: null }),
    [config],
  );
  const current = slides[slideAt(slides, carousel, now).index];
  const name = !current
    ? ''
    : current.kind === 'overview'
      ? t('wall.overview')
      : t(scenarios.find((s) => s.id === current.scenario)?.titleKey ?? current.scenario);
  const by = t('alarms.operator');
  const isPaused = carousel.held !== null;

  return (
    <main className="wall-status" data-testid="wall-status" lang={i18n.language}>
      <h1>{t('wall.status.title')}</h1>
      <section aria-labelledby="wall-status-carousel">
        <h2 id="wall-status-carousel">{t('wall.status.carousel')}</h2>
        <p data-testid="wall-status-carousel" data-paused={isPaused}>
          {isPaused
            ? carousel.by
              ? t('wall.pausedBy', { by: carousel.by })
              : t('wall.paused')
            : t('wall.status.running', { name })}
          {isPaused ? ` · ${name}` : ''}
        </p>
        <button
          type="button"
          data-testid="wall-status-toggle"
          onClick={() =>
            carouselChanged(
              isPaused
                ? resumed(slides, carousel, Date.now(), by)
                : paused(slides, carousel, Date.now(), by),
            )
          }
        >
          {isPaused ? t('wall.status.resume') : t('wall.status.pause')}
        </button>{' '}
        <a href={WALL_PATH} target="_blank" rel="noopener">
          {t('wall.status.open')}
        </a>
      </section>
      <section aria-labelledby="wall-status-windows">
        <h2 id="wall-status-windows">{t('wall.status.windows')}</h2>
        {records.length === 0 ? (
          <p data-testid="wall-status-none">{t('wall.status.none')}</p>
        ) : (
          <table className="wall-status-table" data-testid="wall-status-windows">
            <thead>
              <tr>
                <th scope="col">{t('wall.status.windows')}</th>
                <th scope="col">{t('wall.status.layout')}</th>
                <th scope="col">{t('wall.status.uptime')}</th>
                <th scope="col">{t('wall.status.reloads')}</th>
                <th scope="col">{t('wall.status.lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => {
                const last = r.reloads[r.reloads.length - 1];
                const layout = WALL_LAYOUTS.find((l) => l.id === r.layout);
                const minPx = layout
                  ? minFontPx(
                      config.wall.viewingDistanceM,
                      config.wall.widthM ?? MODULE_WIDTH_M * layout.cols,
                      layout.width,
                    )
                  : null;
                return (
                  <tr key={r.tile} data-testid="wall-status-window" data-tile={r.tile}>
                    <th scope="row">{t('wall.status.window', { tile: r.tile })}</th>
                    <td>
                      {r.layout}
                      {minPx !== null
                        ? ` · ${t('wall.status.minFont', { px: minPx, d: config.wall.viewingDistanceM })}`
                        : ''}
                    </td>
                    <td>
                      {duration(now - r.startedAt)} (
                      {t('wall.status.since', { time: format.dateTime(r.startedAt) })})
                    </td>
                    <td data-testid="wall-status-reloads" data-count={r.reloads.length}>
                      {r.reloads.length === 0
                        ? t('wall.status.noReloads')
                        : `${r.reloads.length} · ${t('wall.status.lastReload', {
                            time: format.dateTime(last!.at),
                            reason: last!.reason,
                          })}`}
                    </td>
                    <td>
                      {t('freshness.age', { age: duration(Math.max(0, now - r.lastSeenAt)) })}
                      {r.sample ? ` · ${sampleText(r.sample)}` : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

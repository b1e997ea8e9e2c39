// A wall window's life: it joins the wall's shared state, keeps its slide in the URL, records
// its uptime, watches itself and reloads softly past a bound.
import { useEffect, useMemo, useRef } from 'react';
import { useRuntime } from '@/state/runtime';
import { paused, startAt, type CarouselState, type Slide } from './carousel';
import { carouselChanged, inputSeen, joinWall, useWallShared } from './wall-sync';
import { installCounters, probeFrame, sampleWindow } from './wall-watch';
import { overBound, readRecord, recordKey, withReload, type WallRecord } from './watchdog';
import type { WallGeometry } from './use-wall-layout';
import { HOST_MESSAGE, type FrameMessage } from './wall-host-protocol';

/** How often the window checks itself, and says it is alive. */
const SAMPLE_MS = 30_000;
const PROBE_MS = 10_000;

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The frame's parent when it is the wall's host page (same origin), else null. */
function hostWindow(): Window | null {
  try {
    if (window.parent === window) return null;
    return window.parent.location.origin === window.location.origin ? window.parent : null;
  } catch {
    return null;
  }
}

/** Tells the host page (if any) something; returns whether there is one. */
export function tellHost(message: FrameMessage): boolean {
  const host = hostWindow();
  host?.postMessage({ [HOST_MESSAGE]: message }, window.location.origin);
  return host !== null;
}

/** The carousel state a URL asks for when no window has stored one (`?slide=3&hold=1`). */
export function urlCarousel(
  search: string,
  slides: readonly Slide[],
  now: number,
): CarouselState | null {
  const params = new URLSearchParams(search);
  const slide = Number(params.get('slide'));
  if (!params.has('slide') || !Number.isInteger(slide) || slide < 0 || slide >= slides.length)
    return null;
  return params.get('hold') === '1' ? paused(slides, startAt(slides, slide, now), now, null) : null;
}

export interface WallSession {
  /** The slide on screen changed: the URL says so (a reload or a copy of the URL resumes it). */
  slideShown(index: number): void;
  /** The first data is drawn: a host page waiting to swap this window in may now do so. */
  ready(): void;
  /** Reloads this window softly, for `reason`. */
  reload(reason: string): void;
}

export function useWallSession({
  slides,
  geometry,
}: {
  slides: readonly Slide[];
  geometry: WallGeometry;
}): WallSession {
  const { config } = useRuntime();
  const { tileId } = geometry;
  const layoutId = geometry.layout.id;
  const recordRef = useRef<WallRecord | null>(null);
  const reloading = useRef(false);
  const carousel = useWallShared((s) => s.carousel);
  const carouselRef = useRef(carousel);
  useEffect(() => {
    carouselRef.current = carousel;
  }, [carousel]);

  const session = useMemo<WallSession>(() => {
    const storage = safeStorage();
    const save = () => {
      const record = recordRef.current;
      if (!record) return;
      try {
        storage?.setItem(recordKey(record.tile), JSON.stringify(record));
      } catch {
        // Full storage: the record is kept in memory only.
      }
    };
    const writeUrl = (index: number) => {
      const url = new URL(window.location.href);
      url.searchParams.set('slide', String(index));
      if (carouselRef.current.held !== null) url.searchParams.set('hold', '1');
      else url.searchParams.delete('hold');
      const next = `${url.pathname}${url.search}`;
      if (next !== `${window.location.pathname}${window.location.search}`) {
        window.history.replaceState(window.history.state, '', next);
        tellHost({ kind: 'url', search: url.search });
      }
    };
    return {
      slideShown: writeUrl,
      ready: () => {
        // Painted: two frames after the data is drawn.
        requestAnimationFrame(() => requestAnimationFrame(() => tellHost({ kind: 'ready' })));
      },
      reload: (reason) => {
        if (reloading.current) return;
        reloading.current = true;
        if (recordRef.current)
          recordRef.current = withReload(recordRef.current, Date.now(), reason);
        save();
        console.warn(`[wall] soft reload: ${reason}`);
        // With a host page, a new frame paints behind this one before this one goes; alone,
        // the browser holds this page's paint until the new one's first (same origin).
        if (!tellHost({ kind: 'reload', reason })) window.location.replace(window.location.href);
      },
    };
  }, []);

  useEffect(() => {
    installCounters();
    const storage = safeStorage();
    recordRef.current = readRecord(storage, tileId, layoutId, Date.now());
    const save = () => {
      try {
        if (recordRef.current)
          storage?.setItem(recordKey(tileId), JSON.stringify(recordRef.current));
      } catch {
        // Full storage.
      }
    };
    save();
    const leave = joinWall({
      controlUrl: config.wall.controlUrl ?? null,
      initial: urlCarousel(window.location.search, slides, Date.now()),
    });

    const onInput = () => inputSeen(Date.now());
    const inputs = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const type of inputs) window.addEventListener(type, onInput, { passive: true });

    probeFrame();
    const probe = setInterval(probeFrame, PROBE_MS);
    const check = setInterval(() => {
      const sample = sampleWindow();
      if (recordRef.current)
        recordRef.current = { ...recordRef.current, lastSeenAt: Date.now(), sample };
      save();
      const over = overBound(sample, config.wall.watchdog);
      if (over) session.reload(over);
    }, SAMPLE_MS);

    if (__TEST_HOOKS__)
      Object.assign(window, {
        __wall: {
          reload: (reason: string) => session.reload(reason),
          sample: sampleWindow,
          record: () => recordRef.current,
          pause: (by: string) =>
            carouselChanged(paused(slides, useWallShared.getState().carousel, Date.now(), by)),
        },
      });

    return () => {
      leave();
      for (const type of inputs) window.removeEventListener(type, onInput);
      clearInterval(probe);
      clearInterval(check);
    };
  }, [config, session, slides, tileId, layoutId]);

  return session;
}

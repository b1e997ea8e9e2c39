// The traffic scenario's views as the feed worker registers them: what each loads before a build
// (the grid, the history series, one intersection's log) and what it reads.
import type { SignalState } from '@/domain/signal';
import { defineView, type ViewInput } from '@/feeds/view-builder';
import { loadGrid, needsGrid, type AreaParams } from '@/feeds/area-filter';
import { BIN_MS } from './bins';
import { historyOf, seriesQuery } from './history';
import {
  buildIntersectionView,
  logQuery,
  logWindow,
  type IntersectionView,
} from './intersection-view';
import {
  buildTrafficSummary,
  buildTrafficView,
  referenceBin,
  summaryTransferables,
  trafficTransferables,
  type TrafficSummary,
  type TrafficView,
} from './traffic-view';
import { TRAFFIC_INTERSECTION, TRAFFIC_OVERVIEW, TRAFFIC_SUMMARY } from './views';

/**
 * How long `prepare` waits for an optional endpoint before building without it: the view comes
 * at once and picks the answer up at its next request (a slow series never holds the panels back).
 */
const PREPARE_WAIT_MS = 800;
/** A copy of the series or a log younger than this (real time) is not asked for again. */
const SERIES_MAX_AGE_MS = 60_000;
const LOG_MAX_AGE_MS = 30_000;

const atMost = (promise: Promise<void>, ms: number): Promise<void> =>
  Promise.race([promise, new Promise<void>((resolve) => setTimeout(resolve, ms))]);

const references = new WeakMap<object, { revision: number; ref: number | null }>();

/** The reference bin of the whole feed, once per data revision. */
function referenceOf(input: ViewInput): number | null {
  const all = input.all('signals');
  const revision = input.facts('signals').revision;
  const held = references.get(all);
  if (held && held.revision === revision) return held.ref;
  const ref = referenceBin(all.values());
  references.set(all, { revision, ref });
  return ref;
}

/**
 * An optional endpoint's answer for a query, or for the one before it while the new one loads (a
 * window that moved on keeps showing the last answer rather than going blank).
 */
function resourceOr(
  input: ViewInput,
  path: string,
  query: Record<string, string> | null,
  previous: Record<string, string> | null,
): unknown {
  if (!query) return null;
  const value = input.resource('signals', path, query);
  if (value !== undefined || !previous) return value;
  return input.resource('signals', path, previous);
}

const SERIES = 'series';

export const trafficOverviewView = defineView<AreaParams, TrafficView>({
  ...TRAFFIC_OVERVIEW,
  async prepare(params, loader) {
    const query = seriesQuery(params.area, loader.now);
    await Promise.all([
      needsGrid(params) ? loadGrid() : Promise.resolve(),
      query
        ? atMost(loader.load('signals', SERIES, query, SERIES_MAX_AGE_MS), PREPARE_WAIT_MS)
        : Promise.resolve(),
    ]);
  },
  build(input, params, ctx) {
    const raw = resourceOr(
      input,
      SERIES,
      seriesQuery(params.area, ctx.now),
      seriesQuery(params.area, ctx.now - BIN_MS),
    );
    return buildTrafficView(
      input.inArea('signals').values(),
      params,
      { ...input.facts('signals'), now: ctx.now, time: ctx.time, changesAt: ctx.changesAt },
      referenceOf(input),
      historyOf(raw, params.area, ctx.now, ctx.time),
    );
  },
  transferables: trafficTransferables,
});

export const trafficSummaryView = defineView<AreaParams, TrafficSummary>({
  ...TRAFFIC_SUMMARY,
  build: (input, params, ctx) =>
    buildTrafficSummary(
      input.inArea('signals').values(),
      params,
      { ...input.facts('signals'), now: ctx.now, time: ctx.time, changesAt: ctx.changesAt },
      referenceOf(input),
    ),
  transferables: summaryTransferables,
});

export interface IntersectionParams {
  id: string;
}

const eventsPath = (id: string) => `${id}/events`;

export const trafficIntersectionView = defineView<IntersectionParams, IntersectionView>({
  ...TRAFFIC_INTERSECTION,
  async prepare({ id }, loader) {
    await atMost(
      loader.load('signals', eventsPath(id), logQuery(logWindow(loader.now)), LOG_MAX_AGE_MS),
      PREPARE_WAIT_MS,
    );
  },
  build(input, { id }, ctx) {
    const all = input.all('signals');
    const item: SignalState | undefined = all.get(id);
    const raw = resourceOr(
      input,
      eventsPath(id),
      logQuery(logWindow(ctx.now)),
      logQuery(logWindow(ctx.now - 60_000)),
    );
    ctx.changesAt(logWindow(ctx.now).to + 60_000);
    const facts = input.facts('signals');
    return buildIntersectionView(id, item, raw, {
      now: ctx.now,
      revision: facts.revision,
      generatedAt: facts.generatedAt,
    });
  },
});

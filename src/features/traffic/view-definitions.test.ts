import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import { contextAt, inputOf, type ViewInput, type ViewLoader } from '@/feeds/view-builder';
import { BIN_MS } from './bins';
import { seriesQuery } from './history';
import { logQuery, logWindow } from './intersection-view';
import { NOW, signal } from './test-signals';
import {
  trafficIntersectionView,
  trafficOverviewView,
  type IntersectionParams,
} from './view-definitions';

const time = cityTimeOf('Asia/Shanghai');

function loader(now: number) {
  const calls: [string, string, Record<string, string>][] = [];
  const l: ViewLoader = {
    now,
    time,
    load: (feed, path, query) => {
      calls.push([feed, path, { ...query }]);
      return Promise.resolve();
    },
  };
  return { l, calls };
}

/** An input whose optional endpoints answer from a table keyed by path and query. */
function withResources(answers: Map<string, unknown>): ViewInput {
  const base = inputOf({ signals: [signal({ id: 'SIG-1' })] }, { signals: { generatedAt: NOW } });
  return {
    ...base,
    resource: (_feed, path, query = {}) => answers.get(`${path}?${new URLSearchParams(query)}`),
  };
}
const keyOf = (path: string, query: Record<string, string>) =>
  `${path}?${new URLSearchParams(query)}`;

describe('what the views load', () => {
  it('asks for the area’s series once a bin, and a grid cell for none', async () => {
    const { l, calls } = loader(NOW + 5 * 60_000);
    await trafficOverviewView.prepare!({ area: '350102' }, l);
    expect(calls).toEqual([['signals', 'series', seriesQuery('350102', NOW)!]]);
    const cell = loader(NOW);
    await trafficOverviewView.prepare!({ area: '89411c0a7b3ffff' }, cell.l);
    expect(cell.calls).toEqual([]);
  });

  it('asks for an intersection’s hour of log, to the minute', async () => {
    const { l, calls } = loader(NOW + 30_000);
    await trafficIntersectionView.prepare!({ id: 'SIG-1' }, l);
    expect(calls).toEqual([['signals', 'SIG-1/events', logQuery(logWindow(NOW))]]);
  });
});

describe('what the views read', () => {
  it('keep showing the last series while the new bin’s loads', () => {
    const previous = seriesQuery(null, NOW - BIN_MS)!;
    const answers = new Map<string, unknown>([[keyOf('series', previous), null]]);
    const view = trafficOverviewView.build(
      withResources(answers),
      { area: null },
      contextAt(NOW, time),
    );
    // The previous bin's answer (the source has no series): absent, not loading.
    expect(view.history.status).toBe('absent');
    const none = trafficOverviewView.build(
      withResources(new Map()),
      { area: null },
      contextAt(NOW, time),
    );
    expect(none.history.status).toBe('loading');
  });

  it('read the intersection’s log of this minute, else the last minute’s', () => {
    const params: IntersectionParams = { id: 'SIG-1' };
    const last = logQuery(logWindow(NOW - 60_000));
    const answers = new Map<string, unknown>([[keyOf('SIG-1/events', last), null]]);
    const ctx = contextAt(NOW, time);
    const view = trafficIntersectionView.build(withResources(answers), params, ctx);
    expect(view.item?.id).toBe('SIG-1');
    expect(view.log.status).toBe('absent');
    expect(ctx.boundaries).toContain(NOW + 60_000);
  });
});

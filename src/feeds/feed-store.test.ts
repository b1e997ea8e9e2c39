import { describe, expect, it } from 'vitest';
import type { DroppedItem, FeedFetchResult } from '@/adapters/feed-adapter';
import type { Ticket } from '@/domain/ticket';
import { makeTicket, T0 } from '../../tests/fixtures/make-ticket';
import { applyFetchResult, createFeedStore, sortedIdsOf } from './feed-store';

const ticket = (id: string, overrides: Partial<Ticket> = {}): Ticket => makeTicket(id, overrides);

const identity = (t: Ticket) => t;
const dropped = (n: number, tag = 'bad', rule = 'too_big'): DroppedItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `X-${i}`,
    reason: `${tag}: ${i}`,
    path: tag,
    rule,
  }));

const snapshot = (
  version: number,
  items: Ticket[],
  drops: DroppedItem[] = [],
): FeedFetchResult<'tickets'> => ({
  kind: 'snapshot',
  cursor: { version, etag: `"v${version}"` },
  generatedAt: T0 + version,
  items,
  dropped: drops,
});
const delta = (
  version: number,
  upserts: Ticket[],
  removed: string[],
  drops: DroppedItem[] = [],
): FeedFetchResult<'tickets'> => ({
  kind: 'delta',
  cursor: { version, etag: null },
  generatedAt: T0 + version,
  upserts,
  removed,
  dropped: drops,
});

describe('feed store', () => {
  it('starts empty at revision 0', () => {
    const store = createFeedStore('tickets');
    expect(store).toMatchObject({ feed: 'tickets', cursor: null, revision: 0, generatedAt: 0 });
    expect(store.items.size).toBe(0);
  });

  it('replaces everything with a snapshot', () => {
    const store = createFeedStore('tickets');
    expect(applyFetchResult(store, snapshot(1, [ticket('A'), ticket('B')]), identity)).toBe(true);
    expect(applyFetchResult(store, snapshot(2, [ticket('C')]), identity)).toBe(true);
    expect([...store.items.keys()]).toEqual(['C']);
    expect(store.revision).toBe(2);
    expect(store.cursor).toEqual({ version: 2, etag: '"v2"' });
    expect(store.generatedAt).toBe(T0 + 2);
  });

  it('upserts and removes with a delta', () => {
    const store = createFeedStore('tickets');
    applyFetchResult(store, snapshot(1, [ticket('A'), ticket('B'), ticket('C')]), identity);
    const changedB = ticket('B', { stage: 'closed' });
    expect(applyFetchResult(store, delta(2, [changedB, ticket('D')], ['A', 'Z']), identity)).toBe(
      true,
    );
    expect([...store.items.keys()].sort()).toEqual(['B', 'C', 'D']);
    expect(store.items.get('B')).toBe(changedB);
    expect(store.revision).toBe(2);
    expect(store.cursor).toEqual({ version: 2, etag: null });
  });

  it('keeps an item that a delta removes and upserts again', () => {
    const store = createFeedStore('tickets');
    applyFetchResult(store, snapshot(1, [ticket('A')]), identity);
    const back = ticket('A', { urgent: true });
    applyFetchResult(store, delta(2, [back], ['A']), identity);
    expect(store.items.get('A')).toBe(back);
  });

  it('leaves content and revision alone when unchanged, but moves the cursor', () => {
    const store = createFeedStore('tickets');
    applyFetchResult(store, snapshot(1, [ticket('A')], dropped(2)), identity);
    const items = store.items;
    const changed = applyFetchResult(
      store,
      { kind: 'unchanged', cursor: { version: 1, etag: '"other"' } },
      identity,
    );
    expect(changed).toBe(false);
    expect(store.revision).toBe(1);
    expect(store.items).toBe(items);
    expect(store.droppedLast).toBe(2);
    expect(store.generatedAt).toBe(T0 + 1);
    expect(store.cursor).toEqual({ version: 1, etag: '"other"' });
  });

  it('counts dropped items per poll and in total, by field and rule', () => {
    const store = createFeedStore('tickets');
    applyFetchResult(store, snapshot(1, [ticket('A')], dropped(3, 'position')), identity);
    expect(store).toMatchObject({ droppedLast: 3, droppedTotal: 3 });
    expect(store.reasons).toMatchObject([
      { path: 'position', rule: 'too_big', last: 3, total: 3, exampleId: 'X-0' },
    ]);

    applyFetchResult(
      store,
      delta(2, [], [], [...dropped(4, 'category', 'invalid_format'), ...dropped(1, 'position')]),
      identity,
    );
    expect(store).toMatchObject({ droppedLast: 5, droppedTotal: 8 });
    expect(store.reasons).toMatchObject([
      { path: 'category', rule: 'invalid_format', last: 4, total: 4 },
      { path: 'position', rule: 'too_big', last: 1, total: 4 },
    ]);

    applyFetchResult(store, delta(3, [ticket('B')], []), identity);
    expect(store).toMatchObject({ droppedLast: 0, droppedTotal: 8 });
    expect(store.reasons.map((r) => [r.last, r.total])).toEqual([
      [0, 4],
      [0, 4],
    ]);
  });

  it('counts ids sent twice in one response, keeping the last, and is then incomplete', () => {
    const store = createFeedStore('tickets');
    applyFetchResult(
      store,
      snapshot(1, [ticket('A'), ticket('A', { title: 'second' }), ticket('B')]),
      identity,
    );
    expect(store).toMatchObject({ duplicatesLast: 1, duplicatesTotal: 1, complete: false });
    expect(store.items.get('A')?.title).toBe('second');
    applyFetchResult(store, delta(2, [ticket('C'), ticket('C')], []), identity);
    expect(store).toMatchObject({ duplicatesLast: 1, duplicatesTotal: 2 });
    applyFetchResult(store, snapshot(3, [ticket('A')]), identity);
    expect(store).toMatchObject({ duplicatesLast: 0, duplicatesTotal: 2, complete: true });
  });

  it('stores sanitised items from snapshots and deltas', () => {
    const store = createFeedStore('tickets');
    const seen: string[] = [];
    const sanitize = (t: Ticket): Ticket => {
      seen.push(t.id);
      return { ...t, title: `clean ${t.id}` };
    };
    applyFetchResult(store, snapshot(1, [ticket('A'), ticket('B')]), sanitize);
    applyFetchResult(store, delta(2, [ticket('C')], ['A']), sanitize);
    expect(seen).toEqual(['A', 'B', 'C']);
    expect([...store.items.values()].map((t) => t.title)).toEqual(['clean B', 'clean C']);
  });

  it('keeps the ids in code unit order across deltas, the same array while the ids stay', () => {
    const store = createFeedStore('tickets');
    applyFetchResult(
      store,
      snapshot(
        1,
        ['b', 'B', 'a-2', 'a-10'].map((id) => ticket(id)),
      ),
      identity,
    );
    expect(store.sortedIds).toBeNull();
    const first = sortedIdsOf(store);
    expect(first).toEqual(['B', 'a-10', 'a-2', 'b']);
    expect(sortedIdsOf(store)).toBe(first);

    applyFetchResult(store, delta(2, [ticket('b', { urgent: true })], ['nope']), identity);
    expect(sortedIdsOf(store)).toBe(first);

    applyFetchResult(store, delta(3, [ticket('a-3'), ticket('C'), ticket('a-2')], ['B']), identity);
    expect(sortedIdsOf(store)).toEqual(['C', 'a-10', 'a-2', 'a-3', 'b']);
    applyFetchResult(
      store,
      delta(4, [ticket('C'), ticket('0'), ticket('z')], ['C', 'b']),
      identity,
    );
    expect(sortedIdsOf(store)).toEqual(['0', 'C', 'a-10', 'a-2', 'a-3', 'z']);
    expect(sortedIdsOf(store)).toEqual([...store.items.keys()].sort());

    applyFetchResult(store, snapshot(5, [ticket('Q'), ticket('P')]), identity);
    expect(store.sortedIds).toBeNull();
    expect(sortedIdsOf(store)).toEqual(['P', 'Q']);
  });

  it('is complete only while nothing was quarantined or sent twice since the last snapshot', () => {
    const store = createFeedStore('tickets');
    expect(store.complete).toBe(false);
    applyFetchResult(store, snapshot(1, [ticket('A')]), identity);
    expect(store.complete).toBe(true);
    applyFetchResult(store, delta(2, [ticket('B')], []), identity);
    expect(store.complete).toBe(true);
    applyFetchResult(store, delta(3, [], [], dropped(1)), identity);
    expect(store.complete).toBe(false);
    applyFetchResult(store, delta(4, [ticket('C')], []), identity);
    expect(store.complete).toBe(false);
    applyFetchResult(store, snapshot(5, [ticket('A'), ticket('A')]), identity);
    expect(store.complete).toBe(false);
    applyFetchResult(store, snapshot(6, [ticket('A')], dropped(1)), identity);
    expect(store.complete).toBe(false);
    applyFetchResult(store, snapshot(7, [ticket('A')]), identity);
    expect(store.complete).toBe(true);
  });

  it('counts a discarded delta with the quarantined items, and stays complete', () => {
    const store = createFeedStore('tickets');
    applyFetchResult(store, snapshot(1, [ticket('A')]), identity);
    applyFetchResult(
      store,
      {
        ...snapshot(2, [ticket('A')], dropped(2)),
        discardedDelta: 'row 3 is beyond',
      } as FeedFetchResult<'tickets'>,
      identity,
    );
    expect(store).toMatchObject({ droppedLast: 3, droppedTotal: 3 });
    expect(store.reasons).toMatchObject([
      { path: 'bad', rule: 'too_big', last: 2 },
      { path: '(delta)', rule: 'discarded', last: 1, example: 'delta discarded: row 3 is beyond' },
    ]);
    applyFetchResult(
      store,
      { ...snapshot(3, [ticket('A')]), discardedDelta: 'hash' } as FeedFetchResult<'tickets'>,
      identity,
    );
    expect(store).toMatchObject({ droppedLast: 1, droppedTotal: 4, complete: true });
  });
});

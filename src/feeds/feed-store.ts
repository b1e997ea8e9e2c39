import type { DroppedItem, FeedCursor, FeedFetchResult } from '@/adapters/feed-adapter';
import type { FeedName } from '@/domain/common';
import type { FeedItems } from '@/domain/feeds';

/** Quarantined items of one kind: the field, the rule it broke, how many. */
export interface QuarantineReason {
  path: string;
  rule: string;
  /** Items quarantined for it: in the last poll that brought data, and since start. */
  last: number;
  total: number;
  /** One message and one id as an example. */
  example: string;
  exampleId: string | null;
}

/** Kinds of quarantine kept per feed (the most frequent since start). */
const MAX_REASONS = 24;

/** What the worker holds of one feed: the items by id and where the source left off. */
export interface FeedStore<F extends FeedName = FeedName> {
  readonly feed: F;
  items: Map<string, FeedItems[F]>;
  cursor: FeedCursor | null;
  generatedAt: number;
  /**
   * Items quarantined in the last poll that brought data, and since start; a delta discarded
   * as inconsistent (replaced by a snapshot) counts as one.
   */
  droppedLast: number;
  droppedTotal: number;
  /** Quarantine by field and rule, most frequent first. */
  reasons: QuarantineReason[];
  /** Items sent more than once in one response: in the last poll that brought data, and since start. */
  duplicatesLast: number;
  duplicatesTotal: number;
  /** Bumped on every content change; views are cached against it. */
  revision: number;
  /**
   * Whether `items` are all the source sent up to `cursor`: nothing quarantined or sent twice
   * since the last snapshot. Deltas that refer to the items held need it.
   */
  complete: boolean;
  /** The ids of `items` in UTF-16 code unit order, once asked for (sortedIdsOf); kept by deltas. */
  sortedIds: string[] | null;
  /**
   * What the last delta changed, for indexes kept in step with the items: the items it replaced
   * or removed (`before`) and the items it put in (`after`), at the revision it made. Null after
   * a snapshot (everything changed).
   */
  lastChange: {
    revision: number;
    before: FeedItems[F][];
    after: FeedItems[F][];
    /** The ids it removed (among `before`; one also among `after` is back). */
    removed: string[];
  } | null;
}

export function createFeedStore<F extends FeedName>(feed: F): FeedStore<F> {
  return {
    feed,
    items: new Map(),
    cursor: null,
    generatedAt: 0,
    droppedLast: 0,
    droppedTotal: 0,
    reasons: [],
    duplicatesLast: 0,
    duplicatesTotal: 0,
    revision: 0,
    complete: false,
    sortedIds: null,
    lastChange: null,
  };
}

/** The ids held in UTF-16 code unit order: sorted once, then kept in step by every delta. */
export function sortedIdsOf(store: FeedStore): readonly string[] {
  if (store.sortedIds === null) {
    const ids = [...store.items.keys()];
    let sorted = true;
    for (let i = 1; sorted && i < ids.length; i += 1) sorted = ids[i - 1]! < ids[i]!;
    store.sortedIds = sorted ? ids : ids.sort();
  }
  return store.sortedIds;
}

/** `sorted` without `removed`, with `added` (sorted, none of them in `sorted` unless removed). */
function mergeIds(
  sorted: readonly string[],
  removed: ReadonlySet<string>,
  added: readonly string[],
): string[] {
  const out: string[] = [];
  let j = 0;
  for (const id of sorted) {
    if (removed.has(id)) continue;
    while (j < added.length && added[j]! < id) out.push(added[j++]!);
    out.push(id);
  }
  while (j < added.length) out.push(added[j++]!);
  return out;
}

/** Applies one fetch result; returns whether the content changed. */
export function applyFetchResult<F extends FeedName>(
  store: FeedStore<F>,
  result: FeedFetchResult<F>,
  sanitize: (item: FeedItems[F]) => FeedItems[F],
): boolean {
  if (result.kind === 'unchanged') {
    store.cursor = result.cursor;
    return false;
  }
  store.cursor = result.cursor;
  store.generatedAt = result.generatedAt;
  const discarded = result.kind === 'snapshot' ? result.discardedDelta : undefined;
  store.droppedLast = result.dropped.length + (discarded === undefined ? 0 : 1);
  store.droppedTotal += store.droppedLast;
  recordReasons(store, [
    ...(discarded === undefined
      ? []
      : [
          { id: null, reason: `delta discarded: ${discarded}`, path: '(delta)', rule: 'discarded' },
        ]),
    ...result.dropped,
  ]);
  if (result.kind === 'snapshot') {
    store.items = new Map(result.items.map((item) => [item.id, sanitize(item)]));
    store.duplicatesLast = result.items.length - store.items.size;
    store.complete = result.dropped.length === 0 && store.duplicatesLast === 0;
    store.sortedIds = null;
    store.lastChange = null;
  } else {
    const { items, sortedIds } = store;
    const removed = new Set<string>();
    const added = new Set<string>();
    const seen = new Set<string>();
    const before: FeedItems[F][] = [];
    const after: FeedItems[F][] = [];
    const gone: string[] = [];
    for (const id of result.removed) {
      const old = items.get(id);
      if (old === undefined) continue;
      items.delete(id);
      before.push(old);
      gone.push(id);
      if (sortedIds) removed.add(id);
    }
    for (const item of result.upserts) {
      seen.add(item.id);
      const old = items.get(item.id);
      if (old === undefined) {
        if (sortedIds) added.add(item.id);
      } else before.push(old);
      const clean = sanitize(item);
      items.set(item.id, clean);
      after.push(clean);
    }
    store.lastChange = { revision: store.revision + 1, before, after, removed: gone };
    store.duplicatesLast = result.upserts.length - seen.size;
    if (result.dropped.length || store.duplicatesLast) store.complete = false;
    if (sortedIds && (removed.size || added.size))
      store.sortedIds = mergeIds(sortedIds, removed, [...added].sort());
  }
  store.duplicatesTotal += store.duplicatesLast;
  store.revision += 1;
  return true;
}

/** Counts this poll's quarantined items by field and rule into the store's reasons. */
function recordReasons(store: FeedStore, dropped: readonly DroppedItem[]): void {
  for (const reason of store.reasons) reason.last = 0;
  if (dropped.length === 0) return;
  const byKey = new Map(store.reasons.map((r) => [`${r.path}\u0000${r.rule}`, r]));
  for (const d of dropped) {
    const key = `${d.path}\u0000${d.rule}`;
    let reason = byKey.get(key);
    if (!reason) {
      reason = {
        path: d.path,
        rule: d.rule,
        last: 0,
        total: 0,
        example: d.reason.slice(0, 200),
        exampleId: d.id,
      };
      byKey.set(key, reason);
    }
    reason.last += 1;
    reason.total += 1;
  }
  store.reasons = [...byKey.values()]
    .sort((a, b) => b.last - a.last || b.total - a.total)
    .slice(0, MAX_REASONS);
}

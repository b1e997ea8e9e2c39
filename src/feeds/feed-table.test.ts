import { describe, expect, it } from 'vitest';
import { FeedTable, grown, tableOf, type TableSpec } from './feed-table';
import { encodeIds, pointIdAt } from './point-columns';

interface Item {
  id: string;
  area: string;
  value: number;
}

let writes = 0;
const SPEC: TableSpec<Item, { value: Float64Array; area: Int32Array }> = {
  id: 'test.rows',
  create: (capacity, previous) => ({
    value: grown(Float64Array, capacity, previous?.value),
    area: grown(Int32Array, capacity, previous?.area),
  }),
  write(c, row, item, codes) {
    writes += 1;
    c.value[row] = item.value;
    c.area[row] = codes.of(item.area);
  },
};

/** What a table holds, by id: its row's item and columns, decoded. */
function contents(table: FeedTable<Item, { value: Float64Array; area: Int32Array }>) {
  const out = new Map<string, { value: number; area: string; same: boolean }>();
  for (const row of table.rows()) {
    const item = table.items[row]!;
    out.set(item.id, {
      value: table.columns.value[row]!,
      area: table.codes.names[table.columns.area[row]!]!,
      same: item.value === table.columns.value[row],
    });
  }
  return out;
}

/** A small deterministic generator (the same sequence every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Ids that are property names of every JavaScript object, among ordinary ones.
const IDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
for (let i = 0; i < 60; i += 1) IDS.push(`T-${i}`);

describe('FeedTable', () => {
  it('holds every item once, in its row, whatever the ids', () => {
    const items = IDS.map((id, i) => ({ id, area: `A${i % 3}`, value: i }));
    const table = tableOf(SPEC, items);
    expect(table.size).toBe(IDS.length);
    const held = contents(table);
    expect([...held.keys()].sort()).toEqual([...IDS].sort());
    expect(held.get('__proto__')).toEqual({ value: 1, area: 'A1', same: true });
    expect(held.get('constructor')).toEqual({ value: 0, area: 'A0', same: true });
    // Rows in the items' order.
    expect(Array.from(table.rows(), (row) => table.items[row]!.id)).toEqual(IDS);
  });

  it('after any sequence of deltas holds what a table made from the items anew holds', () => {
    const next = random(7);
    const store = new Map<string, Item>();
    for (const id of IDS.slice(0, 40)) store.set(id, { id, area: 'A0', value: 0 });
    const table = new FeedTable(SPEC);
    table.rebuild(store.values(), 1);
    for (let revision = 2; revision < 200; revision += 1) {
      // A delta as the store applies one: removals first, then upserts (new, changed, re-added).
      const removed: string[] = [];
      const after: Item[] = [];
      for (const id of IDS) {
        const roll = next();
        const old = store.get(id);
        if (old && roll < 0.08) {
          store.delete(id);
          removed.push(id);
        } else if (roll > 0.9) {
          const item = { id, area: `A${Math.floor(next() * 5)}`, value: revision };
          store.set(id, item);
          after.push(item);
        }
      }
      writes = 0;
      table.apply(removed, after, revision);
      // Only the delta's items are written.
      expect(writes).toBe(after.length);
      expect(table.revision).toBe(revision);
      expect(contents(table)).toEqual(contents(tableOf(SPEC, store.values())));
      const rows = table.rows();
      expect(table.ids(rows)).toEqual(encodeIds(Array.from(rows, (row) => table.items[row]!.id)));
    }
    // Freed rows are taken again: the table is no longer than the most items it held at once.
    expect(table.length).toBeLessThanOrEqual(IDS.length);
  });

  it('gives the ids of any rows as the map’s id column, whatever their script, after any churn', () => {
    // Long ids, some not ASCII, replaced many times over: the pool of id bytes is compacted.
    const idOf = (i: number) => `${i % 3 ? 'T' : '工单-'}${String(i).padStart(40, '0')}`;
    const store = new Map<string, Item>();
    const table = new FeedTable(SPEC);
    table.rebuild([], 0);
    for (let revision = 1; revision <= 60; revision += 1) {
      const after = Array.from({ length: 100 }, (_, k) => {
        const id = idOf(revision * 100 + k);
        return { id, area: 'A', value: k };
      });
      const removed = [...store.keys()].filter((_, k) => k % 2 === 0 || revision % 7 === 0);
      for (const id of removed) store.delete(id);
      for (const item of after) store.set(item.id, item);
      table.apply(removed, after, revision);
      const rows = table.rows();
      const some = rows.filter((_, k) => k % 3 !== 1);
      expect(table.ids(some)).toEqual(encodeIds(Array.from(some, (row) => table.items[row]!.id)));
      expect(table.size).toBe(store.size);
    }
    expect(pointIdAt(table.ids(table.rows()), 0)).toMatch(/^(T|工单-)\d{40}$/);
  });

  it('grows its columns keeping the rows written', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `X${i}`, area: 'A', value: i }));
    const table = tableOf(SPEC, items);
    expect(table.columns.value.length).toBeGreaterThanOrEqual(5000);
    for (const row of table.rows()) expect(table.columns.value[row]).toBe(row);
  });

  it('keeps the last of an id sent twice, as the store does', () => {
    const table = tableOf(SPEC, [
      { id: 'D', area: 'A', value: 1 },
      { id: 'D', area: 'B', value: 2 },
    ]);
    expect(contents(table)).toEqual(new Map([['D', { value: 2, area: 'B', same: true }]]));
  });
});

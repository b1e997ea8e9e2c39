import { describe, expect, it } from 'vitest';
import {
  ColumnarDeltaError,
  decodeColumnarRows,
  idOrderHash,
  sortIds,
  type ColumnarDeltaPayload,
  type JsonObject,
} from './columnar-delta';
import {
  encodeColumnarDelta,
  encoderBase,
  numberEntry,
  type FeedItemJson,
} from './columnar-encode';

type Item = FeedItemJson;
const HEAD = { feed: 'sensors', version: 8, since: 7, generatedAt: 1_000 };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** What a server does: sorts out changed, added and removed ids and encodes, as JSON. */
function encode(before: readonly Item[], after: readonly Item[]): ColumnarDeltaPayload<Item> {
  const was = new Map(before.map((item) => [item.id, item]));
  const now = new Set(after.map((item) => item.id));
  const changed = after
    .filter((item) => was.has(item.id) && JSON.stringify(was.get(item.id)) !== JSON.stringify(item))
    .map((item) => ({ before: was.get(item.id)!, after: item }));
  const added = after.filter((item) => !was.has(item.id));
  const removed = before.filter((item) => !now.has(item.id)).map((item) => item.id);
  const base = encoderBase(before.map((item) => item.id));
  const payload = encodeColumnarDelta(HEAD, base, changed, added, removed);
  return JSON.parse(JSON.stringify(payload)) as ColumnarDeltaPayload<Item>;
}

/** What a client does: decodes against the (frozen) items it holds and applies the result. */
function held(before: readonly Item[]) {
  const items = new Map(before.map((item) => [item.id, deepFreeze(structuredClone(item))]));
  const sortedIds = sortIds(items.keys());
  return { items, sortedIds, hash: idOrderHash(sortedIds) };
}

function apply(before: readonly Item[], payload: ColumnarDeltaPayload<Item>): Map<string, unknown> {
  const base = held(before);
  const rows = decodeColumnarRows(payload, base);
  const result = new Map<string, unknown>(base.items);
  for (const id of payload.removed) result.delete(id);
  for (const item of [...rows.items, ...payload.upserts]) result.set((item as Item).id, item);
  return result;
}

function expectRoundTrip(before: Item[], after: Item[]): ColumnarDeltaPayload<Item> {
  const payload = encode(before, after);
  const result = apply(before, payload);
  expect([...result.keys()].sort()).toEqual(after.map((item) => item.id).sort());
  for (const item of after) expect(result.get(item.id)).toStrictEqual(item);
  return payload;
}

const air = (id: string, over: Partial<JsonObject> = {}, values: JsonObject = {}): Item => ({
  id,
  position: [119.3, 26.08],
  name: `站 ${id}`,
  status: 'normal',
  observedAt: 1_763_776_800_000,
  kind: 'air',
  values: { pm25: 31, pm10: 41, o3: 43, no2: 43, so2: null, co: 0.9, ...values },
  aqi: 45,
  primary: null,
  ...over,
});

describe('columnar delta: encode and decode', () => {
  it('sends changed numbers as differences in columns, rows as gaps in the sorted ids', () => {
    const before = ['S-5', 'S-1', 'S-3', 'S-2', 'S-4'].map((id) => air(id));
    const after = before.map((item) =>
      item.id === 'S-2' || item.id === 'S-5'
        ? {
            ...item,
            observedAt: 1_763_777_400_000,
            values: { ...(item.values as JsonObject), o3: 45 },
          }
        : item,
    );
    const payload = expectRoundTrip(before, after);
    // S-2 is at index 1 of S-1…S-5, S-5 at index 4.
    expect(payload.rows).toEqual([2, 3]);
    expect(payload.columns).toEqual([
      { path: ['observedAt'], entries: [600_000, 600_000] },
      { path: ['values', 'o3'], entries: [2, 2] },
    ]);
    expect(payload.upserts).toEqual([]);
    expect(payload.removed).toEqual([]);
    expect(payload.base).toEqual({
      count: 5,
      hash: idOrderHash(['S-1', 'S-2', 'S-3', 'S-4', 'S-5']),
    });
  });

  it('marks rows without a change in a column with 0, and short decimal steps stay short', () => {
    const before = [air('A', {}, { co: 0.9 }), air('B', {}, { co: 0.9 }), air('C')];
    const after = [air('A', {}, { co: 1 }), air('B', { aqi: 50 }), air('C')];
    const payload = expectRoundTrip(before, after);
    expect(payload.rows).toEqual([1, 1]);
    expect(payload.columns).toEqual([
      { path: ['aqi'], entries: [0, 5] },
      { path: ['values', 'co'], entries: [0.1, 0] },
    ]);
  });

  it('sends the value itself when no difference adds up exactly', () => {
    const before = [air('A', { aqi: 1e20 }, { co: 0.1 }), air('B', {}, { pm25: 0.1 })];
    const after = [air('A', { aqi: 1.5 }, { co: 0.3 }), air('B', {}, { pm25: 0.7 })];
    const payload = expectRoundTrip(before, after);
    const column = (name: string) =>
      payload.columns.find((c) => c.path.at(-1) === name)?.entries ?? [];
    expect(column('aqi')).toEqual([[1.5], 0]);
    // 0.1 + 0.2 is 0.30000000000000004: the exact difference 0.19999999999999998 is sent.
    expect(column('co')).toEqual([0.19999999999999998, 0]);
    expect(column('pm25')).toEqual([0, 0.6]);
    const result = apply(before, payload);
    expect((result.get('A') as { values: { co: number } }).values.co).toBe(0.3);
  });

  it('only sends a difference that adds up exactly in IEEE doubles', () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const scales = [1, 1e-3, 1e3, 1e9, 1e15, 1e300, 1e-300];
    for (let i = 0; i < 20_000; i += 1) {
      const a = (random() - 0.5) * scales[i % scales.length]!;
      const b = i % 3 === 0 ? a + random() : (random() - 0.5) * scales[(i * 7) % scales.length]!;
      const entry = numberEntry(a, b);
      if (typeof entry === 'number') expect(a + entry).toBe(b);
      else expect(entry).toEqual([b]);
      // What travels as JSON decodes to the same.
      const wire = JSON.parse(JSON.stringify(entry)) as typeof entry;
      expect(typeof wire === 'number' ? a + wire : wire[0]).toBe(b);
    }
  });

  it('sends strings, booleans, null and arrays as values', () => {
    const before = [
      air('A', { status: 'normal', primary: null }, { so2: null }),
      air('B', { position: [119.3, 26.08], flag: true }),
    ];
    const after = [
      air('A', { status: 'alarm', primary: 'pm25' }, { so2: 7 }),
      air('B', { position: [119.31, 26.07], flag: false }),
    ];
    const payload = expectRoundTrip(before, after);
    const byPath = Object.fromEntries(payload.columns.map((c) => [c.path.join('.'), c.entries]));
    expect(byPath).toEqual({
      flag: [0, [false]],
      position: [0, [[119.31, 26.07]]],
      primary: [['pm25'], 0],
      status: [['alarm'], 0],
      'values.so2': [[7], 0],
    });
    // A number turning into null goes the other way as a value too.
    expectRoundTrip(after, before);
  });

  it('follows nested objects to their leaves and keeps keys with dots apart', () => {
    const before: Item[] = [
      { id: 'N-1', a: { b: { c: 1, d: 'x' }, 'b.c': 5 }, e: {} },
      { id: 'N-2', a: { b: { c: 2, d: 'y' }, 'b.c': 6 }, e: {} },
    ];
    const after: Item[] = [
      { id: 'N-1', a: { b: { c: 1, d: 'z' }, 'b.c': 7 }, e: {} },
      { id: 'N-2', a: { b: { c: 3, d: 'y' }, 'b.c': 6 }, e: {} },
    ];
    const payload = expectRoundTrip(before, after);
    expect(payload.columns.map((c) => c.path)).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'd'],
      ['a', 'b.c'],
    ]);
  });

  it('sends new ids and items whose shape changed whole, removed ids by id', () => {
    const before = [air('A'), air('B'), air('C'), air('D'), { id: 'E', e: {} }];
    const { primary: _dropped, ...withoutPrimary } = air('B');
    const after = [
      air('A', { aqi: 46 }),
      withoutPrimary,
      air('C', { extra: 1 }),
      air('D', { values: null }),
      { id: 'E', e: { now: 'full' } },
      air('F'),
    ];
    const payload = expectRoundTrip(before, after);
    expect(payload.rows).toEqual([1]);
    expect(payload.upserts.map((item) => item.id)).toEqual(['B', 'C', 'D', 'E', 'F']);
    expect(payload.removed).toEqual([]);

    const fewer = expectRoundTrip(before, [air('B', { aqi: 1 }), air('G')]);
    expect(fewer.removed).toEqual(['A', 'C', 'D', 'E']);
    expect(fewer.rows).toEqual([2]);
    expect(fewer.upserts.map((item) => item.id)).toEqual(['G']);
  });

  it('encodes nothing changed as an empty delta', () => {
    const before = [air('A'), air('B')];
    const payload = expectRoundTrip(
      before,
      before.map((item) => structuredClone(item)),
    );
    expect(payload).toMatchObject({ rows: [], columns: [], upserts: [], removed: [] });
    const fromNothing = expectRoundTrip([], []);
    expect(fromNothing.base).toEqual({ count: 0, hash: '811c9dc5' });
  });

  it('leaves out items whose JSON differs only in key order', () => {
    const before: Item[] = [{ id: 'K', a: 1, b: 2 }];
    const payload = expectRoundTrip(before, [{ id: 'K', b: 2, a: 1 }]);
    expect(payload.rows).toEqual([]);
  });

  it('orders ids by UTF-16 code units, as JavaScript sorts', () => {
    const ids = ['b', 'B', 'a-2', 'a-10', '\u{1F600}', '\uFFFF', 'é'];
    expect(sortIds(ids)).toEqual(['B', 'a-10', 'a-2', 'b', 'é', '\u{1F600}', '\uFFFF']);
    const before = ids.map((id, i): Item => ({ id, n: i }));
    const after = before.map((item) => (item.id === '\uFFFF' ? { ...item, n: 100 } : item));
    const payload = expectRoundTrip(before, after);
    expect(payload.rows).toEqual([7]);
  });

  it('hashes the id order as documented', () => {
    expect(idOrderHash([])).toBe('811c9dc5');
    expect(idOrderHash(['A-1', 'A-2'])).toBe('0a5ff9f2');
    expect(idOrderHash(['E-0001', 'E-0002', 'E-0003'])).toBe('0aa7eed7');
    expect(idOrderHash(['a', '\u{1F600}'])).toBe('28778077');
    expect(idOrderHash(['A-2', 'A-1'])).not.toBe('0a5ff9f2');
    expect(idOrderHash(['A-1A-2'])).not.toBe(idOrderHash(['A-1', 'A-2']));
  });

  it('never writes to the items it decodes against', () => {
    const before = [air('A'), air('B')];
    const shared = held(before);
    const payload = encode(before, [air('A', { aqi: 1 }, { pm25: 2 }), air('B')]);
    const { items } = decodeColumnarRows(payload, shared);
    expect(items).toEqual([air('A', { aqi: 1 }, { pm25: 2 })]);
    expect(shared.items.get('A')).toEqual(air('A'));
    // Untouched parts are shared, changed ones copied.
    const decoded = items[0] as { position: unknown; values: unknown };
    const old = shared.items.get('A') as unknown as { position: unknown; values: unknown };
    expect(decoded.position).toBe(old.position);
    expect(decoded.values).not.toBe(old.values);
  });
});

describe('columnar delta: the decoder rejects what does not fit', () => {
  const before = [air('A'), air('B'), air('C')];
  const valid = (): ColumnarDeltaPayload<Item> =>
    encode(before, [air('A', { aqi: 50 }, { o3: 44 }), air('B'), air('C', { status: 'alarm' })]);

  it('decodes the valid payload these cases start from', () => {
    expect(valid()).toMatchObject({ rows: [1, 2] });
    expect(() => decodeColumnarRows(valid(), held(before))).not.toThrow();
  });

  const cases: [string, (p: Record<string, unknown>) => void, RegExp][] = [
    ['no base', (p) => delete p.base, /base is missing/],
    ['another count', (p) => (p.base = { ...(p.base as object), count: 4 }), /4 ids, the client 3/],
    ['another hash', (p) => (p.base = { ...(p.base as object), hash: '00000000' }), /hash/],
    ['rows not a list', (p) => (p.rows = { 0: 1 }), /rows is not an array/],
    ['a zero gap', (p) => (p.rows = [1, 0]), /row 1: gap/],
    ['a negative gap', (p) => (p.rows = [3, -1]), /row 1: gap/],
    ['a fractional gap', (p) => (p.rows = [1.5, 1]), /row 0: gap/],
    ['a gap as text', (p) => (p.rows = ['1', 2]), /row 0: gap/],
    ['a row beyond the ids', (p) => (p.rows = [1, 3]), /index 3 is beyond the 3 base ids/],
    ['columns not a list', (p) => (p.columns = {}), /columns is not an array/],
    ['a column not an object', (p) => (p.columns = [null]), /column 0 is not an object/],
    ['an empty path', (p) => (p.columns = [{ path: [], entries: [0, 0] }]), /path/],
    ['a path of numbers', (p) => (p.columns = [{ path: [0], entries: [0, 0] }]), /path/],
    ['a path as text', (p) => (p.columns = [{ path: 'aqi', entries: [0, 0] }]), /path/],
    ['a column renaming ids', (p) => (p.columns = [{ path: ['id'], entries: [['X'], 0] }]), /ids/],
    [
      'a path twice',
      (p) =>
        (p.columns = [
          { path: ['aqi'], entries: [1, 0] },
          { path: ['aqi'], entries: [0, 1] },
        ]),
      /given twice/,
    ],
    ['too few entries', (p) => (p.columns = [{ path: ['aqi'], entries: [1] }]), /1 entries for 2/],
    ['too many entries', (p) => (p.columns = [{ path: ['aqi'], entries: [1, 0, 0] }]), /3 entries/],
    ['entries not a list', (p) => (p.columns = [{ path: ['aqi'], entries: 1 }]), /entries/],
    ['an entry as text', (p) => (p.columns = [{ path: ['aqi'], entries: ['1', 0] }]), /neither/],
    ['an entry null', (p) => (p.columns = [{ path: ['aqi'], entries: [null, 0] }]), /neither/],
    ['an entry true', (p) => (p.columns = [{ path: ['aqi'], entries: [true, 0] }]), /neither/],
    ['an empty value', (p) => (p.columns = [{ path: ['aqi'], entries: [[], 0] }]), /neither/],
    ['two values', (p) => (p.columns = [{ path: ['aqi'], entries: [[1, 2], 0] }]), /neither/],
    ['an entry object', (p) => (p.columns = [{ path: ['aqi'], entries: [{}, 0] }]), /neither/],
    [
      'a difference to text',
      (p) => (p.columns = [{ path: ['status'], entries: [1, 0] }]),
      /A\.status is not a number/,
    ],
    [
      'a difference to null',
      (p) => (p.columns = [{ path: ['values', 'so2'], entries: [1, 0] }]),
      /not a number/,
    ],
    [
      'a path the item lacks',
      (p) => (p.columns = [{ path: ['values', 'laeq'], entries: [0, [50]] }]),
      /C has no leaf values\.laeq/,
    ],
    [
      'a path through a leaf',
      (p) => (p.columns = [{ path: ['aqi', 'x'], entries: [[1], 0] }]),
      /has no leaf aqi\.x/,
    ],
    [
      'a path to an object',
      (p) => (p.columns = [{ path: ['values'], entries: [[null], 0] }]),
      /has no leaf values/,
    ],
    [
      'a path up the prototype',
      (p) => (p.columns = [{ path: ['toString'], entries: [['x'], 0] }]),
      /has no leaf toString/,
    ],
    [
      'a value that is an object',
      (p) => (p.columns = [{ path: ['primary'], entries: [[{ a: 1 }], 0] }]),
      /shape/,
    ],
    [
      'a difference JSON reads as Infinity',
      (p) => (p.columns = [{ path: ['aqi'], entries: JSON.parse('[1e400, 0]') as unknown }]),
      /overflows/,
    ],
  ];

  it.each(cases)('%s', (_name, mutate, reason) => {
    const payload = valid() as unknown as Record<string, unknown>;
    mutate(payload);
    const decode = () => decodeColumnarRows(payload, held(before));
    expect(decode).toThrow(ColumnarDeltaError);
    expect(decode).toThrow(reason);
  });

  it('rejects a row whose id the client does not hold', () => {
    const payload = valid();
    const base = held(before);
    const items = new Map(base.items);
    items.delete('C');
    expect(() => decodeColumnarRows(payload, { ...base, items })).toThrow(/holds no item C/);
  });
});

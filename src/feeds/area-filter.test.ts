import { describe, expect, it } from 'vitest';
import { indexByArea, updateAreaIndex, type AreaIndex } from './area-filter';

interface Item {
  id: string;
  position: [number, number];
  district: string;
  street: string;
  community: string;
  v: number;
}

const at = (id: string, community: string, v = 0): Item => ({
  id,
  position: [119.3, 26.08],
  district: community.slice(0, 6),
  street: community.slice(0, 9),
  community,
  v,
});

/** The index as plain data: code → ids in the index's order. */
const plain = (index: AreaIndex<Item>) =>
  Object.fromEntries([...index].map(([code, items]) => [code, [...items.keys()]]));
const sorted = (index: AreaIndex<Item>) =>
  Object.fromEntries(
    [...index].map(([code, items]) => [
      code,
      [...items.values()].map((i) => `${i.id}:${i.v}`).sort(),
    ]),
  );

describe('updateAreaIndex', () => {
  const A = '350102001001';
  const B = '350102001002'; // same street as A
  const C = '350103002001'; // another district
  // Ids that are property names of plain objects must not confuse the index.
  const items = [at('a', A), at('constructor', A), at('__proto__', B), at('d', C), at('e', C)];

  it('gives the index a full rebuild would, after moves, edits, removals and additions', () => {
    const index = indexByArea(items);
    const before = [items[0]!, items[1]!, items[2]!, items[3]!];
    const after = [at('a', A, 1), at('constructor', C, 1), at('__proto__', B, 2), at('f', B)];
    // `d` is removed; `e` is untouched.
    updateAreaIndex(index, before, after);
    const now = [after[0]!, after[1]!, after[2]!, items[4]!, after[3]!];
    expect(sorted(index)).toEqual(sorted(indexByArea(now)));
    // An area left empty is gone, as a rebuild would not have it.
    expect(index.has('350103002001')).toBe(true);
    expect(index.get(A)?.get('a')?.v).toBe(1);
  });

  it('keeps an item that stays in its area at its place in the area order', () => {
    const index = indexByArea(items);
    updateAreaIndex(index, [items[0]!], [at('a', A, 5)]);
    expect(plain(index)[A]).toEqual(['a', 'constructor']);
  });

  it('drops an area all of whose items left', () => {
    const index = indexByArea(items);
    updateAreaIndex(index, [items[3]!, items[4]!], []);
    expect(index.has(C)).toBe(false);
    expect(index.has('350103')).toBe(false);
  });

  it('takes the last of an id sent twice in one change', () => {
    const index = indexByArea(items);
    const first = at('a', C, 1);
    updateAreaIndex(index, [items[0]!, first], [first, at('a', A, 2)]);
    expect(sorted(index)).toEqual(sorted(indexByArea([at('a', A, 2), ...items.slice(1)])));
  });
});

import { describe, expect, it } from 'vitest';
import type { SensorReading } from '@/domain/sensor';
import { SENSOR_STATUSES } from '@/domain/sensor';
import { cellOf } from '@/geo/cells';
import {
  buildPointColumns,
  encodeIds,
  pointColumnsTransferables,
  pointIdAt,
  pointIndexOf,
  type PointColumns,
} from './point-columns';
import { loadGrid } from '@/feeds/area-filter';

// Views of streets, communities and cells group by grid cell: H3 loads on demand.
await loadGrid();

const context = {
  version: 7,
  revision: 3,
  generatedAt: 1_800_000_000_000,
  droppedLast: 1,
  droppedTotal: 2,
};

function sensor(
  id: string,
  status: SensorReading['status'],
  position: [number, number],
  community = '350102003004',
): SensorReading {
  return {
    id,
    position,
    district: community.slice(0, 6),
    street: community.slice(0, 9),
    community,
    name: id,
    status,
    observedAt: 1_800_000_000_000,
    kind: 'noise',
    values: { laeq: 55 },
    zone: '2',
    limit: 60,
  };
}

const items = [
  sensor('NS-1', 'normal', [119.3, 26.08]),
  sensor('NS-2', 'alarm', [119.31, 26.09]),
  sensor('NS-3', 'normal', [119.5, 26.2], '350104001001'),
  sensor('NS-4', 'offline', [119.6, 26.0], '350104002001'),
];

describe('buildPointColumns', () => {
  it('writes positions, status codes, ids and counts for the whole city', () => {
    const view = buildPointColumns(items, { area: null }, context);
    expect(view.length).toBe(4);
    expect(view.statuses).toEqual(['alarm', 'normal', 'offline']);
    expect([...view.positions]).toEqual([
      ...new Float32Array([119.3, 26.08, 119.31, 26.09, 119.5, 26.2, 119.6, 26.0]),
    ]);
    expect([...view.status].map((code) => view.statuses[code])).toEqual([
      'normal',
      'alarm',
      'normal',
      'offline',
    ]);
    expect([0, 1, 2, 3].map((i) => pointIdAt(view.ids, i))).toEqual([
      'NS-1',
      'NS-2',
      'NS-3',
      'NS-4',
    ]);
    expect(view.counts).toEqual({ alarm: 1, normal: 2, offline: 1 });
    expect(view).toMatchObject({
      area: null,
      version: 7,
      revision: 3,
      droppedLast: 1,
      droppedTotal: 2,
    });
  });

  it('keeps only the area: district, street, community and grid cell', () => {
    const ids = (view: PointColumns) =>
      Array.from({ length: view.length }, (_, i) => pointIdAt(view.ids, i));
    expect(ids(buildPointColumns(items, { area: '350104' }, context))).toEqual(['NS-3', 'NS-4']);
    expect(ids(buildPointColumns(items, { area: '350102003' }, context))).toEqual(['NS-1', 'NS-2']);
    expect(ids(buildPointColumns(items, { area: '350104002001' }, context))).toEqual(['NS-4']);
    expect(ids(buildPointColumns(items, { area: cellOf([119.5, 26.2]) }, context))).toEqual([
      'NS-3',
    ]);
    // The city's own code means the whole city.
    expect(buildPointColumns(items, { area: '350100' }, context).length).toBe(4);
  });

  it('gives exact-size buffers, also for an empty area', () => {
    const view = buildPointColumns(items, { area: '350111' }, context);
    expect(view.length).toBe(0);
    expect(view.positions.byteLength).toBe(0);
    expect(view.ids.offsets).toEqual(new Uint32Array([0]));
    const one = buildPointColumns(items, { area: '350104002001' }, context);
    expect(one.positions.buffer.byteLength).toBe(8);
    expect(one.status.buffer.byteLength).toBe(1);
  });

  it('uses a known vocabulary for the codes, zero counts included', () => {
    const view = buildPointColumns(items, { area: null }, context, { statuses: SENSOR_STATUSES });
    expect(view.statuses).toEqual(['normal', 'warning', 'alarm', 'offline']);
    expect([...view.status]).toEqual([0, 2, 0, 3]);
    expect(view.counts).toEqual({ normal: 2, warning: 0, alarm: 1, offline: 1 });
  });

  it('reads another field with statusOf', () => {
    const view = buildPointColumns(items, { area: null }, context, { statusOf: (s) => s.kind });
    expect(view.statuses).toEqual(['noise']);
    expect(view.counts).toEqual({ noise: 4 });
  });
});

describe('layout and status keys', () => {
  const build = (list: SensorReading[]) => buildPointColumns(list, { area: null }, context);

  it('stay the same when only readings change', () => {
    const before = build(items);
    const after = build(
      items.map((s) => ({ ...s, values: { laeq: 70 }, observedAt: 1 }) as SensorReading),
    );
    expect(after.layoutKey).toBe(before.layoutKey);
    expect(after.statusKey).toBe(before.statusKey);
  });

  it('change when a point moves, an id changes or a point goes', () => {
    const before = build(items).layoutKey;
    const moved = items.map((s, i) =>
      i === 2 ? { ...s, position: [119.5, 26.2001] as [number, number] } : s,
    );
    expect(build(moved).layoutKey).not.toBe(before);
    const renamed = items.map((s, i) => (i === 1 ? { ...s, id: 'NS-9' } : s));
    expect(build(renamed).layoutKey).not.toBe(before);
    expect(build(items.slice(1)).layoutKey).not.toBe(before);
  });

  it('change with a status, not with the layout', () => {
    const before = build(items);
    const after = build(items.map((s, i) => (i === 0 ? { ...s, status: 'warning' as const } : s)));
    expect(after.statusKey).not.toBe(before.statusKey);
    expect(after.layoutKey).toBe(before.layoutKey);
  });
});

describe('id column', () => {
  it('round-trips ASCII and non-ASCII ids', () => {
    const ids = ['A-1', '', 'B.2:x', '传感器-1', 'Z'];
    const column = encodeIds(ids);
    expect(ids.map((_, i) => pointIdAt(column, i))).toEqual(ids);
    expect(pointIndexOf(column, '传感器-1')).toBe(3);
    expect(pointIndexOf(column, 'B.2:x')).toBe(2);
    expect(pointIndexOf(column, 'nope')).toBe(-1);
    expect(pointIdAt(column, 5)).toBeNull();
    expect(pointIdAt(column, -1)).toBeNull();
  });
});

describe('pointColumnsTransferables', () => {
  it('lists the four buffers, each once', () => {
    const view = buildPointColumns(items, { area: null }, context, { statuses: SENSOR_STATUSES });
    const transfer = pointColumnsTransferables(view);
    expect(new Set(transfer).size).toBe(4);
    expect(transfer).toContain(view.positions.buffer);
  });
});

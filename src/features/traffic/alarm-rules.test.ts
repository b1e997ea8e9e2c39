import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import type { SignalState } from '@/domain/signal';
import { contextAt, inputOf } from '@/feeds/view-builder';
import {
  CLUSTER,
  SCATTERED_MAX,
  controllerFaultRule,
  findClusters,
  severeCongestionRule,
} from './alarm-rules';
import { MIN, NOW, signal } from './test-signals';

const time = cityTimeOf('Asia/Shanghai');
const evaluate = (rule: typeof controllerFaultRule, items: SignalState[]) => {
  const ctx = contextAt(NOW, time);
  const out = rule.evaluate(inputOf({ signals: items }, { signals: { generatedAt: NOW } }), ctx);
  return { out, boundaries: ctx.boundaries };
};

/** `n` intersections of a street, the first `dark` of them in fault. */
const street = (code: string, n: number, dark: number, district = code.slice(0, 6)) =>
  Array.from({ length: n }, (_, i) =>
    signal({
      district,
      street: code,
      community: `${code}001`,
      mode: i < dark ? 'fault' : 'adaptive',
      modeSince: NOW - (10 + i) * MIN,
    }),
  );

describe('controller faults', () => {
  it('raise one alarm per dark controller: a fault is major, offline minor, since from the data', () => {
    const items = [
      signal({ id: 'F', mode: 'fault', modeSince: NOW - 12 * MIN, name: '五四路与东街交叉口' }),
      signal({ id: 'O', mode: 'offline', modeSince: NOW - 40 * MIN, observedAt: NOW - 45 * MIN }),
      signal({ id: 'M', mode: 'manual' }),
      signal({ id: 'X', mode: 'flashing' }),
    ];
    const { out, boundaries } = evaluate(controllerFaultRule, items);
    expect(out.map((a) => [a.place, a.severity, a.entity, a.since, a.message.key])).toEqual([
      ['F', 'major', 'F', NOW - 12 * MIN, 'traffic.alarms.fault'],
      ['O', 'minor', 'O', NOW - 40 * MIN, 'traffic.alarms.offline'],
    ]);
    expect(out[0]!.message.params).toEqual({ name: '五四路与东街交叉口' });
    expect(out[0]).toMatchObject({
      area: '350102001001',
      feed: 'signals',
      position: items[0]!.position,
    });
    expect(boundaries).toEqual([NOW + MIN]);
  });

  it('fold a street’s cluster into one alarm with the count (major)', () => {
    const items = [...street('350102001', 10, CLUSTER.streetMin), ...street('350102002', 40, 1)];
    const { out } = evaluate(controllerFaultRule, items);
    const cluster = out.find((a) => a.place === '350102001')!;
    expect(cluster).toMatchObject({
      severity: 'major',
      area: '350102001',
      entity: null,
      magnitude: 3,
      since: NOW - 12 * MIN,
      message: { key: 'traffic.alarms.cluster', params: { count: 3, fault: 3, offline: 0 } },
    });
    // The lone fault elsewhere keeps its own alarm; the cluster's members do not have one.
    expect(out.filter((a) => a.entity !== null)).toHaveLength(1);
  });

  it('need more than the background rate would put there', () => {
    // 3 of 200 in one street is 1.5 %: the usual rate, no cluster.
    const { districts, streets, loose } = findClusters(street('350102001', 200, 3));
    expect(districts.size + streets.size).toBe(0);
    expect(loose).toHaveLength(3);
  });

  it('make a district cluster (critical) of two cluster streets, folding those streets in', () => {
    const items = [
      ...street('350102001', 8, 4),
      ...street('350102002', 8, 3),
      ...street('350102003', 100, 1),
    ];
    const { out } = evaluate(controllerFaultRule, items);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ place: '350102', severity: 'critical', magnitude: 8 });
  });

  it('summarise a district’s scattered faults beyond SCATTERED_MAX in one alarm', () => {
    const items = Array.from({ length: SCATTERED_MAX + 1 }, (_, i) => [
      ...street(`3501020${String(10 + i)}`, 30, 1),
    ]).flat();
    const { out } = evaluate(controllerFaultRule, items);
    expect(out).toEqual([
      expect.objectContaining({
        place: '350102',
        severity: 'major',
        entity: null,
        magnitude: SCATTERED_MAX + 1,
        message: expect.objectContaining({ key: 'traffic.alarms.scattered' }),
      }),
    ]);
    const fewer = items.filter((s) => s.street !== '350102010');
    expect(evaluate(controllerFaultRule, fewer).out.every((a) => a.entity !== null)).toBe(true);
  });
});

describe('evaluation', () => {
  it('is done once per data revision and minute', () => {
    const input = inputOf(
      { signals: [signal({ mode: 'fault' })] },
      { signals: { generatedAt: NOW } },
    );
    const first = controllerFaultRule.evaluate(input, contextAt(NOW, time));
    expect(controllerFaultRule.evaluate(input, contextAt(NOW + 30_000, time))).toBe(first);
    expect(controllerFaultRule.evaluate(input, contextAt(NOW + MIN, time))).not.toBe(first);
    const next = inputOf(
      { signals: [signal({ mode: 'fault' })] },
      { signals: { revision: 2, generatedAt: NOW } },
    );
    expect(controllerFaultRule.evaluate(next, contextAt(NOW + MIN, time))).not.toBe(first);
  });
});

describe('severe congestion', () => {
  it('is raised for a district whose index reaches 8, with the index and the count', () => {
    const jam = (district: string, speed: number) =>
      signal({ district, street: `${district}001`, community: `${district}001001`, speed });
    const items = [jam('350102', 10), jam('350102', 12), jam('350103', 30), jam('350103', 8)];
    const { out } = evaluate(severeCongestionRule, items);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      place: '350102',
      severity: 'major',
      area: '350102',
      message: { key: 'traffic.alarms.severe', params: { count: 2 } },
    });
    expect(out[0]!.magnitude).toBeGreaterThanOrEqual(8);
  });

  it('leaves out reports that are not current', () => {
    const stale = signal({ speed: 3, observedAt: NOW - 60 * MIN, mode: 'offline' });
    expect(evaluate(severeCongestionRule, [stale, signal({ speed: 45 })]).out).toEqual([]);
  });
});

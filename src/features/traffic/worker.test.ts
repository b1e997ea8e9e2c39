// The traffic scenario as the feed worker runs it, on items whose ids and names are the names
// every object already has: nothing breaks, nothing leaks into Object.prototype.
import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import { signalSchema } from '@/domain/signal';
import { loadGrid } from '@/feeds/area-filter';
import { contextAt, inputOf, type ViewInput } from '@/feeds/view-builder';
import { controllerFaultRule, severeCongestionRule } from './alarm-rules';
import type { IntersectionView } from './intersection-view';
import { buildIndexRankingOption } from './options';
import { NOW, signal } from './test-signals';
import type { TrafficSummary, TrafficView } from './traffic-view';
import { scenarioWorker } from './worker';

await loadGrid();

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const time = cityTimeOf('Asia/Shanghai');

const items = HOSTILE.map((id, i) =>
  signal({
    id,
    name: HOSTILE[(i + 1) % HOSTILE.length]!,
    mode: i % 3 === 0 ? 'fault' : 'adaptive',
    speed: 5 + i * 6,
  }),
);

const viewOf = (id: string) => scenarioWorker.views.find((v) => v.id === id)!;

function run<V>(id: string, params: unknown, input: ViewInput): V {
  const definition = viewOf(id) as unknown as {
    build(input: ViewInput, params: unknown, ctx: ReturnType<typeof contextAt>): V;
  };
  return definition.build(input, params, contextAt(NOW, time));
}

describe('hostile ids', () => {
  it('are valid feed ids (the schema lets them through)', () => {
    for (const s of items) expect(signalSchema.safeParse(s).success).toBe(true);
  });

  it('build every view and alarm, and leave Object.prototype alone', () => {
    const input = inputOf({ signals: items }, { signals: { generatedAt: NOW } });
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const area of [null, '350102', '350102001', '350102001001']) {
      const v = run<TrafficView>('traffic.overview', { area }, input);
      expect(v.kpis.intersections).toBe(HOSTILE.length);
      expect(v.kpis.fault).toBe(2);
      expect([...v.points.ids].sort()).toEqual([...HOSTILE].sort());
    }
    const s = run<TrafficSummary>('traffic.summary', { area: null }, input);
    expect(s.trouble.ids).toContain('__proto__');
    for (const id of HOSTILE) {
      const d = run<IntersectionView>('traffic.intersection', { id }, input);
      expect(d.item?.id).toBe(id);
      expect(d.log.status).toBe('loading');
    }
    // An id the feed does not hold: no item, whatever Object.prototype has.
    expect(
      run<IntersectionView>('traffic.intersection', { id: 'isPrototypeOf' }, input).item,
    ).toBeNull();
    const alarms = controllerFaultRule.evaluate(input, contextAt(NOW, time));
    expect(alarms.map((a) => a.entity).sort()).toEqual(['__proto__', 'hasOwnProperty']);
    expect(severeCongestionRule.evaluate(input, contextAt(NOW, time))).toEqual(expect.any(Array));
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).mode).toBeUndefined();
  });

  it('name chart labels safely', () => {
    const input = inputOf({ signals: items }, { signals: { generatedAt: NOW } });
    const v = run<TrafficView>('traffic.overview', { area: '350102001' }, input);
    const spec = buildIndexRankingOption(
      [{ ...v.ranking[0]!, key: '__proto__' }],
      (key) => key,
      (level) => level ?? '—',
      { index: 'i', level: 'l', intersections: 'n', dark: 'd', more: (n) => `${n}` },
    );
    const axis = spec.option.yAxis as { data: string[] };
    expect(axis.data[0]).not.toBe('__proto__');
    expect(axis.data[0]!.startsWith('__proto__')).toBe(true);
  });
});

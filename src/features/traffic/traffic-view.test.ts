import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import { SIGNAL_MODES, type SignalState } from '@/domain/signal';
import { loadGrid } from '@/feeds/area-filter';
import { contextAt } from '@/feeds/view-builder';
import { BIN_MS, binFigures, platoonRatio, sumBins } from './bins';
import { CONGESTION_LEVELS, areaCongestionIndex, congestionIndex } from './congestion';
import { NO_LEVEL, STATES } from './signal-state';
import { MIN, NOW, REF, bin, bins, signal } from './test-signals';
import {
  ADAPTIVE_WINDOW_MS,
  FLAG_INCOMPLETE,
  FLAG_NOT_CURRENT,
  buildTrafficSummary,
  buildTrafficView,
  referenceBin,
  type TrafficView,
} from './traffic-view';

await loadGrid();

const time = cityTimeOf('Asia/Shanghai');
const context = (now = NOW) => ({
  ...contextAt(now, time),
  version: 3,
  revision: 5,
  generatedAt: now,
  droppedLast: 0,
  droppedTotal: 0,
});

const build = (items: SignalState[], area: string | null = null, ref = referenceBin(items)) =>
  buildTrafficView(items, { area }, context(), ref);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the reference bin', () => {
  it('is the latest bin at least 90 % of the reporting controllers delivered', () => {
    const late = Array.from({ length: 9 }, () => signal({ bins: bins(undefined, REF) }));
    const early = Array.from({ length: 2 }, () => signal({ bins: bins(undefined, REF + BIN_MS) }));
    // 2 of 11 have 08:15 already: 08:15 is not the reference, 08:00 (all 11 hold it) is.
    expect(referenceBin([...late, ...early])).toBe(REF);
    const most = Array.from({ length: 10 }, () => signal({ bins: bins(undefined, REF + BIN_MS) }));
    expect(referenceBin([...most, signal({ bins: bins(undefined, REF) })])).toBe(REF + BIN_MS);
  });

  it('ignores items without bins and is null when none has any', () => {
    expect(referenceBin([signal({ bins: undefined })])).toBeNull();
    expect(referenceBin([signal({ bins: undefined }), signal()])).toBe(REF);
  });
});

describe('the area view', () => {
  it('counts modes, levels and dark controllers, and weights the index by vehicle-km', () => {
    const items = [
      signal({ speed: 45, flow: 2000, linkKm: 2 }),
      signal({ speed: 25, flow: 500, linkKm: 1, mode: 'fixed' }),
      signal({ speed: 10, flow: 800, linkKm: 1, mode: 'fault' }),
      signal({ mode: 'offline', observedAt: NOW - 40 * MIN }),
      signal({ mode: 'manual', roadClass: undefined }),
    ];
    const v = build(items);
    expect(v.kpis.intersections).toBe(5);
    expect(v.kpis.modes[SIGNAL_MODES.indexOf('adaptive')]).toBe(1);
    expect(v.kpis.modes[SIGNAL_MODES.indexOf('manual')]).toBe(1);
    expect(v.kpis.fault).toBe(1);
    expect(v.kpis.offline).toBe(1);
    // The offline controller's report is 40 minutes old and the manual one has no road class.
    expect(v.kpis.noIndex).toBe(2);
    const indexes = [45, 25, 10].map((s) => congestionIndex(s, 50, 'arterial')!);
    expect(v.kpis.index).toBeCloseTo(
      areaCongestionIndex([
        { index: indexes[0]!, flow: 2000, km: 2 },
        { index: indexes[1]!, flow: 500, km: 1 },
        { index: indexes[2]!, flow: 800, km: 1 },
      ])!,
      10,
    );
    expect(sum(v.kpis.levels) + v.kpis.noIndex).toBe(5);
    expect(v.kpis.levels[CONGESTION_LEVELS.indexOf('severe')]).toBe(1);
    expect(v.kpis.congested).toBe(1);
    // Flow now: current reports only.
    expect(v.kpis.flow).toBe(2000 + 500 + 800 + 1000);
  });

  it('takes the reference bin’s measures from the sums, as one definition', () => {
    const a = signal();
    const b = signal({
      bins: bins([
        bin({
          cycles: 10,
          volume: 300,
          aog: 240,
          splits: 4,
          max: 6,
          force: 4,
          green: 500,
          cycleS: 900,
          delay: 3000,
        }),
        bin({
          cycles: 9,
          volume: 100,
          aog: 10,
          skips: 1,
          gap: 9,
          green: 200,
          cycleS: 900,
          delay: 4000,
        }),
      ]),
    });
    const v = build([a, b]);
    const phaseBins = [a, b].flatMap((s) => s.bins!.phases.map((p) => p[3]!));
    const expected = binFigures(sumBins(phaseBins));
    expect(v.bin!.start).toBe(REF);
    expect(v.bin!.volume).toBe(expected.volume);
    expect(v.bin!.arrivalsOnGreen).toBeCloseTo(expected.arrivalsOnGreenShare!, 12);
    expect(v.bin!.splitFailureShare).toBeCloseTo(expected.splitFailureShare!, 12);
    expect(v.bin!.delayPerVehicle).toBeCloseTo(expected.delayPerVehicle!, 12);
    expect(v.bin!.maxOutShare).toBeCloseTo(expected.maxOutShare!, 12);
    expect(v.bin!.platoonRatio).toBeCloseTo(platoonRatio(phaseBins)!, 12);
    expect(v.trend.map((t) => t.start)).toEqual([3, 2, 1, 0].map((k) => REF - k * BIN_MS));
  });

  it('reads an item’s bins again when they change, not when only its report of the minute does', () => {
    const a = signal({ id: 'same' });
    expect(build([a]).bin!.volume).toBe(600);
    // A new report (a new object) with the same bins: the same figures.
    expect(build([{ ...a, bins: structuredClone(a.bins), speed: 12 }]).bin!.volume).toBe(600);
    // New bins under the same start: read again.
    const changed = {
      ...a,
      bins: bins([bin({ cycles: 8, volume: 1000, green: 400, cycleS: 900 }), bin()]),
    };
    expect(build([changed]).bin!.volume).toBe(1000);
    expect(build([a]).bin!.volume).toBe(600);
    expect(build([a], null, REF - BIN_MS).bin!.start).toBe(REF - BIN_MS);
  });

  it('counts an intersection oversaturated when its critical phase’s v/c reaches 1', () => {
    // Phase 2: 200 veh in 100 s of green at 3600 veh/h of green: v/c 2 (the default's is 0.67).
    const hot = signal({
      bins: bins([
        bin({ cycles: 8, volume: 100, green: 400, cycleS: 900 }),
        bin({ cycles: 8, volume: 200, green: 100, cycleS: 900 }),
      ]),
    });
    expect(build([hot, signal()]).bin!.oversaturated).toBe(1);
  });

  it('counts logs below 95 % and missing logs as incomplete, not dark controllers', () => {
    const items = [
      signal({ bins: bins(undefined, REF, [1, 1, 1, 0.8]) }),
      signal({ bins: bins(undefined, REF, [1, 1, 1, null]) }),
      signal({ mode: 'fault', bins: bins(undefined, REF, [1, 1, 1, null]) }),
      signal(),
    ];
    const v = build(items);
    expect(v.kpis.logged).toBe(3);
    expect(v.kpis.incomplete).toBe(2);
    expect(v.incomplete.map((r) => r.completeness)).toEqual([null, 0.8]);
  });

  it('sums adaptive adjustments of the last hour, and their delay before and after', () => {
    const s = signal({
      adjustments: [
        [NOW - ADAPTIVE_WINDOW_MS - MIN, 1, 2, 9, 30, 20], // an hour and a minute ago: out
        [NOW - 45 * MIN, 1, 2, 5, 30, 26],
        [NOW - 30 * MIN, 2, 1, 3, 26, null], // after not known yet
        [NOW + MIN, 1, 2, 4, 20, 10], // ahead of the clock: out
      ],
    });
    const t = signal({ adjustments: [[NOW - 10 * MIN, 1, 2, 6, 40, 30]] });
    const a = build([s, t, signal({ mode: 'fixed' })]).adaptive;
    expect(a.adjustments).toBe(3);
    expect(a.intersections).toBe(2);
    expect(a.shifted).toBe(14);
    expect(a.measured).toBe(2);
    expect(a.delayBefore).toBe(35);
    expect(a.delayAfter).toBe(28);
  });

  it('measures the baseline on running non-adaptive intersections, bin to bin', () => {
    const rising = (d: number) =>
      bin({ cycles: 8, volume: 100, green: 300, cycleS: 900, delay: d });
    const fixed = signal({
      mode: 'fixed',
      bins: {
        start: REF - 3 * BIN_MS,
        phases: [
          [rising(1000), rising(1300), rising(1600), rising(1900)],
          [rising(0), rising(0), rising(0), rising(0)],
        ],
        completeness: [1, 1, 1, 1],
      },
    });
    // Per vehicle over both phases (200 veh): 5, 6.5, 8, 9.5 → +1.5 a bin.
    const v = build([fixed, signal()]);
    expect(v.adaptive.baselineChange).toBeCloseTo(1.5, 10);
  });

  it('ranks the worst intersections by delay, split failures and queue (ties by id)', () => {
    const items = [
      signal({ id: 'B', queue: 300 }),
      signal({ id: 'A', queue: 300 }),
      signal({
        id: 'C',
        queue: 10,
        bins: bins([
          bin({ cycles: 10, volume: 100, splits: 7, green: 300, cycleS: 900, delay: 9000 }),
          bin(),
        ]),
      }),
      signal({ id: 'D', mode: 'offline', queue: 900, observedAt: NOW - 60 * MIN }),
    ];
    const v = build(items);
    expect(v.worst.delay[0]!.id).toBe('C');
    expect(v.worst.delay[0]!.value).toBeCloseTo(90, 10);
    expect(v.worst.splitFailures[0]).toMatchObject({ id: 'C', value: 7, detail: 0.7 });
    // The offline controller's queue is not current: left out.
    expect(v.worst.queue.map((r) => r.id)).toEqual(['A', 'B', 'C']);
  });

  it('lists dark controllers longest first, with since from the data', () => {
    const items = [
      signal({ id: 'late', mode: 'fault', modeSince: NOW - 5 * MIN }),
      signal({ id: 'early', mode: 'offline', modeSince: NOW - 50 * MIN }),
      signal({ id: 'no-since', mode: 'fault', modeSince: undefined, observedAt: NOW - 20 * MIN }),
    ];
    expect(build(items).dark.map((r) => [r.id, r.since])).toEqual([
      ['early', NOW - 50 * MIN],
      ['no-since', NOW - 20 * MIN],
      ['late', NOW - 5 * MIN],
    ]);
  });

  it('asks to be rebuilt at the next minute', () => {
    const ctx = context(NOW + 1234);
    buildTrafficView([signal()], { area: null }, ctx, REF);
    expect(ctx.boundaries).toEqual([NOW + MIN]);
  });
});

/** The same figures on the KPIs, the ranking and the map, at every drill level. */
function expectConsistent(v: TrafficView) {
  const { kpis, ranking, points } = v;
  expect(sum(ranking.map((r) => r.intersections))).toBe(kpis.intersections);
  expect(sum(ranking.map((r) => r.dark))).toBe(kpis.fault + kpis.offline);
  expect(sum(ranking.map((r) => r.congested))).toBe(kpis.congested);
  expect(points.length).toBe(kpis.intersections);
  const states = Array.from(points.state);
  expect(states.filter((s) => s === STATES.indexOf('fault')).length).toBe(kpis.fault);
  expect(states.filter((s) => s === STATES.indexOf('offline')).length).toBe(kpis.offline);
  const levels = Array.from(points.level);
  CONGESTION_LEVELS.forEach((_, i) =>
    expect(levels.filter((l) => l === i).length).toBe(kpis.levels[i]),
  );
  expect(levels.filter((l) => l === NO_LEVEL).length).toBe(kpis.noIndex);
  if (v.bin) expect(sum(ranking.map((r) => r.splitFailures))).toBe(v.bin.splitFailures);
  expect(sum(ranking.map((r) => r.adjustments))).toBe(v.adaptive.adjustments);
  expect(new Set(points.ids).size).toBe(points.length);
}

describe('drill-down', () => {
  const city: SignalState[] = [];
  const places = [
    ['350102', '350102001', '350102001001'],
    ['350102', '350102001', '350102001002'],
    ['350102', '350102002', '350102002001'],
    ['350103', '350103001', '350103001001'],
  ] as const;
  const modes = ['adaptive', 'fixed', 'fault', 'offline', 'manual', 'actuated'] as const;
  let k = 0;
  for (const [district, street, community] of places)
    for (let i = 0; i < 6; i += 1) {
      k += 1;
      city.push(
        signal({
          district,
          street,
          community,
          position: [119.28 + k * 0.004, 26.05 + (k % 5) * 0.003],
          mode: modes[(i + k) % modes.length],
          speed: 5 + ((k * 7) % 40),
          flow: 300 + k * 40,
          observedAt: modes[(i + k) % modes.length] === 'offline' ? NOW - 30 * MIN : NOW - MIN,
          adjustments: i % 2 ? [[NOW - 20 * MIN, 1, 2, 4, 20, 18]] : [],
        }),
      );
    }

  it('agrees between KPIs, ranking and map at city, district, street and community level', () => {
    for (const area of [null, '350102', '350102001', '350102001001']) {
      const v = build(city, area, REF);
      expectConsistent(v);
    }
  });

  it('ranks the next level down, worst index first, and sums to the level above', () => {
    const cityView = build(city, null, REF);
    expect(cityView.rankingLevel).toBe('district');
    expect(cityView.ranking.map((r) => r.key).sort()).toEqual(['350102', '350103']);
    const indexes = cityView.ranking.map((r) => r.index ?? -1);
    expect([...indexes].sort((a, b) => b - a)).toEqual(indexes);
    const gulou = build(city, '350102', REF);
    expect(gulou.rankingLevel).toBe('street');
    expect(gulou.kpis).toEqual(
      expect.objectContaining({
        intersections: cityView.ranking.find((r) => r.key === '350102')!.intersections,
      }),
    );
    expect(gulou.kpis.index).toBeCloseTo(
      cityView.ranking.find((r) => r.key === '350102')!.index!,
      12,
    );
  });

  it('shades grid cells at street level and below only, with every intersection in one', () => {
    expect(build(city, '350102', REF).cells).toEqual([]);
    const street = build(city, '350102001', REF);
    expect(street.cells.length).toBeGreaterThan(0);
    expect(sum(street.cells.map((c) => c.intersections))).toBe(street.kpis.intersections);
  });

  it('draws faults last (on top), with flags for incomplete logs and old reports', () => {
    const items = [
      signal({ id: 'f', mode: 'fault' }),
      signal({ id: 'o', mode: 'offline', observedAt: NOW - 30 * MIN }),
      signal({ id: 'i', bins: bins(undefined, REF, [1, 1, 1, 0.5]) }),
      signal({ id: 'n' }),
    ];
    const { points } = build(items, null, REF);
    expect(points.ids).toEqual(['i', 'n', 'o', 'f']);
    expect(points.flags[0]! & FLAG_INCOMPLETE).toBeTruthy();
    expect(points.flags[2]! & FLAG_NOT_CURRENT).toBeTruthy();
    expect(points.flow[2]).toBe(0);
  });

  it('summarises the trouble for the overview: dark controllers and moderate or worse', () => {
    const s = buildTrafficSummary(city, { area: null }, context(), REF);
    const v = build(city, null, REF);
    expect(s.kpis).toEqual(v.kpis);
    expect(s.trouble.length).toBe(
      v.kpis.fault +
        v.kpis.offline +
        v.points.state.filter(
          (st, i) => st < 3 && v.points.level[i]! !== NO_LEVEL && v.points.level[i]! >= 3,
        ).length,
    );
  });
});

describe('records kept per item object', () => {
  const mixed = () => [
    signal({ district: '350102', street: '350102001' }),
    signal({ district: '350102', street: '350102002', mode: 'fault', flow: 0 }),
    signal({ district: '350103', street: '350103001', mode: 'fixed', speed: 12 }),
    signal({
      district: '350103',
      street: '350103001',
      bins: bins(undefined, REF, [0.5, 0.6, 0.7, 0.8]),
    }),
    signal({
      district: '350104',
      street: '350104001',
      mode: 'offline',
      observedAt: NOW - 90 * MIN,
    }),
    signal({ district: '350104', street: '350104002', roadClass: undefined, queue: 300 }),
  ];

  it('a rebuild after some items changed equals a build from new objects of every item', () => {
    const items = mixed();
    build(items);
    // A delta: two items replaced by new objects, one of them changed.
    const next = items.slice();
    next[0] = { ...items[0]!, mode: 'manual', flow: 400, speed: 8 };
    next[3] = { ...items[3]! };
    const rebuilt = build(next);
    const fresh = build(structuredClone(next));
    expect(rebuilt).toEqual(fresh);
    expect(rebuilt.kpis.modes[SIGNAL_MODES.indexOf('manual')]).toBe(1);
  });

  it("a child area's figures in the ranking are those of its own view", () => {
    const items = mixed();
    const city = build(items);
    for (const entry of city.ranking) {
      const own = build(items, entry.key);
      expect(entry.intersections).toBe(own.kpis.intersections);
      expect(entry.index).toBe(own.kpis.index);
      expect(entry.dark).toBe(own.kpis.fault + own.kpis.offline);
      expect(entry.congested).toBe(own.kpis.congested);
      expect(entry.splitFailures).toBe(own.bin?.splitFailures ?? 0);
      expect(entry.delayPerVehicle).toBe(own.bin?.delayPerVehicle ?? null);
      expect(entry.adjustments).toBe(own.adaptive.adjustments);
    }
  });
});

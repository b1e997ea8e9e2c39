// @vitest-environment node
// A simulated 12345 day lands within the ranges docs/simulation.md writes down ("What a
// simulated day aims at"), for Fuzhou and for a second city with its own catalogue.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTicketCatalog, type TicketCatalog } from '../../src/domain/ticket-catalog';
import { createCity } from './city';
import { HOUR, TZ_OFFSET } from './clock';
import { loadGeo } from './load-geo-node';
import { describeDay, simulatedDay, type MomentFigures } from './ticket-figures';

/** The documented ranges: [low, high] (shares 0–1). */
const DAY_RANGES = {
  registrationMedianMinutes: [0, 5],
  registeredWithin10Minutes: [0.9, 1],
  urgentClosedWithin24h: [0.95, 1],
  onTime: [0.95, 0.998],
  onTimeUrgent: [0.9, 1],
  onTimeNormal: [0.95, 0.998],
  closedSameDay: [0.3, 0.6],
  satisfaction: [0.9, 0.97],
  rework: [0.01, 0.05],
  repeat: [0.02, 0.06],
} as const;
/** Overdue tickets as a share of the open ones, at every hour read. */
const OVERDUE_SHARE = [0.01, 0.04] as const;
/** Closure rate of today's tickets by the hour: at least this much (and rising). */
const CLOSURE_RATE_FROM = { 10: 0.08, 12: 0.12, 18: 0.25, 22: 0.3 } as const;
/** Of the day's closures, the share done by 10:00 (yesterday's work closed from 08:00). */
const CLOSED_BY_TEN = [0.1, 0.4] as const;

const zhangzhou = (() => {
  const raw: unknown = JSON.parse(
    readFileSync(
      new URL('../../tests/fixtures/cities/zhangzhou/catalog.json', import.meta.url),
      'utf8',
    ),
  );
  const parsed = parseTicketCatalog(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
  return parsed.catalog;
})();

// Thursday 20 November 2025 (an ordinary weekday, its figures read on Friday evening).
const DAY0 = Date.UTC(2025, 10, 20) - TZ_OFFSET;

function check(label: string, seed: number, geoDir: string, ticketCatalog?: TicketCatalog) {
  const city = createCity({
    seed,
    scale: 1,
    geo: loadGeo(geoDir),
    ...(ticketCatalog ? { ticketCatalog } : {}),
  });
  const figures = simulatedDay(city, DAY0);
  const text = `${label}\n${describeDay(figures)}`;
  const { day, moments } = figures;
  const out: string[] = [];
  for (const [key, [lo, hi]] of Object.entries(DAY_RANGES)) {
    const value = day[key as keyof typeof DAY_RANGES];
    if (value === null || value < lo || value > hi)
      out.push(`${key} ${value} not in [${lo}, ${hi}]`);
  }
  for (const m of moments) {
    const h = hourOf(m);
    if (
      m.overdueShare === null ||
      m.overdueShare < OVERDUE_SHARE[0] ||
      m.overdueShare > OVERDUE_SHARE[1]
    )
      out.push(`${h}:00 overdue share ${m.overdueShare}`);
  }
  // Rising through the day: the morning's arrivals may hold it for an hour (a point at most).
  let previous = -1;
  for (const m of moments.filter((x) => hourOf(x) >= 8)) {
    const rate = m.closureRate ?? 0;
    if (rate < previous - 0.01) out.push(`${hourOf(m)}:00 closure rate fell to ${rate}`);
    previous = Math.max(previous, rate);
    const floor = (CLOSURE_RATE_FROM as Record<number, number>)[hourOf(m)];
    if (floor !== undefined && rate < floor)
      out.push(`${hourOf(m)}:00 closure rate ${rate} < ${floor}`);
  }
  const rateAt = (h: number) => moments.find((m) => hourOf(m) === h)?.closureRate ?? 0;
  if (rateAt(12) < rateAt(8) + 0.03) out.push(`closure rate 08:00 → 12:00 barely moves`);
  const ten = moments.find((m) => hourOf(m) === 10) as MomentFigures;
  const byTen = ten.closedToday / day.closed;
  if (byTen < CLOSED_BY_TEN[0] || byTen > CLOSED_BY_TEN[1]) out.push(`closed by 10:00 ${byTen}`);
  return { out, text, figures };
}

const hourOf = (m: MomentFigures): number => Math.round((m.t - DAY0) / HOUR);

describe('a simulated 12345 weekday', () => {
  it('lands within the documented ranges (Fuzhou, two seeds)', () => {
    for (const seed of [1, 7]) {
      const { out, text } = check(`Fuzhou seed ${seed}`, seed, 'fuzhou');
      expect(out, text).toEqual([]);
    }
  });

  it('lands within them for a second city with its own catalogue', () => {
    const { out, text, figures } = check('Zhangzhou', 3, 'zhangzhou', zhangzhou);
    expect(out, text).toEqual([]);
    expect(figures.day.reported).toBeGreaterThan(3000);
  });
});

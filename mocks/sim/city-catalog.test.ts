// @vitest-environment node
// The simulated city plays the city's own 12345 catalogue: its categories, departments and
// deadlines, with the detection and incident tickets filed under the nearest category it has.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FUZHOU_TICKET_CATALOG,
  catalogIndex,
  deadlineOf,
  parseTicketCatalog,
  type TicketCatalog,
} from '../../src/domain/ticket-catalog';
import { DETECTION_CATEGORY, familyOf, simCatalog } from './catalog';
import { createCity } from './city';
import { HOUR, TZ_OFFSET } from './clock';
import { loadGeo } from './load-geo-node';

const parsed = (raw: unknown): TicketCatalog => {
  const result = parseTicketCatalog(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.catalog;
};
const zhangzhou = parsed(
  JSON.parse(
    readFileSync(
      new URL('../../tests/fixtures/cities/zhangzhou/catalog.json', import.meta.url),
      'utf8',
    ),
  ),
);
const T = Date.UTC(2025, 10, 20, 11) - TZ_OFFSET;

describe('a catalogue as the simulator reads it', () => {
  it('finds each category’s family from its id or its names', () => {
    for (const c of FUZHOU_TICKET_CATALOG.categories) expect(familyOf(c)).toBe(c.id);
    expect(simCatalog(zhangzhou).categories.map((c) => [c.id, c.family])).toEqual([
      ['cg.shirong', 'sanitation'],
      ['sw.gongpaishui', 'drainage'],
      ['constructor', 'construction'],
      ['jt.yunshu', 'traffic'],
      ['hb.shengtai', 'environment'],
      ['sc.jianguan', 'food'],
      ['wy.guanli', 'housing'],
      ['sz.sheshi', 'municipal'],
      ['jy.jiaoyu', 'other'],
      ['ws.yiliao', 'other'],
    ]);
    const en = (name: string) => familyOf({ id: 'x', names: { en: name } });
    expect(en('Street lights')).toBe('municipal');
    expect(en('Parks and trees')).toBe('greenery');
    expect(en('Street cleaning')).toBe('sanitation');
    expect(en('Libraries')).toBe('other');
  });

  it('files an id of the embedded list under the city’s nearest category', () => {
    const sim = simCatalog(zhangzhou);
    expect(sim.resolve('traffic').id).toBe('jt.yunshu');
    expect(sim.resolve('municipal').id).toBe('sz.sheshi');
    expect(sim.resolve('drainage').id).toBe('sw.gongpaishui');
    expect(sim.resolve('constructor').id).toBe('constructor');
    // A family the city does not have: its first municipal category, else its first.
    expect(sim.resolve('greenery').id).toBe('sz.sheshi');
    const bare = parsed({
      categories: [{ id: 'k1', names: { 'zh-CN': '其他' }, department: 'd', limit: { hours: 8 } }],
      departments: [{ id: 'd', names: { 'zh-CN': '热线办' } }],
    });
    expect(simCatalog(bare).resolve('drainage').id).toBe('k1');
    expect(simCatalog(bare).resolve('__proto__').id).toBe('k1');
  });
});

describe('a simulated city with its own catalogue', () => {
  const city = createCity({
    seed: 11,
    scale: 1,
    geo: loadGeo('zhangzhou'),
    ticketCatalog: zhangzhou,
  });
  const tickets = city.snapshot('tickets', T);
  const index = catalogIndex(zhangzhou);

  it('files every ticket under one of its categories and dispatches it to that one’s department', () => {
    const bad: string[] = [];
    const seen = new Set<string>();
    for (const x of tickets) {
      const category = index.categories.get(x.category);
      if (!category) bad.push(`${x.id}: category ${x.category}`);
      else if (x.department !== null && x.department !== category.department)
        bad.push(`${x.id}: department ${x.department}`);
      seen.add(x.category);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect([...seen].sort()).toEqual(zhangzhou.categories.map((c) => c.id).sort());
  });

  it('gives every ticket the city’s deadline', () => {
    const bad = tickets.filter(
      (x) =>
        x.deadline !==
        Math.round(deadlineOf(zhangzhou, x.stages.reported, x.category, x.type, x.urgent)),
    );
    expect(bad.slice(0, 3).map((x) => x.id)).toEqual([]);
    // 48 hours for water, 12 when urgent: not Fuzhou's working days.
    const water = tickets.filter((x) => x.category === 'sw.gongpaishui' && x.type !== 'inquiry');
    expect(water.length).toBeGreaterThan(20);
    for (const x of water) expect(x.deadline - x.stages.reported).toBe((x.urgent ? 12 : 48) * HOUR);
  });

  it('writes the text of categories it has no templates for in their own name', () => {
    const schools = tickets.filter((x) => x.category === 'jy.jiaoyu' && x.type === 'complaint');
    expect(schools.length).toBeGreaterThan(5);
    expect(schools.every((x) => x.title.includes('教育'))).toBe(true);
    const praise = tickets.filter((x) => x.type === 'praise' && x.category === 'sw.gongpaishui');
    for (const x of praise) expect(x.title).toContain('漳州水务集团');
  });

  it('files detection tickets under the nearest category, linked both ways as before', () => {
    const detections = city.snapshot('detections', T);
    const byId = new Map(tickets.map((x) => [x.id, x]));
    let linked = 0;
    for (const d of detections) {
      if (d.ticketId === null) continue;
      const ticket = byId.get(d.ticketId);
      expect(ticket?.sourceRef).toBe(d.id);
      expect(ticket?.category).toBe(simCatalog(zhangzhou).resolve(DETECTION_CATEGORY[d.type]!).id);
      linked += 1;
    }
    expect(linked).toBeGreaterThan(50);
  });

  it('stays deterministic: the same seed and catalogue give the same snapshot', () => {
    const digest = (items: unknown) =>
      createHash('sha256').update(JSON.stringify(items)).digest('hex');
    const again = createCity({
      seed: 11,
      scale: 1,
      geo: loadGeo('zhangzhou'),
      ticketCatalog: structuredClone(zhangzhou),
    });
    expect(digest(again.snapshot('tickets', T))).toBe(digest(tickets));
    // Fuzhou's catalogue given explicitly is the default.
    const geo = loadGeo();
    expect(digest(createCity({ seed: 5, scale: 1, geo }).snapshot('tickets', T))).toBe(
      digest(
        createCity({
          seed: 5,
          scale: 1,
          geo,
          ticketCatalog: structuredClone(FUZHOU_TICKET_CATALOG),
        }).snapshot('tickets', T),
      ),
    );
  });
});

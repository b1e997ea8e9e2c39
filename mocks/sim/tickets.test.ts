// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { sanitizeTicket } from '../../src/domain/personal-data';
import { TICKET_STAGES, type Ticket } from '../../src/domain/ticket';
import { FUZHOU_TICKET_CATALOG, catalogIndex, isOverdue } from '../../src/domain/ticket-catalog';
import { DETECTION_CATEGORY, simCatalog } from './catalog';
import { createCity } from './city';
import { DAY, HOUR, TZ_OFFSET } from './clock';
import { MAX_OPEN } from './lifecycle';
import { loadGeo } from './load-geo-node';
import { HOSTILE_STRINGS } from './ticket-text';
import { toWall, wallProjection } from './wall';

const geo = loadGeo();
const DAY0 = Date.UTC(2025, 10, 20) - TZ_OFFSET;
const city = createCity({ seed: 4242, scale: 1, geo });
const samples = Array.from({ length: 12 }, (_, i) => DAY0 + i * 2 * HOUR + 7 * 60_000);
const snaps = samples.map((t) => ({ t, tickets: city.snapshot('tickets', t) }));

const stageIndex = (stage: Ticket['stage']) => TICKET_STAGES.indexOf(stage);
const fuzhou = catalogIndex(FUZHOU_TICKET_CATALOG);

describe('ticket lifecycle over a simulated day', () => {
  it('orders stage times and reaches every earlier stage', () => {
    // Violations are collected and compared once: an expect per field would dominate the run.
    const bad: string[] = [];
    for (const { t, tickets } of snaps)
      for (const x of tickets) {
        const reached = TICKET_STAGES.filter((s) => x.stages[s] !== undefined);
        const times = reached.map((s) => x.stages[s] as number);
        const fail = (why: string) => bad.push(`${x.id} at ${t}: ${why}`);
        // The stages present are exactly the prefix up to the current stage.
        if (reached.join() !== TICKET_STAGES.slice(0, stageIndex(x.stage) + 1).join())
          fail('stage prefix');
        if (times.some((v, i) => i > 0 && v < (times[i - 1] as number))) fail('order');
        if ((times[times.length - 1] as number) > t) fail('future');
        if ((x.department === null) !== stageIndex(x.stage) < stageIndex('dispatched'))
          fail('department');
        if (x.department && x.department !== fuzhou.categories.get(x.category)?.department)
          fail('department id');
        if ((x.rating === null) !== (x.stage !== 'rated')) fail('rating');
        if (stageIndex(x.stage) >= stageIndex('feedback') && !x.photos.after) fail('after photo');
      }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('includes everything reported or closed since yesterday 00:00 and every older open ticket', () => {
    const bad: string[] = [];
    let closedInWindow = 0;
    for (const { t, tickets } of snaps) {
      const windowStart = DAY0 - DAY + Math.floor((t - DAY0) / DAY) * DAY;
      for (const x of tickets) {
        if (x.stages.reported > t) bad.push(`${x.id}: future`);
        const closed = x.stage === 'closed' || x.stage === 'rated';
        if (x.stages.reported < windowStart && closed) {
          // An older ticket closed since 00:00 yesterday is in: the figures of yesterday need it.
          if ((x.stages.closed ?? 0) < windowStart) bad.push(`${x.id}: old and closed before`);
          else closedInWindow += 1;
        }
        if (x.stages.reported <= windowStart - MAX_OPEN)
          bad.push(`${x.id}: older than the lookback`);
      }
    }
    expect(bad).toEqual([]);
    expect(closedInWindow).toBeGreaterThan(0);
  });

  it('has overdue, reworked and repeat tickets, consistently defined', () => {
    const { t, tickets } = snaps[6] as { t: number; tickets: Ticket[] };
    const overdue = tickets.filter((x) => isOverdue(x, t));
    expect(overdue.length).toBeGreaterThan(50);
    for (const x of overdue) {
      expect(x.stage === 'closed' || x.stage === 'rated').toBe(false);
      expect(x.deadline).toBeLessThan(t);
    }
    const reworked = tickets.filter((x) => x.reworkCount > 0);
    expect(reworked.length).toBeGreaterThan(20);
    const repeats = tickets.filter((x) => x.repeatOf !== null);
    expect(repeats.length).toBeGreaterThan(100);
    const byId = new Map(tickets.map((x) => [x.id, x]));
    let checked = 0;
    for (const r of repeats) {
      const parent = byId.get(r.repeatOf as string);
      if (!parent) continue;
      checked += 1;
      expect(parent.community).toBe(r.community);
      expect(parent.category).toBe(r.category);
      expect(parent.stages.reported).toBeLessThan(r.stages.reported);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('keeps a ticket’s own fields stable as it moves along (only the loop changes)', () => {
    const first = new Map((snaps[5] as { tickets: Ticket[] }).tickets.map((x) => [x.id, x]));
    const bad: string[] = [];
    for (const x of (snaps[6] as { tickets: Ticket[] }).tickets) {
      const before = first.get(x.id);
      if (!before) continue;
      if (x.title !== before.title || x.deadline !== before.deadline) bad.push(`${x.id}: text`);
      if (x.position.join() !== before.position.join()) bad.push(`${x.id}: position`);
      if (JSON.stringify(x.reporter) !== JSON.stringify(before.reporter))
        bad.push(`${x.id}: reporter`);
      if (stageIndex(x.stage) < stageIndex(before.stage) && x.reworkCount === before.reworkCount)
        bad.push(`${x.id}: went back without rework`);
    }
    expect(bad).toEqual([]);
  });

  it('follows the daily rhythm: quiet at night, peak mid-morning', () => {
    const tickets = (snaps[11] as { tickets: Ticket[] }).tickets;
    const yesterday = tickets.filter(
      (x) => x.stages.reported >= DAY0 - DAY && x.stages.reported < DAY0 && x.sourceRef === null,
    );
    const perHour = Array.from({ length: 24 }, () => 0);
    for (const x of yesterday) perHour[Math.floor((x.stages.reported - (DAY0 - DAY)) / HOUR)]! += 1;
    const at = (h: number) => perHour[h] ?? 0;
    expect(at(10)).toBeGreaterThan(4 * at(3));
    expect(at(10)).toBeGreaterThan(at(13));
    expect(at(15)).toBeGreaterThan(at(13));
    const rated = tickets.filter((x) => x.rating !== null);
    const fine = rated.filter((x) => x.rating !== 'unsatisfied').length / rated.length;
    expect(fine).toBeGreaterThan(0.85);
    expect(fine).toBeLessThan(0.96);
    const registered = yesterday
      .map((x) => ((x.stages.registered ?? Infinity) - x.stages.reported) / 60_000)
      .sort((a, b) => a - b);
    expect(registered[Math.floor(registered.length / 2)]).toBeLessThan(6);
  });

  it('fills reporter fields with well-formed fakes', () => {
    const tickets = (snaps[6] as { tickets: Ticket[] }).tickets;
    const withReporter = tickets.filter((x) => x.reporter);
    expect(withReporter.length).toBeGreaterThan(tickets.length * 0.8);
    const bad = withReporter.filter((x) => {
      const r = x.reporter as NonNullable<Ticket['reporter']>;
      return (
        !/^1\d{2}0000\d{4}$/.test(r.phone) ||
        (r.idNumber !== null && !/^\d{6}1900\d{7}[\dX]$/.test(r.idNumber)) ||
        Array.from(r.name).length < 2 ||
        !x.address?.startsWith('福州市')
      );
    });
    expect(bad.slice(0, 3)).toEqual([]);
    for (const x of tickets.filter((y) => y.channel === 'video'))
      expect(x.reporter).toBeUndefined();
  });
});

describe('detections and tickets', () => {
  it('link both ways at the same t', () => {
    for (const t of [samples[3], samples[9]] as number[]) {
      const tickets = city.snapshot('tickets', t);
      const detections = city.snapshot('detections', t);
      const ticketById = new Map(tickets.map((x) => [x.id, x]));
      const detectionById = new Map(detections.map((d) => [d.id, d]));
      let linked = 0;
      for (const d of detections) {
        if (d.ticketId === null) {
          expect(d.status).not.toBe('reported');
          continue;
        }
        linked += 1;
        const ticket = ticketById.get(d.ticketId);
        expect(ticket, d.id).toBeDefined();
        expect(ticket?.sourceRef).toBe(d.id);
        expect(ticket?.channel).toBe(d.source === 'camera' ? 'video' : 'grid');
        expect(ticket?.category).toBe(DETECTION_CATEGORY[d.type]);
        expect(ticket?.position).toEqual(d.position);
        expect(d.status).toBe(
          ticket?.stage === 'closed' || ticket?.stage === 'rated' ? 'handled' : 'reported',
        );
      }
      expect(linked).toBeGreaterThan(100);
      const windowStart = Math.min(...detections.map((d) => d.observedAt));
      for (const x of tickets) {
        if (x.sourceRef === null) {
          expect(x.channel === 'video' || x.channel === 'grid').toBe(false);
          continue;
        }
        expect(x.channel === 'video' || x.channel === 'grid').toBe(true);
        if (x.stages.reported > windowStart + HOUR) {
          expect(detectionById.get(x.sourceRef)?.ticketId, x.id).toBe(x.id);
        }
      }
    }
  });
});

describe('personal data and hostile text', () => {
  it('toWall strips reporter, address, title and description', () => {
    const tickets = (snaps[6] as { tickets: Ticket[] }).tickets;
    const wall = wallProjection(tickets);
    expect(wall).toHaveLength(tickets.length);
    for (const x of wall) {
      expect('reporter' in x).toBe(false);
      expect('address' in x).toBe(false);
      expect(x.title).toBe('');
      expect(x.description).toBe('');
    }
    const one = tickets.find((x) => x.reporter) as Ticket;
    const { reporter: _r, address: _a, ...rest } = one;
    expect(toWall(one)).toEqual({ ...rest, title: '', description: '' });
    expect(JSON.stringify(toWall(one))).not.toContain(one.reporter?.phone as string);
    // The source item is left as it was.
    expect(one.reporter).toBeDefined();
    expect(one.title).not.toBe('');
  });

  // The fakes citizens type into their text (ticket-text.ts), and what of them may remain.
  const TYPED =
    /1\d{2}0000\d{4}|1\d{2} 0000 \d{4}|\d{6}1900\d{7}[\dX]|测试|示例|演示|样例|模拟|_test\d{2}|@example\.com/;
  const LEAK =
    /1\d{2}0000\d{4}|1\d{2} 0000 \d{4}|\d{6}1900\d{7}|[\u4e00-\u9fff](?:测试|示例|演示|样例|模拟)|_test\d{2}|\.test\d+@|\d+单元|\d+室|路\d+号/;
  const textOf = (x: Ticket) => `${x.title}\n${x.description}`;

  it('puts personal data into the text of about 3 % of tickets, the same for the same seed', () => {
    const { t, tickets } = snaps[6] as { t: number; tickets: Ticket[] };
    const typed = tickets.filter((x) => TYPED.test(textOf(x)));
    const share = typed.length / tickets.length;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.045);
    // Every kind shows up: phones (also in titles and in groups), names, IDs, homes, WeChat, e-mail.
    const all = typed.map(textOf).join('\n');
    for (const kind of [
      /电话1\d{2}0000\d{4}/,
      /（电话1\d{2}0000\d{4}）\n/,
      /手机 1\d{2} 0000 \d{4}/,
      /我叫[\u4e00-\u9fff](?:测试|示例|演示|样例|模拟)/,
      /身份证号?\d{6}1900\d{7}[\dX]/,
      /家住\S+?\d+号/,
      /\d+单元\d+室/,
      /微信 [a-z]+_test\d{2}/,
      /[a-z]+\.test\d+@example\.com/,
    ])
      expect(all).toMatch(kind);
    // Video-AI and grid tickets are not typed by citizens.
    expect(typed.filter((x) => x.sourceRef !== null)).toEqual([]);
    expect(tickets.every((x) => x.title.length <= 200 && x.description.length <= 2000)).toBe(true);
    // The same seed gives the same text.
    const again = createCity({ seed: 4242, scale: 1, geo }).snapshot('tickets', t);
    expect(again.map(textOf)).toEqual(tickets.map(textOf));
  });

  it('leaves none of the typed personal data on a desktop, and no text at all on a wall', () => {
    const tickets = (snaps[6] as { tickets: Ticket[] }).tickets;
    const desktop = tickets.map((x) => sanitizeTicket(x, 'desktop'));
    expect(desktop.map(textOf).filter((text) => LEAK.test(text))).toEqual([]);
    // What is not personal stays readable: the hotline, the roads, the lead of the text.
    expect(desktop.some((x) => x.description.includes('12345微信小程序'))).toBe(true);
    expect(desktop.filter((x) => x.description.startsWith('市民')).length).toBeGreaterThan(
      tickets.length / 2,
    );
    for (const x of tickets) {
      const wall = sanitizeTicket(x, 'wall');
      expect(wall.title + wall.description).toBe('');
    }
  });

  it('mixes hostile strings into about 5 % of tickets when asked, none otherwise', () => {
    const t = samples[6] as number;
    const hostile = createCity({ seed: 4242, scale: 1, geo, hostileText: true }).snapshot(
      'tickets',
      t,
    );
    const isHostile = (x: Ticket) =>
      HOSTILE_STRINGS.some((h) => x.title.includes(h) || x.description.includes(h));
    const share = hostile.filter(isHostile).length / hostile.length;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.08);
    const all = hostile.map((x) => x.title + x.description).join('\n');
    for (const needle of ['<script>alert(1)</script>', 'onerror=', 'javascript:', '{a|x}']) {
      expect(all).toContain(needle);
    }
    expect((snaps[6] as { tickets: Ticket[] }).tickets.filter(isHostile)).toEqual([]);
    expect(hostile.every((x) => x.title.length <= 200)).toBe(true);
  });
});

describe('catalog', () => {
  it('plays the catalogue the app uses: its categories, departments and deadlines', () => {
    const sim = simCatalog();
    expect(sim.catalog).toBe(FUZHOU_TICKET_CATALOG);
    expect(sim.categories.map((c) => c.id)).toEqual(
      FUZHOU_TICKET_CATALOG.categories.map((c) => c.id),
    );
    for (const c of sim.categories) {
      expect(c.family).toBe(c.id);
      expect(c.department).toBe(fuzhou.categories.get(c.id)?.department);
    }
  });
});

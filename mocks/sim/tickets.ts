// Scenario 1: 12345 citizen tickets. Arrivals per 10-minute slot are drawn from hash(seed, slot),
// each ticket's whole closed loop is planned at its report, and a snapshot shows the plans as of t.
import type { LngLat } from '../../src/domain/common';
import type { Ticket, TicketChannel, TicketType } from '../../src/domain/ticket';
import type { TicketCatalog } from '../../src/domain/ticket-catalog';
import { simCatalog, type Family, type SimCategory } from './city-catalog';
import {
  DAY,
  HOUR,
  MINUTE,
  SLOT,
  hourly,
  isWeekend,
  localDayStart,
  localHour,
  slotLabel,
  slotOf,
} from './clock';
import { byId, type DetectionPlan, type DetectionTicket, type DetectionWorld } from './detections';
import {
  INCIDENT_REACH,
  SCRIPT,
  incidentCentre,
  type Incident,
  type IncidentBook,
} from './incidents';
import {
  MAX_OPEN,
  P_LONG,
  SHORT_MAX,
  closedAt,
  planLifecycle,
  stageAt,
  stageSpan,
  type Lifecycle,
  type TicketView,
} from './lifecycle';
import type { Community, CommunitySampler, Places } from './places';
import { AliasTable, Rng, hash, hashString, unit } from './prng';
import { SlotCache, remember } from './slot-cache';
import {
  addressOf,
  detectionTicketText,
  fakeReporter,
  hostile,
  incidentTicketText,
  ticketText,
  type TextPlace,
  type TicketText,
} from './ticket-text';

/** Citizen tickets per weekday at ×1 (weekends ×0.8); detections add about 500 more. */
export const CITIZEN_TICKETS_PER_DAY = 3600;
const WEEKEND_FACTOR = 0.8;

// Local hour 0–23: quiet at night, the main peak mid-morning, a smaller one mid-afternoon.
const ARRIVAL_PROFILE = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.75, 1.35, 1.85, 2.05, 1.75, 1.05, 1.1, 1.4, 1.6, 1.45,
  1.15, 0.85, 0.8, 0.8, 0.7, 0.5, 0.35,
];
const profileMean =
  Array.from({ length: 144 }, (_, i) => hourly(ARRIVAL_PROFILE, (i + 0.5) / 6)).reduce(
    (a, b) => a + b,
    0,
  ) / 144;

const TYPES: readonly TicketType[] = [
  'complaint',
  'inquiry',
  'help',
  'report',
  'suggestion',
  'praise',
];
const TYPE_WEIGHTS = [42, 20, 14, 10, 9, 5];
const CHANNELS: readonly TicketChannel[] = ['hotline', 'miniprogram', 'app', 'web'];
const CHANNEL_WEIGHTS = [52, 20, 16, 12];
/** Share of tickets that repeat an earlier one at the same place and category (重复诉求). */
const P_REPEAT = 0.04;
const HOSTILE_SHARE = 0.05;

/** Extra tickets per hour at ×1 at the peak of an incident. */
const INCIDENT_TICKETS: Readonly<
  Partial<
    Record<
      Incident['kind'],
      { family: Family; peak: number; curve: (tau: number) => number; urgent: number }
    >
  >
> = {
  rainstorm: { family: 'drainage', peak: 60, curve: SCRIPT.drainageTickets, urgent: 0.6 },
  pollution: { family: 'environment', peak: 25, curve: SCRIPT.smogTickets, urgent: 0.1 },
  'signal-faults': { family: 'traffic', peak: 12, curve: SCRIPT.faultTickets, urgent: 0.5 },
};

interface TicketCore {
  id: string;
  community: Community;
  category: SimCategory;
  type: TicketType;
  channel: TicketChannel;
  urgent: boolean;
  life: Lifecycle;
  repeatOf: string | null;
  textSeed: number;
  positionHash: number;
  photoBefore: boolean;
  incident: Incident['kind'] | null;
  position?: LngLat;
  view?: TicketView;
}

interface Head {
  rng: Rng;
  repeatDraw: number;
  community: Community;
  category: SimCategory;
  type: TicketType;
  channel: TicketChannel;
  urgentDraw: number;
  offset: number;
  textSeed: number;
  positionHash: number;
}

export interface TicketWorld {
  snapshot(t: number): Ticket[];
}

export function createTicketWorld(
  places: Places,
  cityName: string,
  seed: number,
  scale: number,
  hostileText: boolean,
  book: IncidentBook,
  detections: DetectionWorld,
  /** The city's catalogue (config.json `scenarios.tickets.catalog`); default Fuzhou's. */
  ticketCatalog?: TicketCatalog,
): TicketWorld {
  const catalog = simCatalog(ticketCatalog);
  const categories = catalog.categories;
  // Detection tickets are planned (detections.ts) under the embedded catalogue: their deadline
  // is the city's when the city has its own.
  const ownCatalog = catalog !== simCatalog();
  const STREAM = hashString('tickets');
  const COUNT = hashString('ticket-count');
  const LONG = hashString('ticket-long');
  // Today, yesterday and the open older ones, with room to spare.
  const cache = new SlotCache<TicketCore>(
    Math.max(30_000, 15_000 * scale),
    (core, t) => closedAt(core.life) > t,
  );
  const incidentCache = new Map<number, TicketCore[]>();
  const categoryTable = new AliasTable(categories.map((c) => c.weight));
  const nightCategoryTable = new AliasTable(categories.map((c) => c.weight * c.night));
  const typeTable = new AliasTable(TYPE_WEIGHTS);
  const channelTable = new AliasTable(CHANNEL_WEIGHTS);
  let citizens: CommunitySampler | null = null;
  const citizenSampler = (): CommunitySampler =>
    (citizens ??= places.sampler((c) => {
      const d = c.district;
      const units = d.communities.reduce((s, x) => s + (x.village ? 1 : 2), 0);
      return (d.population * (c.village ? 1 : 2)) / units;
    }));

  const countIn = (slot: number): number => {
    const start = slot * SLOT;
    const perSlot =
      (CITIZEN_TICKETS_PER_DAY * scale * (isWeekend(start) ? WEEKEND_FACTOR : 1)) / 144;
    const lambda = (perSlot * hourly(ARRIVAL_PROFILE, localHour(start + SLOT / 2))) / profileMean;
    return new Rng(hash(seed, COUNT, slot)).poisson(lambda);
  };

  const head = (slot: number, k: number): Head => {
    const rng = new Rng(hash(seed, STREAM, slot, k + 1));
    const repeatDraw = rng.next();
    const community = citizenSampler().draw(rng);
    const hour = localHour(slot * SLOT);
    const table = hour >= 22 || hour < 6 ? nightCategoryTable : categoryTable;
    const category = categories[table.sample(rng)] ?? (categories[0] as SimCategory);
    const type = TYPES[typeTable.sample(rng)] ?? 'complaint';
    const channel = CHANNELS[channelTable.sample(rng)] ?? 'hotline';
    return {
      rng,
      repeatDraw,
      community,
      category,
      type,
      channel,
      urgentDraw: rng.next(),
      offset: rng.int(SLOT),
      textSeed: rng.bits(),
      positionHash: rng.bits(),
    };
  };

  /** The slot's tickets; with `longOnly`, only the long ones (all that can be open after SHORT_MAX). */
  const baseSlot = (slot: number, longOnly: boolean): TicketCore[] => {
    const n = countIn(slot);
    const label = slotLabel(slot);
    const out: TicketCore[] = [];
    for (let k = 0; k < n; k += 1) {
      const long = unit(hash(seed, LONG, slot, k)) < P_LONG;
      if (longOnly && !long) continue;
      const h = head(slot, k);
      let { community, category, type, textSeed, positionHash } = h;
      let repeatOf: string | null = null;
      if (h.repeatDraw < P_REPEAT) {
        // A repeat points back 2 h to 3 days to a ticket that is not itself a repeat.
        const back = 12 + h.rng.int(420);
        const parentSlot = slot - back;
        const parentCount = countIn(parentSlot);
        if (parentCount > 0) {
          const pk = h.rng.int(parentCount);
          const parent = head(parentSlot, pk);
          if (parent.repeatDraw >= P_REPEAT) {
            repeatOf = `T-${slotLabel(parentSlot)}-${String(pk).padStart(4, '0')}`;
            ({ community, category, textSeed, positionHash } = parent);
            type = 'complaint';
          }
        }
      }
      const quiet = type === 'inquiry' || type === 'praise' || type === 'suggestion';
      const urgent = !quiet && h.urgentDraw < category.urgent;
      const reported = slot * SLOT + h.offset;
      const before = h.channel === 'hotline' ? 0 : h.channel === 'web' ? 0.3 : 0.7;
      out.push({
        id: `T-${label}-${String(k).padStart(4, '0')}`,
        community,
        category,
        type,
        channel: h.channel,
        urgent,
        life: planLifecycle(h.rng, reported, category.id, type, urgent, h.channel, long, catalog),
        repeatOf,
        textSeed,
        positionHash,
        photoBefore: unit(hash(textSeed, 0xb4)) < before,
        incident: null,
      });
    }
    return out;
  };

  const incidentCores = (incident: Incident): TicketCore[] => {
    const script = INCIDENT_TICKETS[incident.kind];
    if (!script) return [];
    const hit = incidentCache.get(incident.key);
    if (hit) return hit;
    // A signal-fault cluster's tickets come from the street around it.
    const pool =
      incident.kind === 'signal-faults'
        ? incidentCentre(incident).street.communities
        : incident.district.communities;
    const table = new AliasTable(pool.map((c) => (c.street.urban ? 3 : 0.3)));
    const category = catalog.ofFamily(script.family);
    const out: TicketCore[] = [];
    for (let s = slotOf(incident.start); s * SLOT < incident.start + 5 * HOUR; s += 1) {
      const from = Math.max(incident.start, s * SLOT);
      const lambda = (script.peak * scale * script.curve(from + SLOT / 2 - incident.start)) / 6;
      const n = new Rng(hash(seed, incident.key, s, 0x7c)).poisson(lambda);
      const label = slotLabel(s);
      for (let i = 0; i < n; i += 1) {
        const rng = new Rng(hash(seed, incident.key, s, i + 1, 0x7c));
        const community = pool[table.sample(rng)] as Community;
        const reported = from + rng.int(s * SLOT + SLOT - from);
        const urgent = rng.chance(script.urgent);
        const channel: TicketChannel = rng.chance(0.7) ? 'hotline' : 'miniprogram';
        out.push({
          id: `T-${label}-X${incident.tag}${String(i).padStart(3, '0')}`,
          community,
          category,
          type: 'help',
          channel,
          urgent,
          life: planLifecycle(
            rng,
            reported,
            category.id,
            'help',
            urgent,
            channel,
            rng.chance(P_LONG),
            catalog,
          ),
          repeatOf: null,
          textSeed: rng.bits(),
          positionHash: rng.bits(),
          photoBefore: channel !== 'hotline',
          incident: incident.kind,
        });
      }
    }
    remember(incidentCache, incident.key, out, 256);
    return out;
  };

  const textPlace = (c: Community, rng: Rng): TextPlace => {
    const first = rng.int(2);
    return {
      c,
      road: c.roads[first] ?? c.roads[0],
      road2: c.roads[1 - first] ?? c.roads[1],
      no: 1 + rng.int(300),
      river: rng.pick(c.district.rivers),
    };
  };

  interface Source {
    id: string;
    position: LngLat;
    community: Community;
    channel: TicketChannel;
    type: TicketType;
    category: SimCategory;
    urgent: boolean;
    life: Lifecycle;
    deadline: number;
    repeatOf: string | null;
    sourceRef: string | null;
    photoBefore: boolean;
    textSeed: number;
    text: (rng: Rng, place: TextPlace) => TicketText;
    reporter: boolean;
  }

  const build = (src: Source, t: number): Ticket => {
    const c = src.community;
    const st = stageAt(src.life, t);
    const rng = new Rng(src.textSeed);
    const place = textPlace(c, rng);
    const plain = src.text(rng, place);
    const text =
      hostileText && unit(hash(src.textSeed, 0x405)) < HOSTILE_SHARE
        ? hostile(new Rng(hash(src.textSeed, 0x406)), plain)
        : plain;
    // Keys in schema order, personal fields last.
    const ticket: Ticket = {
      id: src.id,
      position: src.position,
      district: c.district.code,
      street: c.street.code,
      community: c.code,
      channel: src.channel,
      type: src.type,
      category: src.category.id,
      urgent: src.urgent,
      title: text.title,
      description: text.description,
      department:
        st.stage === 'reported' || st.stage === 'registered' ? null : src.category.department,
      stage: st.stage,
      stages: st.stages,
      deadline: src.deadline,
      reworkCount: st.reworkCount,
      rating: st.rating,
      repeatOf: src.repeatOf,
      sourceRef: src.sourceRef,
      photos: { before: src.photoBefore, after: st.after },
      address: addressOf(place, cityName),
    };
    if (src.reporter) {
      ticket.reporter = fakeReporter(new Rng(hash(src.textSeed, 0x7e9)), c.district.code);
    }
    return ticket;
  };

  /**
   * A ticket's JSON changes only when it reaches a stage, so the object built for one t serves
   * every t until the next stage. Snapshots share these objects: callers must not mutate items.
   */
  const cached = (
    holder: { view?: TicketView },
    life: Lifecycle,
    t: number,
    make: () => Ticket,
  ): Ticket => {
    const view = holder.view;
    if (view && t >= view.from && t < view.to) return view.ticket;
    const span = stageSpan(life, t);
    const ticket = make();
    holder.view = { ticket, from: span.from, to: span.to };
    return ticket;
  };

  const fromCore = (core: TicketCore, t: number): Ticket =>
    cached(core, core.life, t, () =>
      build(
        {
          id: core.id,
          position: (core.position ??= places.scatter(core.community, core.positionHash)),
          community: core.community,
          channel: core.channel,
          type: core.type,
          category: core.category,
          urgent: core.urgent,
          life: core.life,
          deadline: core.life.deadline,
          repeatOf: core.repeatOf,
          sourceRef: null,
          photoBefore: core.photoBefore,
          textSeed: core.textSeed,
          text: (rng, place) =>
            core.incident && core.incident !== 'hotspot-surge' && core.incident !== 'crash'
              ? incidentTicketText(core.incident, rng, place)
              : ticketText(
                  rng,
                  core.category,
                  core.type,
                  core.channel,
                  place,
                  core.repeatOf !== null,
                ),
          reporter: true,
        },
        t,
      ),
    );

  const fromDetection = (plan: DetectionPlan, dt: DetectionTicket, t: number): Ticket =>
    cached(dt, dt.life, t, () => {
      const category = catalog.resolve(dt.category);
      return build(
        {
          id: dt.id,
          position: detections.position(plan),
          community: plan.community,
          channel: plan.source === 'camera' ? 'video' : 'grid',
          type: 'report',
          category,
          urgent: dt.urgent,
          life: dt.life,
          deadline: ownCatalog
            ? Math.round(catalog.deadline(dt.life.reported, category.id, 'report', dt.urgent))
            : dt.life.deadline,
          repeatOf: null,
          sourceRef: plan.id,
          photoBefore: true,
          textSeed: dt.textSeed,
          text: (_rng, place) =>
            detectionTicketText(plan, place, plan.hotspot ? plan.hotspot.name : null),
          // A grid worker's name is on the ticket; video-AI has no reporter.
          reporter: plan.source === 'patrol',
        },
        t,
      );
    });

  return {
    snapshot(t) {
      // Every ticket open now, reported since 00:00 yesterday, or closed since then: what the
      // figures of today and of the same time yesterday need (docs/api.md).
      const windowStart = localDayStart(t) - DAY;
      // A ticket closed since then may have been reported up to MAX_OPEN before it.
      const openFrom = windowStart - MAX_OPEN;
      const wanted = (life: Lifecycle): boolean =>
        life.reported <= t && (life.reported >= windowStart || closedAt(life) >= windowStart);
      const out: Ticket[] = [];
      const last = slotOf(t);
      const firstNew = slotOf(windowStart);
      for (let s = slotOf(openFrom); s <= last; s += 1) {
        const all = () => baseSlot(s, false);
        // Short tickets of a slot are all closed SHORT_MAX after its end.
        const shortDone = (s + 1) * SLOT + SHORT_MAX;
        const cores =
          s >= firstNew
            ? cache.get(s, all)
            : cache.open(s, windowStart, all, {
                floor: shortDone,
                compute: () => baseSlot(s, true),
              });
        for (const core of cores) if (wanted(core.life)) out.push(fromCore(core, t));
      }
      // A detection's ticket follows it by at most about 20 minutes.
      const firstNewDetection = slotOf(windowStart - 30 * MINUTE);
      for (let s = slotOf(openFrom) - 3; s <= last; s += 1) {
        for (const plan of detections.ticketed(s, windowStart, s < firstNewDetection)) {
          if (plan.ticket && wanted(plan.ticket.life))
            out.push(fromDetection(plan, plan.ticket, t));
        }
      }
      for (const incident of book.between(openFrom - INCIDENT_REACH, t + 1)) {
        for (const core of incidentCores(incident)) {
          if (wanted(core.life)) out.push(fromCore(core, t));
        }
      }
      return out.sort(byId);
    },
  };
}

// Scenario 4: cameras and patrols report street-order violations. Arrivals are drawn per 10-minute
// slot from hashes; some detections raise tickets (the link both ways is part of the plan).
import type { LngLat } from '../../src/domain/common';
import { DETECTION_TYPES, type Detection, type DetectionType } from '../../src/domain/detection';
import type { TicketCategory } from '../../src/domain/ticket-catalog';
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
import { createCameraStatus, type CameraStatus } from './detection-cameras';
import { SCRIPT, type Incident, type IncidentBook } from './incidents';
import { layout, sitedId, type Sited } from './layout';
import {
  P_LONG,
  SHORT_MAX,
  closedAt,
  planLifecycle,
  type Lifecycle,
  type TicketView,
} from './lifecycle';
import type { Community, Places } from './places';
import { AliasTable, Rng, hash, hashString, unit } from './prng';
import { SlotCache, remember } from './slot-cache';

export const HOTSPOT_KINDS = ['market', 'station', 'school', 'commercial', 'hospital'] as const;
export type HotspotKind = (typeof HOTSPOT_KINDS)[number];

export interface Hotspot {
  id: string;
  name: string;
  kind: HotspotKind;
  community: Community;
  position: LngLat;
  /** Relative activity of the site. */
  heat: number;
}

export interface Camera {
  /** Index in the city's camera list (its hashes). */
  index: number;
  id: string;
  community: Community;
  position: LngLat;
  hotspot: Hotspot | null;
}

/** Detections per day at ×1 by type. */
const DAILY: Readonly<Record<DetectionType, number>> = {
  bike_parking: 700,
  street_vending: 450,
  umbrella: 150,
  exposed_garbage: 400,
  laundry: 150,
  illegal_parking: 500,
  uncovered_truck: 80,
  missing_manhole: 20,
};

// Hourly profiles (local hour 0–23): vending in the evening and at morning markets, bikes at the
// commute, trucks at night (渣土车 may only run then), laundry by day.
const PROFILE: Readonly<Record<DetectionType, readonly number[]>> = {
  bike_parking: [
    0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 2.0, 3.0, 2.0, 1.0, 0.8, 0.9, 0.8, 0.7, 0.8, 1.0, 1.8, 2.8,
    2.0, 1.0, 0.6, 0.3, 0.2,
  ],
  street_vending: [
    0.3, 0.1, 0.05, 0.05, 0.1, 0.5, 1.2, 1.4, 0.9, 0.5, 0.5, 0.9, 1.0, 0.6, 0.4, 0.5, 0.8, 1.6, 2.6,
    3.0, 2.8, 2.0, 1.2, 0.6,
  ],
  umbrella: [
    0, 0, 0, 0, 0, 0, 0.2, 0.5, 0.9, 1.4, 1.8, 2.0, 2.0, 2.0, 1.9, 1.6, 1.2, 0.8, 0.4, 0.2, 0.1, 0,
    0, 0,
  ],
  exposed_garbage: [
    0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 1.8, 1.6, 1.0, 0.7, 0.6, 0.7, 0.9, 0.7, 0.6, 0.6, 0.7, 0.9, 1.2,
    1.6, 1.8, 1.6, 1.2, 0.8,
  ],
  laundry: [
    0, 0, 0, 0, 0, 0.1, 0.4, 1.0, 1.6, 2.0, 2.2, 2.2, 2.0, 1.9, 1.8, 1.6, 1.2, 0.7, 0.3, 0.1, 0, 0,
    0, 0,
  ],
  illegal_parking: [
    0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1.2, 1.6, 1.4, 1.0, 1.2, 1.5, 1.0, 0.8, 0.9, 1.0, 1.3, 1.8,
    2.0, 1.8, 1.4, 1.0, 0.7,
  ],
  uncovered_truck: [
    2.5, 2.6, 2.4, 2.0, 1.4, 0.6, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2,
    0.3, 0.6, 1.4, 2.2, 2.5,
  ],
  missing_manhole: Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 21 ? 1.3 : 0.5)),
};

/** Share of each type that clusters at hotspots. */
const AT_HOTSPOT: Readonly<Record<DetectionType, number>> = {
  bike_parking: 0.6,
  street_vending: 0.7,
  umbrella: 0.6,
  exposed_garbage: 0.5,
  laundry: 0.25,
  illegal_parking: 0.5,
  uncovered_truck: 0,
  missing_manhole: 0,
};

/** Which violations each kind of site attracts. */
const AFFINITY: Readonly<Record<HotspotKind, Partial<Record<DetectionType, number>>>> = {
  market: {
    street_vending: 3,
    exposed_garbage: 3,
    umbrella: 2,
    bike_parking: 1,
    illegal_parking: 1,
    laundry: 0.5,
  },
  station: {
    bike_parking: 4,
    illegal_parking: 2,
    street_vending: 1,
    exposed_garbage: 0.5,
    umbrella: 0.5,
  },
  school: { street_vending: 2, illegal_parking: 3, bike_parking: 2, umbrella: 0.5 },
  commercial: {
    bike_parking: 2,
    street_vending: 2,
    umbrella: 2,
    exposed_garbage: 1,
    illegal_parking: 2,
    laundry: 1,
  },
  hospital: { illegal_parking: 4, street_vending: 1, bike_parking: 1, exposed_garbage: 0.5 },
};

/** Chance a detection becomes a ticket: cameras by type; patrols mostly report what they find. */
const TICKET_SHARE: Readonly<Record<DetectionType, number>> = {
  bike_parking: 0.08,
  street_vending: 0.18,
  umbrella: 0.1,
  exposed_garbage: 0.3,
  laundry: 0.1,
  illegal_parking: 0.12,
  uncovered_truck: 0.5,
  missing_manhole: 0.95,
};
const PATROL_TICKET_SHARE = 0.6;

/** The category a ticket raised from a detection is filed under (FUZHOU_DETECTION_TYPES's). */
const CATEGORY_OF: Readonly<Record<DetectionType, TicketCategory>> = {
  bike_parking: 'traffic',
  street_vending: 'sanitation',
  umbrella: 'sanitation',
  exposed_garbage: 'sanitation',
  laundry: 'sanitation',
  illegal_parking: 'traffic',
  uncovered_truck: 'environment',
  missing_manhole: 'municipal',
};
/** The same table, looked up by a feed's type id (undefined for one the simulator does not draw). */
export const DETECTION_CATEGORY: Readonly<Record<string, TicketCategory | undefined>> = CATEGORY_OF;

/** Extra detections per hour at ×1 across a district's hotspots at the peak of a surge. */
const SURGE_PER_HOUR = 60;
const SURGE_TYPES: readonly DetectionType[] = [
  'street_vending',
  'exposed_garbage',
  'bike_parking',
  'umbrella',
];

export interface DetectionPlan {
  id: string;
  type: DetectionType;
  source: 'camera' | 'patrol';
  camera: Camera | null;
  hotspot: Hotspot | null;
  community: Community;
  observedAt: number;
  positionHash: number;
  /** When handled on the spot, for detections that raise no ticket (null: still open). */
  handledAt: number | null;
  ticket: DetectionTicket | null;
  /** The recognition model's confidence (cameras), null for patrols. */
  confidence: number | null;
  /** Memo of the scattered position (t-independent). */
  position?: LngLat;
  /** The detection as last built, valid in [from, to). */
  view?: { item: Detection; from: number; to: number };
}

export interface DetectionTicket {
  id: string;
  category: TicketCategory;
  urgent: boolean;
  life: Lifecycle;
  textSeed: number;
  /** The ticket as last built (see tickets.ts). */
  view?: TicketView;
}

const STREAM = hashString('detections');
const LONG = hashString('detection-long');
const PROFILE_MEAN = Object.fromEntries(
  DETECTION_TYPES.map((type) => {
    let sum = 0;
    for (let i = 0; i < 144; i += 1) sum += hourly(PROFILE[type], (i + 0.5) / 6);
    return [type, sum / 144];
  }),
) as Record<DetectionType, number>;

const HOTSPOT_LABEL: Readonly<Record<HotspotKind, (c: Community, road: string) => string>> = {
  market: (c) => `${c.short.replace(/(社区|村)$/, '')}农贸市场`,
  station: (_c, road) => `${road}地铁站口`,
  school: (c) => `${c.short.replace(/(社区|村)$/, '')}小学门口`,
  commercial: (_c, road) => `${road}商业街`,
  hospital: (c) => `${c.street.short}医院周边`,
};

export interface DetectionWorld {
  cameras(): Camera[];
  hotspots(): Hotspot[];
  /** Plans of detections observed in a slot (base and incident-driven). */
  slot(slot: number): DetectionPlan[];
  /**
   * The plans of a slot that raised a ticket. With `old`, only those still open at t are needed
   * (the slot lies before the snapshot's window) and the slot may be compacted to them.
   */
  ticketed(slot: number, t: number, old: boolean): DetectionPlan[];
  snapshot(t: number): Detection[];
  position(plan: DetectionPlan): LngLat;
  /** Whether each camera is online (an offline camera detects nothing). */
  readonly cameraStatus: CameraStatus;
  /**
   * The slot's detections computed afresh, without touching the caches (for history series over
   * days the snapshots do not hold: they would push today's slots out).
   */
  uncachedSlot(slot: number): DetectionPlan[];
}

export function createDetectionWorld(
  places: Places,
  seed: number,
  scale: number,
  book: IncidentBook,
): DetectionWorld {
  let hotspotList: Hotspot[] | null = null;
  let cameraList: Camera[] | null = null;
  let patrolSampler: ReturnType<Places['sampler']> | null = null;
  const hotspotTables = new Map<DetectionType, { spots: Hotspot[]; table: AliasTable } | null>();
  // Enough for a few days of detections at the city's scale; more is recomputed when asked.
  const cache = new SlotCache<DetectionPlan>(Math.max(20_000, 12_000 * scale));
  const ticketCache = new SlotCache<DetectionPlan>(
    Math.max(20_000, 12_000 * scale),
    (p, t) => p.ticket !== null && closedAt(p.ticket.life) > t,
  );
  const surgeCache = new Map<number, Map<number, DetectionPlan[]>>();

  const hotspots = (): Hotspot[] => {
    if (hotspotList) return hotspotList;
    hotspotList = layout(places, seed, 'hotspots', scale).map((s: Sited, i) => {
      const kind = HOTSPOT_KINDS[s.h % HOTSPOT_KINDS.length] ?? 'market';
      const road = s.community.roads[(s.h >>> 4) % 2] ?? s.community.roads[0];
      return {
        id: `HS-${String(i + 1).padStart(3, '0')}`,
        name: HOTSPOT_LABEL[kind](s.community, road),
        kind,
        community: s.community,
        position: s.position,
        heat: 0.5 + ((s.h >>> 8) % 1000) / 666,
      };
    });
    return hotspotList;
  };

  const cameras = (): Camera[] => {
    if (cameraList) return cameraList;
    const spots = hotspots();
    const byDistrict = new Map<string, Hotspot[]>();
    for (const h of spots) {
      const list = byDistrict.get(h.community.district.code) ?? [];
      list.push(h);
      byDistrict.set(h.community.district.code, list);
    }
    // Each hotspot is watched by two of its district's cameras, moved onto the site.
    cameraList = layout(places, seed, 'cameras', scale).map((s) => {
      const local = byDistrict.get(s.community.district.code) ?? [];
      const spot = local[Math.floor(s.local / 2)] ?? null;
      if (!spot)
        return {
          index: s.index,
          id: sitedId('CAM', s),
          community: s.community,
          position: s.position,
          hotspot: null,
        };
      return {
        index: s.index,
        id: sitedId('CAM', s),
        community: spot.community,
        position: places.scatter(spot.community, hash(s.h, 2), 40, spot.position),
        hotspot: spot,
      };
    });
    return cameraList;
  };

  const cameraStatus = createCameraStatus(seed, cameras);
  const camerasAt = new Map<Hotspot, Camera[]>();
  let cameraTable: AliasTable | null = null;
  const cameraIndex = (): { list: Camera[]; table: AliasTable } => {
    const list = cameras();
    if (!cameraTable) {
      cameraTable = new AliasTable(list.map((c) => (c.hotspot ? 0.3 : 1)));
      for (const c of list)
        if (c.hotspot) camerasAt.set(c.hotspot, [...(camerasAt.get(c.hotspot) ?? []), c]);
    }
    return { list, table: cameraTable };
  };

  const hotspotTable = (type: DetectionType): { spots: Hotspot[]; table: AliasTable } | null => {
    const hit = hotspotTables.get(type);
    if (hit !== undefined) return hit;
    const spots = hotspots().filter((h) => (AFFINITY[h.kind][type] ?? 0) > 0);
    const entry =
      spots.length === 0
        ? null
        : {
            spots,
            table: new AliasTable(spots.map((h) => (AFFINITY[h.kind][type] ?? 0) * h.heat)),
          };
    hotspotTables.set(type, entry);
    return entry;
  };

  const patrol = (): ReturnType<Places['sampler']> => {
    patrolSampler ??= places.sampler(
      (c) => (c.district.population / c.district.communities.length) * (c.village ? 0.5 : 1.5),
    );
    return patrolSampler;
  };

  /** One detection's plan; `forced` pins it to a hotspot (surges). */
  /**
   * One detection's plan; `forced` pins it to a hotspot (surges). The ticket decision is drawn
   * before the location so that `onlyTicketed` can stop early with the same draws.
   */
  const plan = (
    id: string,
    rng: Rng,
    type: DetectionType,
    observedAt: number,
    forced: Hotspot | null,
    onlyTicketed: boolean,
    long: boolean,
  ): DetectionPlan | null => {
    const h = localHour(observedAt);
    const daytime = h >= 8 && h < 18;
    let hotspot: Hotspot | null = forced;
    if (!hotspot && rng.chance(AT_HOTSPOT[type])) {
      const t = hotspotTable(type);
      if (t) hotspot = t.spots[t.table.sample(rng)] ?? null;
    }
    const isPatrol = rng.chance(daytime ? 0.18 : 0.03);
    const { list, table } = cameraIndex();
    const watching = hotspot ? (camerasAt.get(hotspot) ?? []) : list;
    const source = isPatrol || watching.length === 0 ? 'patrol' : 'camera';
    const ticketed = rng.chance(source === 'camera' ? TICKET_SHARE[type] : PATROL_TICKET_SHARE);
    if (onlyTicketed && !ticketed) return null;
    let camera: Camera | null = null;
    let community: Community;
    if (hotspot) {
      community = hotspot.community;
      if (source === 'camera') camera = rng.pick(watching);
    } else if (source === 'patrol') {
      community = patrol().draw(rng);
    } else {
      camera = list[table.sample(rng)] as Camera;
      community = camera.community;
    }
    // An offline camera detects nothing (same draws either way, so tickets and detections agree).
    if (camera && cameraStatus.offlineSince(camera, observedAt) !== null) return null;
    const positionHash = rng.bits();
    let ticket: DetectionTicket | null = null;
    let handledAt: number | null = null;
    if (ticketed) {
      const reported =
        observedAt +
        Math.round((source === 'camera' ? rng.range(1, 5) : rng.range(2, 20)) * MINUTE);
      const category = CATEGORY_OF[type];
      const urgent = type === 'missing_manhole' || (type === 'uncovered_truck' && rng.chance(0.2));
      ticket = {
        id: ticketIdOf(id),
        category,
        urgent,
        textSeed: rng.bits(),
        life: planLifecycle(
          rng,
          reported,
          category,
          'report',
          urgent,
          source === 'camera' ? 'video' : 'grid',
          long,
        ),
      };
    } else if (rng.chance(source === 'patrol' ? 0.9 : 0.65)) {
      handledAt = observedAt + Math.round(rng.logNormal(50, 0.8) * MINUTE);
    }
    return {
      id,
      type,
      source,
      camera,
      hotspot,
      community,
      observedAt,
      positionHash,
      handledAt,
      ticket,
      // From the position's hash, not a new draw: the other draws stay as they were.
      confidence:
        source === 'camera'
          ? Math.round((0.62 + 0.37 * unit(hash(positionHash, 7))) * 100) / 100
          : null,
    };
  };

  /**
   * The slot's detections; `onlyTicketed` keeps those that raised a ticket, `longOnly` further
   * those whose ticket runs long (all that can be open SHORT_MAX after the slot).
   */
  const baseSlot = (slot: number, onlyTicketed: boolean, longOnly = false): DetectionPlan[] => {
    const start = slot * SLOT;
    const hour = localHour(start + SLOT / 2);
    const weekend = isWeekend(start);
    const out: DetectionPlan[] = [];
    const label = slotLabel(slot);
    let k = 0;
    DETECTION_TYPES.forEach((type, ti) => {
      const dayFactor =
        weekend && (type === 'bike_parking' || type === 'uncovered_truck')
          ? 0.6
          : weekend && type === 'street_vending'
            ? 1.2
            : 1;
      const lambda =
        ((DAILY[type] * scale * dayFactor) / 144) *
        (hourly(PROFILE[type], hour) / PROFILE_MEAN[type]);
      const n = new Rng(hash(seed, STREAM, slot, ti)).poisson(lambda);
      for (let i = 0; i < n; i += 1, k += 1) {
        const long = unit(hash(seed, LONG, slot, ti, i)) < P_LONG;
        if (longOnly && !long) continue;
        const rng = new Rng(hash(seed, STREAM, slot, ti, i + 1));
        const observedAt = start + rng.int(SLOT);
        const p = plan(
          `D-${label}-${String(k).padStart(4, '0')}`,
          rng,
          type,
          observedAt,
          null,
          onlyTicketed || longOnly,
          long,
        );
        if (p) out.push(p);
      }
    });
    return out;
  };

  const popUpSites = new Map<number, Hotspot | null>();
  const popUpSite = (incident: Incident): Hotspot | null => {
    const held = popUpSites.get(incident.key);
    if (held !== undefined) return held;
    const district = incident.district;
    const built = district.communities.filter((c) => c.street.urban && !c.village);
    const pool = built.length > 0 ? built : district.communities;
    const usual = hotspots().filter((h) => h.community.district === district);
    const cos = Math.cos((((pool[0]?.anchor[1] ?? 26) as number) * Math.PI) / 180);
    const gap = (c: Community) =>
      usual.reduce((min, h) => {
        const dx = (c.anchor[0] - h.position[0]) * cos;
        const dy = c.anchor[1] - h.position[1];
        return Math.min(min, dx * dx + dy * dy);
      }, Infinity);
    let best: Community | null = null;
    let bestGap = -1;
    for (const c of pool) {
      const g = gap(c);
      if (g > bestGap || (g === bestGap && best !== null && c.code < best.code))
        [best, bestGap] = [c, g];
    }
    let site: Hotspot | null = null;
    if (best) {
      const community = best;
      site = {
        id: `HS-T${incident.tag}`,
        name: `${community.short.replace(/(社区|村)$/, '')}临时集市`,
        kind: 'market',
        community,
        position: community.anchor,
        heat: 1,
      };
      // Watched by the street's two cameras nearest to it (patrols only where it has none).
      cameraIndex();
      const near = cameras()
        .filter((c) => c.community.street === community.street)
        .map((c) => ({
          c,
          d:
            (c.position[0] - community.anchor[0]) ** 2 + (c.position[1] - community.anchor[1]) ** 2,
        }))
        .sort((x, y) => x.d - y.d || x.c.index - y.c.index)
        .slice(0, 2)
        .map((x) => x.c);
      camerasAt.set(site, near);
    }
    popUpSites.set(incident.key, site);
    return site;
  };

  const surgeSlots = (incident: Incident): Map<number, DetectionPlan[]> => {
    let slots = surgeCache.get(incident.key);
    if (slots) return slots;
    slots = new Map();
    // A pop-up site flares up (a night market, a blocked pavement) in the district's built-up
    // community farthest from its usual hot spots: a place that is not a hot spot becomes a new
    // one, which is what the hot-spot method is there to show.
    const site = popUpSite(incident);
    const spots = site ? [site] : [];
    if (spots.length > 0) {
      const table = new AliasTable(spots.map((h) => h.heat));
      const first = slotOf(incident.start);
      for (let s = first; s * SLOT < incident.start + 3 * HOUR; s += 1) {
        const mid = Math.max(incident.start, s * SLOT) + SLOT / 2;
        const lambda = (SURGE_PER_HOUR * scale * SCRIPT.surge(mid - incident.start)) / 6;
        const n = new Rng(hash(seed, incident.key, s)).poisson(lambda);
        const list: DetectionPlan[] = [];
        for (let i = 0; i < n; i += 1) {
          const rng = new Rng(hash(seed, incident.key, s, i + 1));
          const spot = spots[table.sample(rng)] as Hotspot;
          const observedAt = Math.max(incident.start, s * SLOT) + rng.int(SLOT);
          const candidates = SURGE_TYPES.filter((ty) => (AFFINITY[spot.kind][ty] ?? 0) > 0);
          const type = candidates.length > 0 ? rng.pick(candidates) : 'street_vending';
          const p = plan(
            `D-${slotLabel(s)}-I${incident.tag}${String(i).padStart(3, '0')}`,
            rng,
            type,
            observedAt,
            spot,
            false,
            unit(hash(incident.key, s, i, 0x10)) < P_LONG,
          );
          if (p) list.push(p);
        }
        if (list.length > 0) slots.set(s, list);
      }
    }
    remember(surgeCache, incident.key, slots, 256);
    return slots;
  };

  const withSurges = (
    slot: number,
    base: DetectionPlan[],
    onlyTicketed: boolean,
  ): DetectionPlan[] => {
    const start = slot * SLOT;
    const surges = book
      .between(start - 3 * HOUR - SLOT, start + SLOT)
      .filter((i) => i.kind === 'hotspot-surge');
    if (surges.length === 0) return base;
    const extra = surges
      .flatMap((i) => surgeSlots(i).get(slot) ?? [])
      .filter((p) => !onlyTicketed || p.ticket !== null);
    return extra.length === 0 ? base : [...base, ...extra];
  };

  const slotPlans = (slot: number): DetectionPlan[] =>
    withSurges(
      slot,
      cache.get(slot, () => baseSlot(slot, false)),
      false,
    );

  // Tickets look back ten days but need only the detections that raised one, and from slots
  // before the snapshot's window only those still open at t.
  const ticketedPlans = (slot: number, t: number, old: boolean): DetectionPlan[] => {
    const compute = () => baseSlot(slot, true);
    // A detection's ticket is reported within 20 minutes; short ones close SHORT_MAX later.
    const shortDone = (slot + 1) * SLOT + 30 * MINUTE + SHORT_MAX;
    return withSurges(
      slot,
      old
        ? ticketCache.open(slot, t, compute, {
            floor: shortDone,
            compute: () => baseSlot(slot, true, true),
          })
        : ticketCache.get(slot, compute),
      true,
    );
  };

  const position = (p: DetectionPlan): LngLat => {
    if (p.position) return p.position;
    if (p.hotspot) return places.scatter(p.community, p.positionHash, 60, p.hotspot.position);
    if (p.camera) return places.scatter(p.community, p.positionHash, 50, p.camera.position);
    return places.scatter(p.community, p.positionHash);
  };

  /** The detection at t; reused until its status next changes (callers must not mutate it). */
  const item = (p: DetectionPlan, t: number): Detection => {
    const view = p.view;
    if (view && t >= view.from && t < view.to) return view.item;
    const reported = p.ticket ? p.ticket.life.reported : Infinity;
    const closed = p.ticket ? closedAt(p.ticket.life) : Infinity;
    const handled = p.handledAt ?? Infinity;
    const ticket = reported <= t ? p.ticket : null;
    const status = ticket
      ? closed <= t
        ? 'handled'
        : 'reported'
      : handled <= t
        ? 'handled'
        : 'new';
    const changes = [p.observedAt, reported, closed, handled];
    const c = p.community;
    p.position ??= position(p);
    const detection: Detection = {
      id: p.id,
      position: p.position,
      district: c.district.code,
      street: c.street.code,
      community: c.code,
      type: p.type,
      source: p.source,
      cameraId: p.camera ? p.camera.id : null,
      observedAt: p.observedAt,
      confidence: p.confidence,
      hotspot: p.hotspot ? p.hotspot.id : null,
      status,
      ticketId: ticket ? ticket.id : null,
    };
    p.view = {
      item: detection,
      from: Math.max(...changes.filter((x) => x <= t)),
      to: Math.min(...changes.filter((x) => x > t)),
    };
    return detection;
  };

  return {
    cameras,
    hotspots,
    cameraStatus,
    uncachedSlot: (slot) => withSurges(slot, baseSlot(slot, false), false),
    slot: slotPlans,
    ticketed: ticketedPlans,
    position,
    snapshot(t) {
      const from = localDayStart(t) - DAY;
      const out: Detection[] = [];
      for (let s = slotOf(from); s <= slotOf(t); s += 1) {
        for (const p of slotPlans(s)) {
          if (p.observedAt <= t) out.push(item(p, t));
        }
      }
      return out.sort(byId);
    },
  };
}

/** D-2511221030-0003 → T-2511221030-D0003: the ticket raised from a detection. */
export function ticketIdOf(detectionId: string): string {
  const [, label, rest] = detectionId.split('-');
  return `T-${label ?? ''}-D${rest ?? ''}`;
}

export const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

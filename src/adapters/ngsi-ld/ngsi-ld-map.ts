import type { DisplayProfile } from '@/config/config-schema';
import { computeAqi } from '@/domain/aqi';
import { cityTimeOf } from '@/domain/city-time';
import type { FeedName } from '@/domain/common';
import { noiseLimit, type NoiseZone } from '@/domain/noise';
import { SIGNAL_MODES } from '@/domain/signal';
import type { TicketChannel } from '@/domain/ticket';
import { classifyWater, WATER_PARAMETERS, type WaterValues } from '@/domain/water-quality';
import { isRecord } from '../common/http';
import { clip, ID_PATTERN, mappedProblem, textOf, type Mapped } from '../common/mapped-items';
import { placePosition, type PlaceFn } from '../common/placement';
import { parseStrictTime } from '../common/strict-time';
import { mapServiceRequest } from '../open311/open311-map';
import { entityType, numberOf, pointOf, shortId, unitCodeOf, valueOf } from './ngsi-ld-read';

export interface NgsiMapOptions {
  timeZone: string;
  profile: DisplayProfile;
  place: PlaceFn | undefined;
  /** GB 3096 zone of noise stations (NoiseLevelObserved carries none). */
  noiseZone: NoiseZone;
  channel: TicketChannel;
  limitHours: number;
}

/** The Open311 ServiceRequest model, under the names it is published with. */
export const SERVICE_REQUEST_TYPES = [
  'ServiceRequest',
  'Open311ServiceRequest',
  'service_requests',
];

/** The entity types each feed maps, and the types asked for when the options name none. */
export const FEED_TYPES: Readonly<Record<FeedName, readonly string[]>> = {
  sensors: ['AirQualityObserved', 'NoiseLevelObserved', 'WaterQualityObserved'],
  tickets: SERVICE_REQUEST_TYPES,
  detections: ['Alert'],
  signals: ['TrafficSignalController'],
};

type Entity = Record<string, unknown>;

/** One NGSI-LD entity → a candidate item of `feed` (validated by the feed's schema next). */
export function mapEntity(feed: FeedName, entity: unknown, options: NgsiMapOptions): Mapped {
  if (!isRecord(entity)) return mappedProblem(null, '(item)', 'invalid_type', 'not an entity');
  const urn = entity.id;
  const type = entityType(entity);
  if (typeof urn !== 'string' || urn === '')
    return mappedProblem(null, 'id', 'missing_id', 'missing');
  if (type === null) return mappedProblem(urn, 'type', 'missing_type', 'missing');
  if (!FEED_TYPES[feed].includes(type))
    return mappedProblem(
      urn,
      'type',
      'unsupported_type',
      `${clip(type, 40)} is not mapped to ${feed}`,
    );
  switch (type) {
    case 'AirQualityObserved':
      return mapAir(entity, urn, options);
    case 'NoiseLevelObserved':
      return mapNoise(entity, urn, options);
    case 'WaterQualityObserved':
      return mapWater(entity, urn, options);
    case 'Alert':
      return mapAlert(entity, urn, options);
    case 'TrafficSignalController':
      return mapSignal(entity, urn, options);
    default:
      return mapTicket(entity, urn, options);
  }
}

interface Common {
  id: string;
  position: [number, number];
  district: string;
  street: string;
  community: string;
  observedAt: number;
  averagingMs?: number;
}

/**
 * Id, place and time every reading has: observed at `dateObserved`, else the end of its window
 * (`dateObservedTo`), averaged over `dateObservedFrom`…`dateObservedTo` when both are given.
 */
function common(
  entity: Entity,
  urn: string,
  type: string,
  tag: string,
  options: NgsiMapOptions,
  timeField = 'dateObserved',
): Common | Mapped {
  const id = shortId(urn, type, tag);
  const point = pointOf(valueOf(entity, 'location'));
  const placed = placePosition(point?.[0], point?.[1], options.place);
  if (!placed.ok) return { ok: false, dropped: { id, ...placed.problem } };
  const time = (field: string): number | null | 'bad' => {
    const raw = valueOf(entity, field);
    if (raw === undefined || raw === null) return null;
    return parseStrictTime(raw, options.timeZone) ?? 'bad';
  };
  const fields = [timeField, 'dateObservedFrom', 'dateObservedTo'] as const;
  const [at, from, to] = fields.map(time);
  for (const [i, t] of [at, from, to].entries())
    if (t === 'bad') return mappedProblem(id, fields[i]!, 'invalid_time', 'not an ISO 8601 time');
  const observedAt =
    (to as number | null) ?? (at as number | null) ?? latestObservedAt(entity, options.timeZone);
  if (observedAt === 'bad')
    return mappedProblem(id, 'observedAt', 'invalid_time', 'not an ISO 8601 time');
  if (observedAt === null)
    return mappedProblem(id, timeField, 'missing_time', 'no time of observation');
  const window =
    typeof from === 'number' && typeof to === 'number' && to >= from ? to - from : undefined;
  return {
    id,
    position: placed.position,
    ...placed.codes,
    observedAt,
    ...(window === undefined ? {} : { averagingMs: window }),
  };
}

/**
 * The latest `observedAt` of the entity's attributes (the NGSI-LD core temporal property, which
 * brokers fed by IoT agents set instead of a `dateObserved` attribute).
 */
function latestObservedAt(entity: Entity, timeZone: string): number | null | 'bad' {
  let latest: number | null = null;
  for (const key of Object.keys(entity)) {
    const attr = entity[key];
    const raw = isRecord(attr) ? attr.observedAt : undefined;
    if (raw === undefined) continue;
    const t = parseStrictTime(raw, timeZone);
    if (t === null) return 'bad';
    if (latest === null || t > latest) latest = t;
  }
  return latest;
}

const isMapped = (c: Common | Mapped): c is Mapped => 'ok' in c;

function nameOf(entity: Entity, fallback: string): string {
  const name = textOf(valueOf(entity, 'name'));
  if (name) return clip(name, 80);
  const address = valueOf(entity, 'address');
  const street = isRecord(address) ? textOf(address.streetAddress) : null;
  return clip(street || fallback, 80);
}

// Molar masses for ppb/ppm → µg/m³ at 25 °C and 1 atm (24.45 L/mol).
const MOLAR_MASS: Readonly<Record<string, number>> = { no2: 46.01, so2: 64.07, o3: 48, co: 28.01 };

/**
 * A concentration in µg/m³ (mg/m³ for CO, as the domain has it) from its `unitCode`: GQ µg/m³,
 * GP mg/m³, 61 ppb, 59 ppm; without a unit, the Smart Data Model's default µg/m³. Undefined for
 * a unit we cannot convert.
 */
function concentration(entity: Entity, name: string): number | null | undefined {
  const value = numberOf(valueOf(entity, name));
  if (value === null) return null;
  const unit = unitCodeOf(entity, name) ?? 'GQ';
  const molar = MOLAR_MASS[name];
  let ug: number;
  if (unit === 'GQ') ug = value;
  else if (unit === 'GP') ug = value * 1000;
  else if ((unit === '61' || unit === '59') && molar !== undefined)
    ug = ((unit === '59' ? value * 1000 : value) * molar) / 24.45;
  else return undefined;
  return name === 'co' ? ug / 1000 : ug;
}

function mapAir(entity: Entity, urn: string, options: NgsiMapOptions): Mapped {
  const base = common(entity, urn, 'AirQualityObserved', 'air', options);
  if (isMapped(base)) return base;
  const values: Record<string, number | null> = {};
  for (const [ours, theirs] of [
    ['pm25', 'pm25'],
    ['pm10', 'pm10'],
    ['o3', 'o3'],
    ['no2', 'no2'],
    ['so2', 'so2'],
    ['co', 'co'],
  ] as const) {
    const v = concentration(entity, theirs);
    if (v === undefined)
      return mappedProblem(
        base.id,
        theirs,
        'unknown_unit',
        `unitCode ${clip(unitCodeOf(entity, theirs) ?? '', 12)} is not a concentration we convert`,
      );
    values[ours] = v;
  }
  const air = values as {
    pm25: number | null;
    pm10: number | null;
    o3: number | null;
    no2: number | null;
    so2: number | null;
    co: number | null;
  };
  const { aqi, primary } = computeAqi(air);
  return {
    ok: true,
    item: {
      ...base,
      kind: 'air',
      name: nameOf(entity, base.id),
      status: 'normal',
      values: air,
      aqi,
      primary,
    },
  };
}

function mapNoise(entity: Entity, urn: string, options: NgsiMapOptions): Mapped {
  const base = common(entity, urn, 'NoiseLevelObserved', 'noise', options);
  if (isMapped(base)) return base;
  const laeq = numberOf(valueOf(entity, 'LAeq'));
  if (laeq === null) return mappedProblem(base.id, 'LAeq', 'missing_value', 'no LAeq');
  const hour = cityTimeOf(options.timeZone).hourOfDay(
    base.observedAt - (base.averagingMs ?? 0) / 2,
  );
  return {
    ok: true,
    item: {
      ...base,
      kind: 'noise',
      name: nameOf(entity, base.id),
      status: 'normal',
      values: { laeq },
      zone: options.noiseZone,
      limit: noiseLimit(options.noiseZone, hour),
    },
  };
}

/**
 * Water indicators under our names or the Smart Data Model's: pH, O2 (dissolved oxygen), NH4
 * (ammonium, as N: × 14.007/18.038), PO4 (phosphate, as P: × 30.974/94.971); CODMn has no SDM
 * attribute and is read as `codMn` only.
 */
const WATER_SOURCES: Readonly<Record<keyof WaterValues, readonly [string, number][]>> = {
  ph: [
    ['ph', 1],
    ['pH', 1],
  ],
  do: [
    ['do', 1],
    ['O2', 1],
  ],
  codMn: [['codMn', 1]],
  nh3n: [
    ['nh3n', 1],
    ['NH4', 14.007 / 18.038],
  ],
  tp: [
    ['tp', 1],
    ['PO4', 30.974 / 94.971],
  ],
};

function mapWater(entity: Entity, urn: string, options: NgsiMapOptions): Mapped {
  const base = common(entity, urn, 'WaterQualityObserved', 'water', options);
  if (isMapped(base)) return base;
  const values = {} as WaterValues;
  for (const parameter of WATER_PARAMETERS) {
    let found: number | null = null;
    for (const [name, factor] of WATER_SOURCES[parameter]) {
      const v = numberOf(valueOf(entity, name));
      if (v !== null) {
        found = v * factor;
        break;
      }
    }
    if (found === null)
      return mappedProblem(base.id, parameter, 'missing_value', 'indicator not reported');
    values[parameter] = found;
  }
  return {
    ok: true,
    item: {
      ...base,
      kind: 'water',
      name: nameOf(entity, base.id),
      status: 'normal',
      values,
      waterClass: classifyWater(values).waterClass,
    },
  };
}

function mapTicket(entity: Entity, urn: string, options: NgsiMapOptions): Mapped {
  const record = new Map<string, unknown>();
  for (const key of Object.keys(entity)) {
    if (key === 'id' || key === 'type' || key === '@context') continue;
    const short = key.slice(Math.max(key.lastIndexOf('/'), key.lastIndexOf('#')) + 1);
    record.set(short, valueOf(entity, key));
  }
  if (record.get('service_request_id') === undefined) record.set('service_request_id', urn);
  const id = textOf(record.get('service_request_id')) ?? urn;
  // The same short id rule as other entities when the request id is a URN.
  if (!ID_PATTERN.test(id))
    record.set('service_request_id', shortId(urn, entityType(entity) ?? '', 'sr'));
  return mapServiceRequest(record, {
    timeZone: options.timeZone,
    channel: options.channel,
    limitHours: options.limitHours,
    profile: options.profile,
    place: options.place,
  });
}

/**
 * Alert (Smart Data Models, dataModel.Alert) → a detection: its `subCategory` (else `category`)
 * is the detection type; an `alertSource` that names a camera makes it a camera detection.
 */
function mapAlert(entity: Entity, urn: string, options: NgsiMapOptions): Mapped {
  const base = common(entity, urn, 'Alert', 'alert', options, 'dateIssued');
  if (isMapped(base)) return base;
  const type = textOf(valueOf(entity, 'subCategory')) || textOf(valueOf(entity, 'category'));
  if (!type) return mappedProblem(base.id, 'category', 'missing_value', 'no category');
  const source = textOf(valueOf(entity, 'alertSource')) ?? '';
  const camera = /camera/i.test(source);
  const { averagingMs: _, ...rest } = base;
  return {
    ok: true,
    item: {
      ...rest,
      type,
      source: camera ? 'camera' : 'patrol',
      cameraId: camera ? shortId(source, 'Camera', 'cam') : null,
      hotspot: null,
      status: 'new',
      ticketId: null,
    },
  };
}

/**
 * `TrafficSignalController`, our own entity type (no Smart Data Model exists for a signal
 * controller's state): attributes named as the signals item's fields (docs/adapters.md).
 */
function mapSignal(entity: Entity, urn: string, options: NgsiMapOptions): Mapped {
  const base = common(entity, urn, 'TrafficSignalController', 'sig', options);
  if (isMapped(base)) return base;
  const mode = textOf(valueOf(entity, 'mode'));
  if (!mode || !(SIGNAL_MODES as readonly string[]).includes(mode))
    return mappedProblem(base.id, 'mode', 'invalid_value', 'not a signal mode');
  const num = (name: string) => numberOf(valueOf(entity, name));
  const phases = valueOf(entity, 'phases');
  const { averagingMs: _, ...rest } = base;
  return {
    ok: true,
    item: {
      ...rest,
      name: nameOf(entity, base.id),
      mode,
      cycle: num('cycle'),
      phases: Array.isArray(phases) ? phases.map(numberOf) : [],
      flow: num('flow'),
      speed: num('speed'),
      queue: num('queue'),
      saturation: num('saturation'),
      delay: num('delay'),
      adjustment: num('adjustment') ?? 0,
    },
  };
}

import { computeAqi } from '@/domain/aqi';
import { cityTimeOf } from '@/domain/city-time';
import { noiseLimit, type NoiseZone } from '@/domain/noise';
import { classifyWater, WATER_PARAMETERS, type WaterValues } from '@/domain/water-quality';
import { isRecord, own } from '../common/http';
import { clip, mappedProblem, textOf, type Mapped } from '../common/mapped-items';
import { placePosition, type PlaceFn } from '../common/placement';
import { parseStrictTime } from '../common/strict-time';
import { numberOf, pointOf, shortId } from '../ngsi-ld/ngsi-ld-read';

export interface SensorThingsMapOptions {
  timeZone: string;
  place: PlaceFn | undefined;
  noiseZone: NoiseZone;
}

/**
 * Our indicator of a Datastream: its `properties.indicator`, else its ObservedProperty's or its
 * own name with everything but letters and digits removed (`PM2.5` → `pm25`, `NH3-N` → `nh3n`).
 */
const INDICATORS = new Map<string, string>([
  ['pm25', 'pm25'],
  ['pm10', 'pm10'],
  ['o3', 'o3'],
  ['ozone', 'o3'],
  ['no2', 'no2'],
  ['nitrogendioxide', 'no2'],
  ['so2', 'so2'],
  ['sulfurdioxide', 'so2'],
  ['co', 'co'],
  ['carbonmonoxide', 'co'],
  ['laeq', 'laeq'],
  ['ph', 'ph'],
  ['do', 'do'],
  ['dissolvedoxygen', 'do'],
  ['codmn', 'codMn'],
  ['nh3n', 'nh3n'],
  ['tp', 'tp'],
  ['totalphosphorus', 'tp'],
  ['depthcm', 'depthCm'],
  ['waterloggingdepth', 'depthCm'],
  ['displacementmm', 'displacementMm'],
]);
const AIR = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;

const keyOf = (text: unknown): string | undefined =>
  typeof text === 'string'
    ? INDICATORS.get(text.toLowerCase().replace(/[^a-z0-9]/g, ''))
    : undefined;

function indicatorOf(datastream: Record<string, unknown>): string | undefined {
  const properties = own(datastream, 'properties');
  const observed = own(datastream, 'ObservedProperty');
  return (
    keyOf(own(properties, 'indicator')) ??
    keyOf(own(observed, 'name')) ??
    keyOf(own(datastream, 'name'))
  );
}

/** µg/m³ from the unit's symbol (mg/m³ ×1,000); undefined for another unit. */
function airFactor(symbol: string): number | undefined {
  const s = symbol.replace(/\s/g, '').replace('μ', 'µ').replace('³', '3').toLowerCase();
  if (s === 'µg/m3' || s === 'ug/m3') return 1;
  if (s === 'mg/m3') return 1000;
  return undefined;
}

/** The end of a time or of an ISO 8601 interval (`start/end`). */
const timeOf = (value: unknown, timeZone: string): number | null | 'bad' => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return 'bad';
  const end = value.includes('/') ? value.slice(value.indexOf('/') + 1) : value;
  return parseStrictTime(end, timeZone) ?? 'bad';
};

/** A Thing with its Locations and Datastreams (each with its latest Observation) → a reading. */
export function mapThing(thing: unknown, options: SensorThingsMapOptions): Mapped {
  if (!isRecord(thing)) return mappedProblem(null, '(item)', 'invalid_type', 'not a Thing');
  const rawId = textOf(own(thing, '@iot.id'));
  if (!rawId) return mappedProblem(null, '@iot.id', 'missing_id', 'missing');
  const id = shortId(rawId, '', 'st');
  const locations = own(thing, 'Locations');
  const first: unknown = Array.isArray(locations) ? locations[0] : undefined;
  let geometry = own(first, 'location');
  if (isRecord(geometry) && own(geometry, 'type') === 'Feature')
    geometry = own(geometry, 'geometry');
  const point = pointOf(geometry);
  const placed = placePosition(point?.[0], point?.[1], options.place);
  if (!placed.ok) return { ok: false, dropped: { id, ...placed.problem } };

  const values = new Map<string, number>();
  let observedAt: number | null = null;
  const datastreams = own(thing, 'Datastreams');
  for (const [i, datastream] of (Array.isArray(datastreams) ? datastreams : []).entries()) {
    if (!isRecord(datastream)) continue;
    const indicator = indicatorOf(datastream);
    const observations = own(datastream, 'Observations');
    const latest: unknown = Array.isArray(observations) ? observations[0] : undefined;
    if (indicator === undefined || !isRecord(latest)) continue;
    const path = `Datastreams.${i}`;
    const at = timeOf(own(latest, 'resultTime') ?? own(latest, 'phenomenonTime'), options.timeZone);
    if (at === 'bad')
      return mappedProblem(id, `${path}.Observations.0`, 'invalid_time', 'not an ISO 8601 time');
    let value = numberOf(own(latest, 'result'));
    if (value === null) continue;
    if ((AIR as readonly string[]).includes(indicator)) {
      const symbol = textOf(own(own(datastream, 'unitOfMeasurement'), 'symbol')) ?? 'µg/m³';
      const factor = airFactor(symbol);
      if (factor === undefined)
        return mappedProblem(
          id,
          `${path}.unitOfMeasurement`,
          'unknown_unit',
          `${clip(symbol, 16)} is not a concentration we convert`,
        );
      value = (value * factor) / (indicator === 'co' ? 1000 : 1);
    }
    values.set(indicator, value);
    if (at !== null && (observedAt === null || at > observedAt)) observedAt = at;
  }
  if (observedAt === null)
    return mappedProblem(
      id,
      'Datastreams',
      'missing_value',
      'no observation of an indicator we know',
    );

  const base = {
    id,
    position: placed.position,
    ...placed.codes,
    name: clip(textOf(own(thing, 'name')) || id, 80),
    status: 'normal',
    observedAt,
  };
  if (AIR.some((k) => values.has(k))) {
    const air = Object.fromEntries(AIR.map((k) => [k, values.get(k) ?? null])) as Record<
      (typeof AIR)[number],
      number | null
    >;
    const { aqi, primary } = computeAqi(air);
    return { ok: true, item: { ...base, kind: 'air', values: air, aqi, primary } };
  }
  const laeq = values.get('laeq');
  if (laeq !== undefined) {
    const hour = cityTimeOf(options.timeZone).hourOfDay(observedAt);
    return {
      ok: true,
      item: {
        ...base,
        kind: 'noise',
        values: { laeq },
        zone: options.noiseZone,
        limit: noiseLimit(options.noiseZone, hour),
      },
    };
  }
  if (WATER_PARAMETERS.some((k) => values.has(k))) {
    const missing = WATER_PARAMETERS.find((k) => !values.has(k));
    if (missing) return mappedProblem(id, missing, 'missing_value', 'indicator not reported');
    const water = Object.fromEntries(
      WATER_PARAMETERS.map((k) => [k, values.get(k)!]),
    ) as WaterValues;
    return {
      ok: true,
      item: { ...base, kind: 'water', values: water, waterClass: classifyWater(water).waterClass },
    };
  }
  const depthCm = values.get('depthCm');
  if (depthCm !== undefined)
    return { ok: true, item: { ...base, kind: 'waterlogging', values: { depthCm } } };
  const displacementMm = values.get('displacementMm');
  if (displacementMm !== undefined)
    return { ok: true, item: { ...base, kind: 'slope', values: { displacementMm } } };
  return mappedProblem(id, 'Datastreams', 'missing_value', 'no indicator we know');
}

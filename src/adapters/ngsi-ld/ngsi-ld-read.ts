import { isRecord, own } from '../common/http';

/**
 * Reading NGSI-LD entities in either representation: normalized (`{"type": "Property", "value":
 * …}`, `{"type": "Relationship", "object": …}`, `{"type": "GeoProperty", "value": …}`) and
 * keyValues (the value itself). Attribute names may arrive compacted (`no2`) or expanded against
 * a context the broker did not know (`https://smartdatamodels.org/dataModel.Environment/no2`).
 */

/** The last segment of an expanded term: `https://…/dataModel.Environment/no2` → `no2`. */
export const shortTerm = (term: string): string =>
  term.slice(Math.max(term.lastIndexOf('/'), term.lastIndexOf('#')) + 1);

/** The raw attribute by its short name, compacted or expanded. */
export function attribute(entity: Record<string, unknown>, name: string): unknown {
  const direct = own(entity, name);
  if (direct !== undefined) return direct;
  for (const key of Object.keys(entity))
    if (key.length > name.length && shortTerm(key) === name && key.includes('/'))
      return entity[key];
  return undefined;
}

const ATTRIBUTE_TYPES = new Set(['Property', 'GeoProperty', 'Relationship', 'LanguageProperty']);

/** An attribute's value (a Relationship's object), `@value` of a typed literal unwrapped. */
export function valueOf(entity: Record<string, unknown>, name: string): unknown {
  let raw = attribute(entity, name);
  // A multi-attribute (several datasetIds): the default instance, else the first.
  if (Array.isArray(raw) && raw.every((r) => isRecord(r) && ATTRIBUTE_TYPES.has(String(r.type))))
    raw = raw.find((r: Record<string, unknown>) => r.datasetId === undefined) ?? raw[0];
  if (isRecord(raw)) {
    const type = shortTerm(String(own(raw, 'type') ?? ''));
    if (ATTRIBUTE_TYPES.has(type)) {
      const attr = raw;
      raw = type === 'Relationship' ? own(attr, 'object') : own(attr, 'value');
      if (raw === undefined && type === 'LanguageProperty') raw = own(attr, 'languageMap');
    }
  }
  if (isRecord(raw) && own(raw, '@value') !== undefined) return own(raw, '@value');
  return raw;
}

/** The `unitCode` (UN/CEFACT) of a normalized Property, or null. */
export function unitCodeOf(entity: Record<string, unknown>, name: string): string | null {
  const raw = attribute(entity, name);
  const unit = isRecord(raw) ? own(raw, 'unitCode') : undefined;
  return typeof unit === 'string' ? unit : null;
}

/** A finite number (numeric strings included), or null. */
export function numberOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** The entity's type, short. */
export function entityType(entity: Record<string, unknown>): string | null {
  const type = own(entity, 'type');
  if (typeof type === 'string') return shortTerm(type);
  // An entity of several types (NGSI-LD 1.5): the first.
  if (Array.isArray(type) && typeof type[0] === 'string') return shortTerm(type[0]);
  return null;
}

/** A representative point of a GeoJSON geometry: a Point, or the middle vertex of a line. */
export function pointOf(geometry: unknown): [unknown, unknown] | null {
  if (!isRecord(geometry)) return null;
  const coordinates = own(geometry, 'coordinates');
  const type = own(geometry, 'type');
  if (!Array.isArray(coordinates)) return null;
  if (type === 'Point') return [coordinates[0], coordinates[1]];
  if (type === 'LineString' && coordinates.length > 0) {
    const mid: unknown = coordinates[Math.floor((coordinates.length - 1) / 2)];
    return Array.isArray(mid) ? [mid[0], mid[1]] : null;
  }
  return null;
}

/**
 * A short id for an NGSI-LD URN: `urn:ngsi-ld:AirQualityObserved:X` → `air:X` (the tag of our
 * kind, so two types' X stay apart); one that is still too long or has other characters becomes
 * `air.<hash>` (a dot, so it never meets a kept id), stable and unique for practical purposes.
 */
export function shortId(urn: string, type: string, tag: string): string {
  let rest = urn.startsWith('urn:ngsi-ld:') ? urn.slice('urn:ngsi-ld:'.length) : urn;
  if (rest.startsWith(`${type}:`)) rest = rest.slice(type.length + 1);
  const id = `${tag}:${rest}`;
  return /^[\w.:-]{1,64}$/.test(id) ? id : `${tag}.${hash(urn)}`;
}

/** 2 × 32-bit FNV-1a, base 36. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

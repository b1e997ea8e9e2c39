// What a sensor's item object says that does not depend on the moment of a build: its fields read
// once into one shape (the feed's items have many: five kinds, optional keys), its codes, and its
// derived meaning under the rules. The feed store replaces an item's object when it changes, so a
// record per object holds while the object does: a build reads the records, not the items (at a
// hundred thousand sensors, reading each item's own fields, by kind, was most of a build).
import type { SensorReading } from '@/domain/sensor';
import {
  derive,
  mapKindOf,
  periodOf,
  stateClock,
  stateCodeAt,
  type Derived,
  type Rules,
} from './readings';
import type { EnvironmentSettings } from './settings';

/** COUNT_KINDS order: air, water, noise, waterlogging, slope. */
export const K_AIR = 0;
export const K_WATER = 1;
export const K_NOISE = 2;
export const K_WATERLOGGING = 3;
export const K_SLOPE = 4;

const kindCode = (kind: SensorReading['kind']): number =>
  kind === 'air'
    ? K_AIR
    : kind === 'water'
      ? K_WATER
      : kind === 'noise'
        ? K_NOISE
        : kind === 'waterlogging'
          ? K_WATERLOGGING
          : K_SLOPE;

export class SensorRecord {
  readonly item: SensorReading;
  readonly id: string;
  readonly district: string;
  readonly street: string;
  readonly community: string;
  readonly kind: number;
  readonly mapKind: number;
  /** The source says it is offline. */
  readonly offline: boolean;
  readonly observedAt: number;
  /** Reporting period, ms (`periodOf`). */
  readonly period: number;
  readonly x: number;
  readonly y: number;
  /** The rules `derived` was computed under (null: not yet). */
  rules: Rules | null = null;
  derived: Derived | null = null;
  /** The map's level code when online (see `levelCode` in environment-view.ts). */
  level = 0;
  /** The station's AQI (air), null without one. */
  aqi: number | null = null;
  /** H3 cells by resolution, [resolution, cell, …] (the surface's). */
  cells: (number | string)[] = [];

  constructor(r: SensorReading) {
    this.item = r;
    this.id = r.id;
    this.district = r.district;
    this.street = r.street;
    this.community = r.community;
    this.kind = kindCode(r.kind);
    this.mapKind = mapKindOf(r);
    this.offline = r.status === 'offline';
    this.observedAt = r.observedAt;
    this.period = periodOf(r);
    this.x = r.position[0];
    this.y = r.position[1];
  }
}

const records = new WeakMap<SensorReading, SensorRecord>();

/** The record of an item object, its derived meaning computed under `rules`. */
export function sensorRecord(r: SensorReading, rules: Rules): SensorRecord {
  let rec = records.get(r);
  if (rec === undefined) records.set(r, (rec = new SensorRecord(r)));
  if (rec.rules !== rules) {
    const d = derive(r, rules);
    rec.derived = d;
    rec.rules = rules;
    rec.aqi = d.aqi?.aqi ?? null;
    rec.level =
      rec.kind === K_AIR
        ? (d.aqi?.level ?? 0)
        : rec.kind === K_WATER
          ? (d.water?.waterClass ?? 0)
          : d.level;
  }
  return rec;
}

/** STATE_CODE of `stateOf`'s states. */
export const S_ONLINE = 0;
export const S_STALE = 1;
export const S_OFFLINE = 2;
export const S_OUT_OF_RANGE = 3;

export { stateClock };

/** `stateOf` (readings.ts) from a record, as a STATE_CODE: `stateCodeAt` on its figures. */
export function recordState(
  rec: SensorRecord,
  plausible: boolean,
  now: number,
  generatedAt: number,
  s: EnvironmentSettings['sensors'],
): number {
  return stateCodeAt(rec.offline, rec.period, rec.observedAt, plausible, now, generatedAt, s);
}

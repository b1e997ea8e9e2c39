// Sensor items and contexts for the environment scenario's tests.
import { cityTimeOf } from '@/domain/city-time';
import type { SensorReading } from '@/domain/sensor';
import { contextAt, type ViewInput, inputOf } from '@/feeds/view-builder';
import type { EnvironmentContext } from './environment-view';
import { rulesOf } from './readings';
import { DEFAULT_SETTINGS, type EnvironmentSettings } from './settings';

/** Thursday 19 November 2026, 10:00 in Fuzhou. */
export const T = Date.UTC(2026, 10, 19, 2, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const time = cityTimeOf('Asia/Shanghai');

const placed = (n: number, district = '350102') => ({
  position: [119.29 + n * 0.001, 26.08 + n * 0.0005] as [number, number],
  district,
  street: `${district}001`,
  community: `${district}001001`,
});

type Kind = SensorReading['kind'];
let counter = 0;

/** A sensor of a kind, reading now, at its kind's period; any field overridable. */
export function sensor<K extends Kind>(
  kind: K,
  overrides: Partial<Extract<SensorReading, { kind: K }>> & { id?: string } = {},
  district = '350102',
): Extract<SensorReading, { kind: K }> {
  counter += 1;
  const base = {
    id: `${kind}-${counter}`,
    name: `${kind} ${counter}`,
    status: 'normal' as const,
    observedAt: T - MIN,
    ...placed(counter, district),
  };
  const byKind = {
    air: {
      kind: 'air',
      periodMs: HOUR,
      averagingMs: HOUR,
      network: 'national',
      values: { pm25: 30, pm10: 50, o3: 60, no2: 20, so2: 8, co: 0.6 },
      aqi: null,
      primary: null,
    },
    water: {
      kind: 'water',
      periodMs: HOUR,
      averagingMs: 0,
      values: { ph: 7, do: 6.5, codMn: 3, nh3n: 0.3, tp: 0.08 },
      waterClass: 2,
    },
    noise: {
      kind: 'noise',
      periodMs: 5 * MIN,
      averagingMs: 5 * MIN,
      values: { laeq: 55 },
      zone: '2',
      limit: 60,
    },
    waterlogging: {
      kind: 'waterlogging',
      periodMs: 2 * MIN,
      averagingMs: 0,
      values: { depthCm: 0 },
    },
    slope: { kind: 'slope', periodMs: HOUR, averagingMs: 0, values: { displacementMm: 5 } },
  }[kind];
  return { ...base, ...byKind, ...overrides } as unknown as Extract<SensorReading, { kind: K }>;
}

export function context(
  now = T,
  settings: EnvironmentSettings = DEFAULT_SETTINGS,
): EnvironmentContext & { boundaries: number[] } {
  return {
    ...contextAt(now, time),
    version: 1,
    revision: 1,
    generatedAt: now,
    droppedLast: 0,
    droppedTotal: 0,
    rules: rulesOf(settings, time),
  };
}

/** A view input whose optional endpoints answer from a map `path?query` → body. */
export function inputWith(
  items: SensorReading[],
  resources: Record<string, unknown> = {},
  generatedAt = T,
): ViewInput {
  return {
    ...inputOf({ sensors: items }, { sensors: { generatedAt } }),
    resource: (_feed, path, query = {}) => {
      const key = `${path}?${new URLSearchParams(query).toString()}`;
      return key in resources ? resources[key] : undefined;
    },
  };
}

export const resourceKey = (path: string, query: Record<string, string>) =>
  `${path}?${new URLSearchParams(query).toString()}`;

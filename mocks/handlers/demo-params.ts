import { parseFaultList, type FaultAssignment } from './faults';
import { clampSpeed } from './sim-clock';

/** The demo's URL parameters (docs/demo.md). */
export interface DemoParams {
  seed: number;
  /** Sim ms per real ms, 1…600. */
  speed: number;
  /** Entity-count multiplier, 1…100. */
  scale: number;
  /** Sim time at page load, epoch ms. */
  start: number;
  paused: boolean;
  faults: FaultAssignment[];
  hostile: boolean;
  /** Play the demo incident script on a loop. */
  incidents: boolean;
}

export const DEMO_DEFAULTS = { seed: 42, speed: 60, scale: 1 } as const;

/**
 * Reads `?seed=42&speed=60&scale=1&start=2026-11-22T08:00+08:00&paused=1&fault=tickets:down&hostile=1&incidents=0`.
 * A bad value falls back to its default with a warning: a typo in a demo URL should not blank the demo.
 */
export function parseDemoParams(
  search: URLSearchParams,
  realNow: number = Date.now(),
): { params: DemoParams; warnings: string[] } {
  const warnings: string[] = [];
  const number = (name: string, fallback: number, ok: (value: number) => boolean): number => {
    const raw = search.get(name);
    if (raw === null || raw === '') return fallback;
    const value = Number(raw);
    if (Number.isFinite(value) && ok(value)) return value;
    warnings.push(`?${name}=${raw} ignored`);
    return fallback;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = search.get(name);
    if (raw === null) return fallback;
    if (['1', 'true', 'yes', 'on', ''].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    warnings.push(`?${name}=${raw} ignored`);
    return fallback;
  };

  const faults: FaultAssignment[] = [];
  for (const spec of search.getAll('fault')) {
    try {
      faults.push(...parseFaultList(spec));
    } catch (error) {
      warnings.push(error instanceof Error ? error.message : String(error));
    }
  }

  const params: DemoParams = {
    seed: number('seed', DEMO_DEFAULTS.seed, Number.isSafeInteger),
    speed: clampSpeed(number('speed', DEMO_DEFAULTS.speed, (v) => v > 0)),
    scale: number('scale', DEMO_DEFAULTS.scale, (v) => v >= 1 && v <= 100),
    start: parseStart(search.get('start'), realNow, warnings),
    paused: flag('paused', false),
    faults,
    hostile: flag('hostile', false),
    incidents: flag('incidents', true),
  };
  return { params, warnings };
}

function parseStart(raw: string | null, realNow: number, warnings: string[]): number {
  // Whole minutes, so two page loads in the same minute show the same city.
  const fallback = Math.floor(realNow / 60_000) * 60_000;
  if (raw === null || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isSafeInteger(value) && value >= 0) return value;
  warnings.push(`?start=${raw} ignored`);
  return fallback;
}

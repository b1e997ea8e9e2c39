// One intersection's high-resolution event log, on demand (the drawer's), expanded from the same
// cycle runs that give the feed its 15-minute bins; and the detector configuration to read it with.
import type { HiResEvent, SignalConfig } from '../../src/features/traffic/hi-res';
import {
  CycleEngine,
  PASS_MS,
  PERIOD_MS,
  RED_CLEARANCE_MS,
  YELLOW_MS,
  type CycleSink,
  type EngineSite,
  type PeriodPlan,
} from './signal-cycles';

/** The configuration a central system holds for the intersection. */
export function engineConfig(site: EngineSite, saturationFlows: readonly number[]): SignalConfig {
  return {
    cyclePhase: site.phases[0]?.number ?? 1,
    phases: site.phases.map((p, i) => ({
      phase: p.number,
      approaches: [...p.approaches],
      yellow: YELLOW_MS / 1000,
      redClearance: RED_CLEARANCE_MS / 1000,
      saturationFlow: saturationFlows[i] ?? 0,
    })),
    detectors: site.phases.flatMap((p) =>
      p.approaches.flatMap((approach, a) => [
        {
          channel: p.advance[a] ?? 0,
          phase: p.number,
          approach,
          kind: 'advance' as const,
          lead: site.leadMs / 1000,
        },
        {
          channel: p.stopbar[a] ?? 0,
          phase: p.number,
          approach,
          kind: 'stopbar' as const,
          lead: 0,
        },
      ]),
    ),
  };
}

/** The order `cleanLog` sorts in: ties by code rank, then code, then parameter. */
const RANK = new Map([
  [11, 0],
  [9, 1],
  [4, 2],
  [5, 2],
  [6, 2],
  [8, 3],
  [10, 4],
  [1, 5],
  [81, 6],
  [82, 7],
]);
const rank = (code: number): number => RANK.get(code) ?? 8;
export const compareEvents = (a: HiResEvent, b: HiResEvent): number =>
  a[0] - b[0] || rank(a[1]) - rank(b[1]) || a[1] - b[1] || a[2] - b[2];

/**
 * Events with `from ≤ t < to`, sorted, as the controller logs them: runs the periods that
 * reach into the window. `keep` drops events a lossy link loses.
 */
export function expandEvents(
  site: EngineSite,
  planOf: (period: number) => PeriodPlan,
  periodOf: (t: number) => number,
  from: number,
  to: number,
  keep?: (event: HiResEvent) => boolean,
): HiResEvent[] {
  const out: HiResEvent[] = [];
  const occupied = new Map<number, [number, number][]>();
  const push = (e: HiResEvent): void => {
    if (e[0] >= from && e[0] < to && (keep === undefined || keep(e))) out.push(e);
  };
  const sink: CycleSink = {
    record: () => undefined,
    skip: () => undefined,
    ran: () => undefined,
    events: {
      phase: (t, code, phase) => push([t, code, phase]),
      pass: (on, channel) => {
        push([on, 82, channel]);
        push([on + PASS_MS, 81, channel]);
      },
      occupied: (a, b, channel) => {
        let list = occupied.get(channel);
        if (!list) {
          list = [];
          occupied.set(channel, list);
        }
        list.push([a, b]);
      },
    },
  };
  const engine = new CycleEngine(site, sink, planOf);
  // A period's records close at the next period's first greens: the one before `from` reaches in.
  for (let p = periodOf(from) - 1; p <= periodOf(to - 1); p += 1) engine.runPeriod(p);
  for (const [channel, list] of occupied) {
    list.sort((x, y) => x[0] - y[0]);
    let a = Number.NaN;
    let b = Number.NaN;
    for (const [s, e] of list) {
      if (Number.isNaN(a)) {
        a = s;
        b = e;
      } else if (s <= b) b = Math.max(b, e);
      else {
        push([a, 82, channel]);
        push([b, 81, channel]);
        a = s;
        b = e;
      }
    }
    if (!Number.isNaN(a)) {
      push([a, 82, channel]);
      push([b, 81, channel]);
    }
  }
  return out.sort(compareEvents);
}

export const periodIndex = (t: number, offset: number): number =>
  Math.floor((t - offset) / PERIOD_MS);

// The signal cycle engine: runs one intersection's controller through a 15-minute plan period,
// cycle by cycle and phase by phase, drawing arrivals per approach and window. The same run
// feeds the feed's 15-minute bins (records only) and the hi-res event log of the drawer (records
// and events), so the figures of one equal the measures of the other.
//
// Stateless by construction: a period is a function of its plan, its neighbours' plans and hashed
// draws. Each period's first cycle starts from the previous period's last cycle, which runs the
// programmed splits exactly (a plan transition), and whose left-over queue comes from the
// demand model, not from the cycles before it; so no period depends on more than its neighbours.
//
// Shape of a cycle (c_k = start of the cycle): phases 2…n in order, each gapping out or running to
// its split, then phase 1, the coordinated phase, which takes the time left until its yield point
// at c_{k+1} − yellow − red clearance (early return to green).
import type { Approach } from '../../src/features/traffic/hi-res';
import type { PhaseCycle, Termination } from '../../src/features/traffic/measures';
import { mix32 as mix32Export, unit as unitExport } from './prng';

// Local bindings: called millions of times, they skip the module-namespace indirection some
// loaders (tsx) put on each imported call.
const mix32 = mix32Export;
const unit = unitExport;

export const PERIOD_MS = 900_000;
export const YELLOW_MS = 3000;
export const RED_CLEARANCE_MS = 2000;
/** Yellow and red clearance of each phase: the time a cycle loses per phase. */
export const CHANGE_MS = YELLOW_MS + RED_CLEARANCE_MS;
export const MIN_GREEN_MS = 8000;
/** An actuated phase ends this long after its queue has cleared (the passage time). */
export const GAP_MS = 3000;
/** Start-up lost time before a queue discharges at saturation flow. */
export const STARTUP_MS = 2000;
/**
 * A queue discharging over a stop-bar zone, one vehicle every 2 s: the zone is occupied 1.3 s of
 * each 2 s while the queue moves off, and 1.85 s while a queue that will not clear creeps up.
 */
export const DISCHARGE_PERIOD_MS = 2000;
export const DISCHARGE_ON_MS = 1300;
export const SATURATED_ON_MS = 1850;
/** A vehicle passing a detector without stopping occupies it this long. */
export const PASS_MS = 400;
/** Arrivals in a window are spread at least this far apart (one detector per approach). */
export const MIN_HEADWAY_MS = 600;

export type Control = 'fixed' | 'actuated' | 'adaptive' | 'manual';

export interface EnginePhase {
  /** Phase number in the log (1…n; 1 is the coordinated phase). */
  number: number;
  approaches: Approach[];
  /** Advance and stop-bar detector channel per approach. */
  advance: number[];
  stopbar: number[];
}

export interface EngineSite {
  key: number;
  phases: EnginePhase[];
  /** Advance detector to stop bar, ms. */
  leadMs: number;
}

/** Multipliers on one approach's arrivals and discharge at a time (crashes, their downstream). */
export type ApproachFactor = (phase: number, approach: number, t: number) => number;

export interface Move {
  /** Phase indexes (0-based): green moved from one to the other, whole seconds. */
  from: number;
  to: number;
  seconds: number;
}

/** What the world decides for one period of one intersection. */
export interface PeriodPlan {
  period: number;
  start: number;
  end: number;
  /** Null while the controller is dark (flashing, fault) or unreachable (offline). */
  control: Control | null;
  /** Cycles in the period (each L / n long, to the ms). */
  n: number;
  /** Green per phase, ms; phase 1's (index 0) is what each cycle leaves it. */
  greens: number[];
  move: Move | null;
  /** Cycles run while they end by this time (a fault or outage starting mid-period). */
  darkFrom: number;
  /** Per phase and approach (index 2i + a): arrival rate in green and otherwise, veh/ms. */
  lambdaGreen: Float64Array;
  lambdaOther: Float64Array;
  /** Discharge rate of a queue, veh/ms. */
  saturation: Float64Array;
  /** Queue left over at the end of the period's last cycle (from the demand model). */
  overflow: Int32Array;
  /** Multiplier on arrivals, and on discharge (1 when nothing happens). */
  demandFactor: ApproachFactor | null;
  dischargeFactor: ApproachFactor | null;
}

export interface CycleSink {
  /** A closed phase cycle (the object is reused: copy what you keep). */
  record(phaseIndex: number, cycle: Readonly<PhaseCycle>, period: number): void;
  /** A phase not served in the controller cycle that began at `at` (phase 1's begin green). */
  skip(phaseIndex: number, at: number): void;
  /** A cycle ran over [from, to). */
  ran(from: number, to: number): void;
  /** Hi-res events, only when asked for. */
  events?: {
    phase(t: number, code: number, phase: number): void;
    /** A vehicle over an advance detector: on at `on`, off 400 ms later. */
    pass(on: number, channel: number): void;
    /** A stop-bar detector on over [from, to) (intervals may touch; the caller merges them). */
    occupied(from: number, to: number, channel: number): void;
  };
}

export const cycleStart = (plan: PeriodPlan, k: number): number =>
  plan.start + Math.floor((k * (plan.end - plan.start)) / plan.n);

/** Whether the plan's last cycle (the transition) ran to its end. */
export const ranToEnd = (plan: PeriodPlan): boolean =>
  plan.control !== null && plan.end <= plan.darkFrom;

/** Whether the plan's first cycle ran to its end. */
const firstCycleRuns = (plan: PeriodPlan): boolean =>
  plan.control !== null && cycleStart(plan, 1) <= plan.darkFrom;

const W_GREEN = 0;
const W_YELLOW = 1;
const W_MANUAL = 2;
const W_RED = 3;

/** The key of one window of a record's draws (one record key, hashed once per record). */
const windowKey = (record: number, approach: number, window: number): number =>
  mix32(record ^ Math.imul(approach * 64 + window + 1, 0x9e3779b1));

/** Poisson draw by inversion from one uniform (normal approximation for large means). */
export function poisson(lambda: number, u: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 10) {
    // Normal approximation from one uniform (the logistic quantile scaled to unit variance).
    const v = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
    const z = Math.log(v / (1 - v)) * 0.5513;
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  let k = 0;
  let p = Math.exp(-lambda);
  let f = p;
  while (u > f && k < 400) {
    k += 1;
    p *= lambda / k;
    f += p;
  }
  return k;
}

/**
 * Where the `j`th of `n` arrivals in [a, b) falls, ms: evenly spread, with jitter that cancels in
 * pairs (so their times sum to n·a + h·n²). Needs n ≤ (b − a) / MIN_HEADWAY_MS.
 */
export function arrivalAt(a: number, b: number, n: number, j: number, u: number): number {
  const h = Math.floor((b - a) / (2 * n));
  const pair = Math.min(j, n - 1 - j);
  let e = 0;
  if (pair !== n - 1 - pair) {
    const x = u + pair * 0.6180339887;
    e = Math.floor(0.3 * h * (2 * (x - Math.floor(x)) - 1));
    if (j > pair) e = -e;
  }
  return a + h * (2 * j + 1) + e;
}

/** The sum of the `n` arrival times in [a, b) (the jitter cancels in pairs). */
export function arrivalSum(a: number, b: number, n: number): number {
  if (n <= 0) return 0;
  const h = Math.floor((b - a) / (2 * n));
  return n * a + h * n * n;
}

/** Index of the first of the `n` arrivals in [a, b) at or after `d` (n when none). */
export function firstArrivalFrom(a: number, b: number, n: number, u: number, d: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arrivalAt(a, b, n, mid, u) >= d) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Arrivals a window can hold with one detector per approach. */
export const capacityOf = (ms: number): number => Math.max(0, Math.floor(ms / MIN_HEADWAY_MS));

interface Approachstate {
  /** Red arrivals so far, the sum of their times, the first one. */
  red: number;
  sumRed: number;
  firstRed: number;
  segStart: number;
  segments: number;
  /** Vehicles carried into the next green (left over, or the transition's overflow). */
  carry: number;
  /** The stop bar stays occupied from the end of yellow (a queue left over). */
  onFromYellowEnd: boolean;
  /** End of the last vehicle passing in yellow (−∞ if none). */
  yellowPassEnd: number;
  greenOccupancy: number;
}

interface PhaseState {
  open: boolean;
  /** Opened by another period (its events and record belong there). */
  virtual: boolean;
  plan: PeriodPlan | null;
  period: number;
  cycle: number;
  /** Hash of (site, period, cycle, phase): the record's draws derive from it. */
  key: number;
  start: number;
  greenEnd: number;
  yellowEnd: number;
  termination: Termination;
  arrivalsGreen: number;
  arrivalsYellow: number;
  approaches: Approachstate[];
}

const newApproach = (): Approachstate => ({
  red: 0,
  sumRed: 0,
  firstRed: Number.POSITIVE_INFINITY,
  segStart: 0,
  segments: 0,
  carry: 0,
  onFromYellowEnd: false,
  yellowPassEnd: Number.NEGATIVE_INFINITY,
  greenOccupancy: 0,
});

export class CycleEngine {
  private readonly phases: PhaseState[];
  private readonly record: PhaseCycle = {
    phase: 0,
    start: 0,
    greenEnd: 0,
    yellowEnd: 0,
    end: 0,
    termination: 'none',
    arrivalsGreen: 0,
    arrivalsYellow: 0,
    arrivalsRed: 0,
    delay: 0,
    greenOccupancy: null,
    redOccupancy: null,
    splitFailure: false,
  };
  private refGreen = 0;
  private readonly queue = [0, 0];
  /** Phases in cycle order: 2…n, then 1. */
  private readonly sequence: number[];
  private green = 0;
  private termination: Termination = 'none';

  constructor(
    private readonly site: EngineSite,
    private readonly sink: CycleSink,
    private readonly planOf: (period: number) => PeriodPlan,
  ) {
    this.phases = site.phases.map(() => ({
      open: false,
      virtual: false,
      plan: null,
      period: 0,
      cycle: 0,
      key: 0,
      start: 0,
      greenEnd: 0,
      yellowEnd: 0,
      termination: 'none',
      arrivalsGreen: 0,
      arrivalsYellow: 0,
      approaches: [newApproach(), newApproach()],
    }));
    this.sequence = [...site.phases.keys()].slice(1).concat(0);
  }

  private recordKey(period: number, k: number, i: number): number {
    return mix32(
      mix32(this.site.key ^ Math.imul(period, 0x85ebca6b)) + Math.imul(k * 16 + i + 1, 0x9e3779b1),
    );
  }

  /** Runs period `p`: every record of its cycles, closed (the last ones at the next period's start). */
  runPeriod(p: number): void {
    const plan = this.planOf(p);
    if (plan.control === null) return;
    for (const ph of this.phases) ph.open = false;
    const prev = this.planOf(p - 1);
    if (ranToEnd(prev)) this.openTransition(prev);
    let all = true;
    for (let k = 0; k < plan.n; k += 1) {
      const from = cycleStart(plan, k);
      const to = cycleStart(plan, k + 1);
      if (to > plan.darkFrom) {
        all = false;
        break;
      }
      this.runCycle(plan, k, false);
      this.sink.ran(from, to);
    }
    if (!all) return;
    const next = this.planOf(p + 1);
    if (firstCycleRuns(next)) this.runCycle(next, 0, true);
  }

  /** The previous period's last cycle, as records still open at this period's start. */
  private openTransition(prev: PeriodPlan): void {
    const k = prev.n - 1;
    let t = cycleStart(prev, k);
    for (const i of this.sequence) {
      const ph = this.phases[i] as PhaseState;
      const start = t;
      const greenEnd =
        i === 0 ? cycleStart(prev, k + 1) - CHANGE_MS : start + (prev.greens[i] as number);
      ph.open = true;
      ph.virtual = true;
      ph.plan = prev;
      ph.period = prev.period;
      ph.cycle = k;
      ph.key = this.recordKey(prev.period, k, i);
      ph.start = start;
      ph.greenEnd = greenEnd;
      ph.yellowEnd = greenEnd + YELLOW_MS;
      for (let a = 0; a < 2; a += 1) {
        const st = ph.approaches[a] as Approachstate;
        const overflow = prev.overflow[2 * i + a] as number;
        st.red = 0;
        st.sumRed = 0;
        st.firstRed = Number.POSITIVE_INFINITY;
        st.segStart = ph.yellowEnd;
        st.segments = 0;
        st.carry = overflow;
        st.onFromYellowEnd = overflow > 0;
      }
      if (i !== 0) t = ph.yellowEnd + RED_CLEARANCE_MS;
    }
  }

  /** One cycle; `closeOnly`: only close the records its greens end (the next period's first). */
  private runCycle(plan: PeriodPlan, k: number, closeOnly: boolean): void {
    const transition = !closeOnly && k === plan.n - 1;
    const fullService = k === 0 || transition;
    const cycleEnd = cycleStart(plan, k + 1);
    let t = cycleStart(plan, k);
    const actuated = plan.control === 'actuated' || plan.control === 'adaptive';
    for (const i of this.sequence) {
      const ph = this.phases[i] as PhaseState;
      const start = t;
      const q = this.queue;
      for (let a = 0; a < 2; a += 1) {
        const st = ph.approaches[a] as Approachstate;
        if (ph.open) this.drawRed(i, a, ph, st, start);
        q[a] = ph.open ? st.red + st.carry : 0;
      }
      const calls = (q[0] as number) + (q[1] as number);
      if (i !== 0 && !fullService && actuated && calls === 0) {
        if (!closeOnly) this.sink.skip(i, this.refGreen);
        continue;
      }
      if (ph.open) this.close(i, ph, start);
      this.greenOf(plan, i, k, start, cycleEnd, transition);
      if (!closeOnly) this.open(plan, i, k, ph, start, this.green, this.termination, transition);
      if (i !== 0) t = start + this.green + CHANGE_MS;
    }
  }

  /** How long phase i stays green in cycle k, and why it ends (into `green`, `termination`). */
  private greenOf(
    plan: PeriodPlan,
    i: number,
    k: number,
    start: number,
    cycleEnd: number,
    transition: boolean,
  ): void {
    const control = plan.control as Control;
    if (i === 0) {
      this.green = cycleEnd - CHANGE_MS - start;
      if (control === 'manual') this.termination = 'none';
      else if (control !== 'actuated') this.termination = 'force';
      else this.termination = this.clearance(plan, 0, start) + GAP_MS < this.green ? 'gap' : 'max';
      return;
    }
    const max = plan.greens[i] as number;
    if (control === 'fixed') {
      this.green = max;
      this.termination = 'force';
    } else if (control === 'manual') {
      this.termination = 'none';
      if (transition) this.green = max;
      else {
        const u = unit(windowKey(this.recordKey(plan.period, k, i), 0, W_MANUAL));
        this.green = Math.max(MIN_GREEN_MS, Math.round(max * (0.8 + 0.2 * u)));
      }
    } else {
      const ends: Termination = control === 'actuated' ? 'max' : 'force';
      const need = transition ? Number.POSITIVE_INFINITY : this.clearance(plan, i, start) + GAP_MS;
      if (need < max) {
        this.green = Math.max(MIN_GREEN_MS, need);
        this.termination = 'gap';
      } else {
        this.green = max;
        this.termination = ends;
      }
    }
  }

  /** Time for the longer of the phase's two queues to clear at saturation flow, ms. */
  private clearance(plan: PeriodPlan, i: number, start: number): number {
    let worst = 0;
    for (let a = 0; a < 2; a += 1) {
      const need = this.clearanceOf(plan, i, a, this.queue[a] as number, start);
      if (need > worst) worst = need;
    }
    return worst;
  }

  private clearanceOf(plan: PeriodPlan, i: number, a: number, queue: number, t: number): number {
    if (queue <= 0) return 0;
    const j = 2 * i + a;
    const s = (plan.saturation[j] as number) * (plan.dischargeFactor?.(i, a, t) ?? 1);
    const lambda = (plan.lambdaGreen[j] as number) * (plan.demandFactor?.(i, a, t) ?? 1);
    if (s <= lambda * 1.05) return Number.POSITIVE_INFINITY;
    return STARTUP_MS + Math.ceil(queue / (s - lambda));
  }

  /** Draws the arrivals of the red stretch [segStart, until) of an open record. */
  private drawRed(i: number, a: number, ph: PhaseState, st: Approachstate, until: number): void {
    const from = st.segStart;
    if (until <= from) return;
    const plan = ph.plan as PeriodPlan;
    const j = 2 * i + a;
    const rate = (plan.lambdaOther[j] as number) * (plan.demandFactor?.(i, a, from) ?? 1);
    const h = windowKey(ph.key, a, W_RED + st.segments);
    const n = Math.min(capacityOf(until - from), poisson(rate * (until - from), unit(h)));
    const u = unit(h ^ 0x5bd1e995);
    const emit = ph.virtual ? undefined : this.sink.events;
    if (emit) {
      const channel = this.site.phases[i]?.advance[a] ?? 0;
      for (let v = 0; v < n; v += 1)
        emit.pass(arrivalAt(from, until, n, v, u) - this.site.leadMs, channel);
    }
    if (n > 0) {
      st.sumRed += arrivalSum(from, until, n);
      const first = arrivalAt(from, until, n, 0, u);
      if (first < st.firstRed) st.firstRed = first;
    }
    st.red += n;
    st.segStart = until;
    st.segments += 1;
  }

  /** Closes the open record of phase i at its next begin green. */
  private close(i: number, ph: PhaseState, end: number): void {
    ph.open = false;
    if (ph.virtual) return;
    const r = this.record;
    let red = 0;
    let delay = 0;
    let gor: number | null = null;
    let ror: number | null = null;
    let failure = false;
    for (let a = 0; a < 2; a += 1) {
      const st = ph.approaches[a] as Approachstate;
      red += st.red;
      delay += st.red * end - st.sumRed;
      const y = ph.yellowEnd;
      const w = Math.min(y + 5000, end);
      const redOn = st.onFromYellowEnd ? y : st.firstRed;
      // The first 5 s of red: the tail of a vehicle passing in yellow, and a vehicle stopped.
      const tail = Math.max(0, Math.min(st.yellowPassEnd, w) - y);
      const stop = Math.max(0, w - Math.max(redOn, y));
      const both = Math.max(0, Math.min(st.yellowPassEnd, w) - Math.max(redOn, y));
      const occ = w > y ? (tail + stop - both) / (w - y) : null;
      if (redOn < end) this.sink.events?.occupied(redOn, end, this.site.phases[i]?.stopbar[a] ?? 0);
      if (gor === null || st.greenOccupancy > gor) gor = st.greenOccupancy;
      if (occ !== null && (ror === null || occ > ror)) ror = occ;
      if (occ !== null && st.greenOccupancy >= 0.8 && occ >= 0.8) failure = true;
    }
    r.phase = this.site.phases[i]?.number ?? i + 1;
    r.start = ph.start;
    r.greenEnd = ph.greenEnd;
    r.yellowEnd = ph.yellowEnd;
    r.end = end;
    r.termination = ph.termination;
    r.arrivalsGreen = ph.arrivalsGreen;
    r.arrivalsYellow = ph.arrivalsYellow;
    r.arrivalsRed = red;
    r.delay = delay;
    r.greenOccupancy = gor;
    r.redOccupancy = ror;
    r.splitFailure = failure;
    this.sink.record(i, r, ph.period);
  }

  /** Opens phase i's record at its begin green: green and yellow arrivals, the stop bar in green. */
  private open(
    plan: PeriodPlan,
    i: number,
    k: number,
    ph: PhaseState,
    start: number,
    green: number,
    termination: Termination,
    transition: boolean,
  ): void {
    const greenEnd = start + green;
    const yellowEnd = greenEnd + YELLOW_MS;
    const number = this.site.phases[i]?.number ?? i + 1;
    const events = this.sink.events;
    if (i === 0) this.refGreen = start;
    ph.open = true;
    ph.virtual = false;
    ph.plan = plan;
    ph.period = plan.period;
    ph.cycle = k;
    ph.key = this.recordKey(plan.period, k, i);
    ph.start = start;
    ph.greenEnd = greenEnd;
    ph.yellowEnd = yellowEnd;
    ph.termination = termination;
    ph.arrivalsGreen = 0;
    ph.arrivalsYellow = 0;
    if (events) {
      events.phase(start, 1, number);
      if (termination === 'gap') events.phase(greenEnd, 4, number);
      else if (termination === 'max') events.phase(greenEnd, 5, number);
      else if (termination === 'force') events.phase(greenEnd, 6, number);
      events.phase(greenEnd, 8, number);
      events.phase(yellowEnd, 9, number);
      events.phase(yellowEnd, 10, number);
      events.phase(yellowEnd + RED_CLEARANCE_MS, 11, number);
    }
    for (let a = 0; a < 2; a += 1) {
      const st = ph.approaches[a] as Approachstate;
      const j = 2 * i + a;
      const queue = this.queue[a] as number;
      const demand = plan.demandFactor?.(i, a, start) ?? 1;
      const key = windowKey(ph.key, a, W_GREEN);
      const nGreen = Math.min(
        capacityOf(green),
        poisson((plan.lambdaGreen[j] as number) * demand * green, unit(key)),
      );
      const yKey = windowKey(ph.key, a, W_YELLOW);
      const nYellow = Math.min(
        capacityOf(YELLOW_MS),
        poisson((plan.lambdaOther[j] as number) * demand * YELLOW_MS, unit(yKey)),
      );
      const need = this.clearanceOf(plan, i, a, queue, start);
      const pulses = queue > 0 ? Math.ceil(need / DISCHARGE_PERIOD_MS) : 0;
      const cleared = Number.isFinite(need) && pulses * DISCHARGE_PERIOD_MS <= green;
      const advance = this.site.phases[i]?.advance[a] ?? 0;
      const stopbar = this.site.phases[i]?.stopbar[a] ?? 0;
      const lead = this.site.leadMs;

      let on = 0;
      if (!cleared) {
        const full = Math.floor(green / DISCHARGE_PERIOD_MS);
        on = SATURATED_ON_MS * full + Math.min(green - full * DISCHARGE_PERIOD_MS, SATURATED_ON_MS);
        if (events)
          for (let s = start; s < yellowEnd; s += DISCHARGE_PERIOD_MS)
            events.occupied(s, Math.min(s + SATURATED_ON_MS, yellowEnd), stopbar);
      } else {
        on = DISCHARGE_ON_MS * pulses;
        if (events)
          for (let p = 0; p < pulses; p += 1) {
            const s = start + p * DISCHARGE_PERIOD_MS;
            events.occupied(s, s + DISCHARGE_ON_MS, stopbar);
          }
      }
      const dischargeEnd = start + pulses * DISCHARGE_PERIOD_MS;
      const u = unit(key ^ 0x5bd1e995);
      const uy = unit(yKey ^ 0x5bd1e995);
      st.yellowPassEnd = Number.NEGATIVE_INFINITY;
      if (events) {
        for (let v = 0; v < nGreen; v += 1) {
          const x = arrivalAt(start, greenEnd, nGreen, v, u);
          events.pass(x - lead, advance);
          if (cleared && x >= dischargeEnd) events.occupied(x, x + PASS_MS, stopbar);
        }
        for (let v = 0; v < nYellow; v += 1) {
          const x = arrivalAt(greenEnd, yellowEnd, nYellow, v, uy);
          events.pass(x - lead, advance);
          if (cleared) events.occupied(x, x + PASS_MS, stopbar);
        }
      }
      // Vehicles passing in green after the queue has gone: 400 ms each, the last one cut at the
      // end of green (arrivals are at least 420 ms apart, so no two overlap).
      if (cleared && nGreen > 0) {
        const passing = nGreen - firstArrivalFrom(start, greenEnd, nGreen, u, dischargeEnd);
        if (passing > 0) {
          const lastEnd = arrivalAt(start, greenEnd, nGreen, nGreen - 1, u) + PASS_MS;
          on += PASS_MS * passing - Math.max(0, lastEnd - greenEnd);
        }
      }
      if (cleared && nYellow > 0)
        st.yellowPassEnd = arrivalAt(greenEnd, yellowEnd, nYellow, nYellow - 1, uy) + PASS_MS;
      ph.arrivalsGreen += nGreen;
      ph.arrivalsYellow += nYellow;
      st.greenOccupancy = on / green;
      const served = Math.max(0, Math.floor((green - STARTUP_MS) * (plan.saturation[j] as number)));
      const leftOver = cleared ? 0 : Math.max(1, queue + nGreen - served);
      st.carry = transition ? (plan.overflow[j] as number) : leftOver;
      st.onFromYellowEnd = st.carry > 0;
      st.red = 0;
      st.sumRed = 0;
      st.firstRed = Number.POSITIVE_INFINITY;
      st.segStart = yellowEnd;
      st.segments = 0;
    }
  }
}

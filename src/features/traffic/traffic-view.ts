// The traffic screen's view of an area, built in the feed worker once per data revision, area and
// minute: the congestion index (now, from section speeds), the controllers' states, the signal
// performance measures of the reference 15-minute bin (from the items' bins, one definition each:
// docs/metrics.md "Traffic"), adaptive control's adjustments of the last hour, rankings, and the
// intersections as typed columns for the map. Every area figure is a sum over the same per-item
// contributions, so the KPIs, the ranking of child areas and the map always agree.
import { MINUTE_MS } from '@/domain/city-time';
import { PHASE_BIN_FIELDS, SIGNAL_MODES, type SignalMode, type SignalState } from '@/domain/signal';
import type { FeedFacts, ViewContext } from '@/feeds/view-builder';
import { areaMatcher, cellOfItem, childKeyOf, type AreaParams } from '@/feeds/area-filter';
import { BIN_MS } from './bins';
import {
  CONGESTION_LEVELS,
  CongestionSums,
  congestionIndex,
  type CongestionLevel,
} from './congestion';
import {
  COMPLETE_FROM,
  CURRENT_WITHIN_MS,
  NO_LEVEL,
  isDark,
  levelCode,
  levelOf,
  linkKmOf,
  stateCode,
} from './signal-state';
import type { TrafficHistory } from './history';

const WIDTH = PHASE_BIN_FIELDS.length;
const F_CYCLES = PHASE_BIN_FIELDS.indexOf('cycles');
const F_VOLUME = PHASE_BIN_FIELDS.indexOf('volume');
const F_AOG = PHASE_BIN_FIELDS.indexOf('arrivalsOnGreen');
const F_SPLIT = PHASE_BIN_FIELDS.indexOf('splitFailures');
const F_GAP = PHASE_BIN_FIELDS.indexOf('gapOuts');
const F_MAX = PHASE_BIN_FIELDS.indexOf('maxOuts');
const F_FORCE = PHASE_BIN_FIELDS.indexOf('forceOffs');
const F_SKIPS = PHASE_BIN_FIELDS.indexOf('skips');
const F_GREEN = PHASE_BIN_FIELDS.indexOf('greenSeconds');
const F_CYCLE_S = PHASE_BIN_FIELDS.indexOf('cycleSeconds');
const F_DELAY = PHASE_BIN_FIELDS.indexOf('delaySeconds');

/** Bins in the trend: the reference bin and the three before it (one hour). */
export const TREND_BINS = 4;
/** The reference bin is the latest one at least this share of the reporting controllers delivered. */
export const REFERENCE_SHARE = 0.9;
/** Adjustments within this window before the view's moment count as "the last hour". */
export const ADAPTIVE_WINDOW_MS = 60 * MINUTE_MS;
/** An intersection whose critical phase's v/c reaches this is oversaturated. */
export const OVERSATURATED_VC = 1;
/** Rows in each "worst intersections" list, and in the lists of dark and incomplete controllers. */
export const WORST_ROWS = 10;
export const DARK_ROWS = 200;

/** The measures of one 15-minute bin over an area, from the sums of its phase bins. */
export interface BinMeasures {
  /** Start of the bin, epoch ms. */
  start: number;
  /** Intersections whose bins hold it. */
  intersections: number;
  volume: number;
  cycles: number;
  splitFailures: number;
  /** Arrivals on green ÷ volume. */
  arrivalsOnGreen: number | null;
  /** Arrivals on green ÷ those expected at random (Σ volume × own green share). */
  platoonRatio: number | null;
  /** Split failures ÷ cycles. */
  splitFailureShare: number | null;
  /** Approach delay per vehicle, s. */
  delayPerVehicle: number | null;
  /** Gap-outs, max-outs, force-offs ÷ (cycles + skips). */
  gapOutShare: number | null;
  maxOutShare: number | null;
  forceOffShare: number | null;
  /** Intersections whose critical phase's v/c ≥ 1 in the bin. */
  oversaturated: number;
}

/** One intersection in a "worst" list or the list of dark controllers. */
export interface SignalRow {
  id: string;
  name: string;
  district: string;
  street: string;
  mode: SignalMode;
  /** Level index 0–4 or NO_LEVEL. */
  level: number;
  /** The ranked figure (s/veh, split failures, m …). */
  value: number;
  /** A figure that goes with it (vehicles, share of cycles …), null when none. */
  detail: number | null;
}

export interface DarkRow {
  id: string;
  name: string;
  street: string;
  mode: 'fault' | 'offline';
  /** When the fault or outage began (`modeSince`, else the last report). */
  since: number;
  lastReport: number;
}

export interface IncompleteRow {
  id: string;
  name: string;
  street: string;
  /** Events received ÷ expected in the reference bin; null: no log at all. */
  completeness: number | null;
}

/** A child area (or grid cell) with the same figures as the area's own KPIs. */
export interface AreaEntry {
  key: string;
  index: number | null;
  level: CongestionLevel | null;
  intersections: number;
  /** Controllers in fault or offline. */
  dark: number;
  /** Intersections at 中度拥堵 or 严重拥堵. */
  congested: number;
  splitFailures: number;
  delayPerVehicle: number | null;
  adjustments: number;
  /** Green seconds moved by those adjustments. */
  shifted: number;
}

/** Adaptive control at work over the last hour (definitions in docs/metrics.md). */
export interface AdaptiveFigures {
  /** Adjustments made within the window. */
  adjustments: number;
  /** Intersections that made at least one. */
  intersections: number;
  /** Σ seconds of green moved from one phase to another (per cycle of the plan), over them. */
  shifted: number;
  /** Adjustments whose delay before and after are both known. */
  measured: number;
  /** Mean approach delay, s/veh, over the plan period before and the one after (per adjustment). */
  delayBefore: number | null;
  delayAfter: number | null;
  /**
   * The same hour at intersections without adaptive control that were running: mean change in
   * approach delay from one 15-minute bin to the next, s/veh (how much delay moved anyway).
   */
  baselineChange: number | null;
}

export interface TrafficKpis {
  intersections: number;
  /** The area's congestion index now, 0–10 (vehicle-km weighted), null without any. */
  index: number | null;
  level: CongestionLevel | null;
  /** Intersections per level (畅通 … 严重拥堵), and without an index. */
  levels: number[];
  noIndex: number;
  congested: number;
  /** Vehicles per hour now, all approaches of the current reports. */
  flow: number;
  /** Controllers per mode, in SIGNAL_MODES order. */
  modes: number[];
  fault: number;
  offline: number;
  /** Running controllers whose log of the reference bin is below COMPLETE_FROM, or absent. */
  incomplete: number;
  /** Running controllers with a reference bin. */
  logged: number;
}

export interface TrafficPoints {
  length: number;
  /** lng, lat pairs. */
  positions: Float32Array;
  /** Level 0–4 or NO_LEVEL. */
  level: Uint8Array;
  /** STATES index. */
  state: Uint8Array;
  /** Bit 0: incomplete log; bit 1: no current report. */
  flags: Uint8Array;
  /** Vehicles per hour now (0 when not current). */
  flow: Float32Array;
  /** Item ids, index i is point i. */
  ids: string[];
}

export const FLAG_INCOMPLETE = 1;
export const FLAG_NOT_CURRENT = 2;

export interface TrafficView {
  area: string | null;
  version: number;
  revision: number;
  generatedAt: number;
  asOf: number;
  droppedLast: number;
  droppedTotal: number;
  kpis: TrafficKpis;
  /** The reference bin's measures, and the bins of the hour up to it (oldest first). */
  bin: BinMeasures | null;
  trend: BinMeasures[];
  adaptive: AdaptiveFigures;
  /** Child areas (districts, streets, communities or cells), worst index first. */
  ranking: AreaEntry[];
  rankingLevel: 'district' | 'street' | 'community' | 'cell';
  /** Grid cells at street level and below (shaded by congestion on the map); empty above. */
  cells: AreaEntry[];
  worst: { delay: SignalRow[]; splitFailures: SignalRow[]; queue: SignalRow[] };
  /** Controllers in fault or offline, longest first (at most DARK_ROWS; `kpis` has the count). */
  dark: DarkRow[];
  /** Running controllers with an incomplete or missing log, worst first (at most DARK_ROWS). */
  incomplete: IncompleteRow[];
  /** Today against the same weekday last week (from the source's series endpoint). */
  history: TrafficHistory;
  points: TrafficPoints;
  extent: [number, number, number, number] | null;
}

/** What the traffic view is built with: the feed's facts and the city clock. */
export type TrafficViewContext = Pick<ViewContext, 'now' | 'time' | 'changesAt'> &
  Pick<FeedFacts, 'version' | 'revision' | 'generatedAt' | 'droppedLast' | 'droppedTotal'>;

// ---- the reference bin ------------------------------------------------------------------------

const lastBinStart = (s: SignalState): number | null => {
  const bins = s.bins;
  const n = bins?.completeness.length ?? 0;
  if (!bins || n === 0) return null;
  return bins.start + (n - 1) * BIN_MS;
};

/**
 * The bin every area figure is taken from: the latest one that at least REFERENCE_SHARE of the
 * controllers reporting bins have delivered (controllers are read in turn, minutes apart, so the
 * newest bin is partial for a while). The same for every area, from every item of the feed.
 */
export function referenceBin(items: Iterable<SignalState>): number | null {
  const byLast = new Map<number, number>();
  let total = 0;
  // Most items end on the same bin: counted in a run, put in the map when the run ends.
  let runStart: number | null = null;
  let run = 0;
  for (const s of items) {
    const last = itemRecord(s).lastBin;
    if (last === null) continue;
    total += 1;
    if (last === runStart) run += 1;
    else {
      if (runStart !== null) byLast.set(runStart, (byLast.get(runStart) ?? 0) + run);
      runStart = last;
      run = 1;
    }
  }
  if (runStart !== null) byLast.set(runStart, (byLast.get(runStart) ?? 0) + run);
  if (total === 0) return null;
  const starts = [...byLast.keys()].sort((a, b) => b - a);
  let covered = 0;
  for (const start of starts) {
    covered += byLast.get(start)!;
    if (covered >= REFERENCE_SHARE * total) return start;
  }
  return starts[starts.length - 1] ?? null;
}

// ---- per-item contributions -------------------------------------------------------------------

/**
 * What an item's bins give for a reference bin: the sums of its phases over the trend's bins. Read
 * once per bins object, not once per build: the feed store keeps an item's object while it is
 * unchanged, and complete bins do not change once reported (docs/api.md). At a hundred thousand
 * intersections reading the bins is most of a build's cost.
 */
interface BinRecord {
  ref: number;
  /** Sums of its phases per trend bin: [k * WIDTH + field] (plain arrays: cheaper to make). */
  sums: number[];
  /** Σ volume × own green share per trend bin (platoon ratio's denominator). */
  expected: number[];
  /** Bit k: the item holds trend bin k; is oversaturated in it. */
  has: number;
  oversaturated: number;
  /** Reference bin's completeness, undefined when the item does not hold it. */
  completeness: number | null | undefined;
}

const NO_BINS: BinRecord = {
  ref: -1,
  sums: new Array<number>(TREND_BINS * WIDTH).fill(0),
  expected: new Array<number>(TREND_BINS).fill(0),
  has: 0,
  oversaturated: 0,
  completeness: undefined,
};
const REF_BIT = 1 << (TREND_BINS - 1);

function readBins(s: SignalState, ref: number): BinRecord {
  const bins = s.bins!;
  const sums = new Array<number>(TREND_BINS * WIDTH).fill(0);
  const expected = [0, 0, 0, 0];
  const rec: BinRecord = { ref, sums, expected, has: 0, oversaturated: 0, completeness: undefined };
  const flows = s.saturationFlows;
  const phases = bins.phases;
  const count = bins.completeness.length;
  // Index of the reference bin in the item's bins; the trend's bins are the ones before it.
  const last = (ref - bins.start) / BIN_MS;
  if (!Number.isInteger(last)) return rec;
  for (let k = 0; k < TREND_BINS; k += 1) {
    const b = last - (TREND_BINS - 1 - k);
    if (b < 0 || b >= count) continue;
    rec.has |= 1 << k;
    if (k === TREND_BINS - 1) rec.completeness = bins.completeness[b] ?? null;
    let critical = 0;
    const o = k * WIDTH;
    for (let p = 0; p < phases.length; p += 1) {
      const bin = phases[p]![b];
      if (!bin) continue;
      for (let f = 0; f < WIDTH; f += 1) sums[o + f]! += bin[f]!;
      const cycleS = bin[F_CYCLE_S]!;
      const green = bin[F_GREEN]!;
      const volume = bin[F_VOLUME]!;
      if (cycleS > 0) expected[k]! += (volume * green) / cycleS;
      const sat = flows === undefined ? 0 : (flows[p] ?? 0);
      if (sat > 0 && green > 0) {
        const vc = volume / ((sat * green) / 3600);
        if (vc > critical) critical = vc;
      }
    }
    if (critical >= OVERSATURATED_VC) rec.oversaturated |= 1 << k;
  }
  return rec;
}

/**
 * Records by item id. A changed item arrives as a new object (its report of the minute) while its
 * bins are mostly the same: a record is reused while the bins it was read from look the same —
 * the same start, number of bins and phases, the same volume and cycles in each bin of the trend,
 * the same saturation flows. Complete bins do not change once reported; this check is what a
 * source that broke that rule would have to get past unnoticed.
 */
const records = new Map<string, { bins: object; sig: number[]; rec: BinRecord }>();
let recordsSeen = 0;

/** What a record's bins look like, cheaply: a few figures of the trend's bins (into `out`). */
function signature(s: SignalState, ref: number, out: number[]): number {
  const bins = s.bins!;
  let n = 0;
  out[n++] = ref;
  out[n++] = bins.start;
  out[n++] = bins.completeness.length;
  out[n++] = bins.phases.length;
  const first = bins.phases[0];
  const last = (ref - bins.start) / BIN_MS;
  for (let k = 0; k < TREND_BINS; k += 1) {
    const bin = first?.[last - k];
    out[n++] = bin ? bin[F_VOLUME]! * 1000 + bin[F_CYCLES]! : -1;
  }
  // The capacities behind v/c.
  for (const f of s.saturationFlows ?? []) out[n++] = f;
  return n;
}

const scratch: number[] = [];

/** The item's bin record for a reference bin, read again only when its bins changed. */
function binRecord(s: SignalState, ref: number | null): BinRecord {
  if (ref === null || !s.bins || s.bins.completeness.length === 0) return NO_BINS;
  const held = records.get(s.id);
  if (held && held.bins === s.bins && held.rec.ref === ref) return held.rec;
  const n = signature(s, ref, scratch);
  if (held && held.sig.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i += 1) same = held.sig[i] === scratch[i];
    if (same) {
      held.bins = s.bins;
      return held.rec;
    }
  }
  const rec = readBins(s, ref);
  records.set(s.id, { bins: s.bins, sig: scratch.slice(0, n), rec });
  return rec;
}

/** Keeps the records to about the ids a build sees (ids that left the feed go in time). */
function trimRecords(seen: number) {
  recordsSeen = Math.max(recordsSeen, seen);
  if (records.size > 2 * recordsSeen + 1000) records.clear();
}

/** Forgets the record of these items (a cold build, for measurements). */
export function forgetBinRecords(items: Iterable<SignalState>): void {
  for (const s of items) records.delete(s.id);
}

/**
 * What an item object says that does not depend on the moment of the build: its fields read once
 * into one shape (the feed's items have several: optional keys come and go), its codes, and its
 * bin record for the last reference bin. The feed store replaces an item's object when it
 * changes, so a record per object holds while the object does; a build reads the records, not the
 * items (at a hundred thousand intersections, reading each item's own fields was most of a build).
 */
class ItemRecord {
  readonly id: string;
  readonly name: string;
  readonly district: string;
  readonly street: string;
  readonly community: string;
  readonly mode: SignalMode;
  readonly modeIndex: number;
  readonly state: number;
  readonly dark: boolean;
  /** Non-adaptive and not dark: counts in the baseline. */
  readonly baseline: boolean;
  readonly observedAt: number;
  /** When the fault or outage began: `modeSince`, else the last report. */
  readonly since: number;
  readonly flow: number;
  readonly queue: number;
  readonly saturation: number;
  readonly km: number;
  /** The congestion index of its speed when current; null without a road class. */
  readonly index: number | null;
  readonly x: number;
  readonly y: number;
  readonly adjustments: SignalState['adjustments'] | null;
  /** Start of its last bin, null without bins. */
  readonly lastBin: number | null;
  /** The reference bin `rec` was read for (NaN: none yet). */
  ref = Number.NaN;
  rec: BinRecord = NO_BINS;

  constructor(s: SignalState) {
    this.id = s.id;
    this.name = s.name;
    this.district = s.district;
    this.street = s.street;
    this.community = s.community;
    this.mode = s.mode;
    this.modeIndex = SIGNAL_MODES.indexOf(s.mode);
    this.state = stateCode(s.mode);
    this.dark = isDark(s.mode);
    this.baseline = !this.dark && (s.mode === 'fixed' || s.mode === 'actuated');
    this.observedAt = s.observedAt;
    this.since = s.modeSince ?? s.observedAt;
    this.flow = s.flow;
    this.queue = s.queue;
    this.saturation = s.saturation;
    this.km = linkKmOf(s);
    this.index = s.roadClass ? congestionIndex(s.speed, s.freeSpeed ?? 0, s.roadClass) : null;
    this.x = s.position[0];
    this.y = s.position[1];
    this.adjustments = s.adjustments ?? null;
    this.lastBin = lastBinStart(s);
  }
}

const itemRecords = new WeakMap<SignalState, ItemRecord>();

function itemRecord(s: SignalState): ItemRecord {
  let r = itemRecords.get(s);
  if (r === undefined) itemRecords.set(s, (r = new ItemRecord(s)));
  return r;
}

/** What one item adds to its areas; one scratch object, refilled per item. */
class ItemFigures {
  rec: BinRecord = NO_BINS;
  index: number | null = null;
  level = NO_LEVEL;
  current = false;
  mode: SignalMode = 'fixed';
  dark = false;
  /** Reference bin's completeness, undefined when the item has no reference bin. */
  completeness: number | null | undefined = undefined;
  adjustments = 0;
  shifted = 0;
  measured = 0;
  before = 0;
  after = 0;
  /** Non-adaptive and running: counts in the baseline. */
  baseline = false;

  fill(s: SignalState, r: ItemRecord, ref: number | null, now: number, generatedAt: number): void {
    this.mode = r.mode;
    this.dark = r.dark;
    // As `isCurrent` and `signalIndex` (signal-state.ts), from the record.
    this.current = generatedAt <= 0 || r.observedAt >= generatedAt - CURRENT_WITHIN_MS;
    this.index = this.current ? r.index : null;
    this.level = levelCode(this.index);
    this.baseline = r.baseline;
    if (ref === null) this.rec = NO_BINS;
    else {
      if (r.ref !== ref) {
        r.rec = binRecord(s, ref);
        r.ref = ref;
      }
      this.rec = r.rec;
    }
    this.completeness = this.rec.completeness;
    this.adjustments = 0;
    this.shifted = 0;
    this.measured = 0;
    this.before = 0;
    this.after = 0;
    const list = r.adjustments;
    if (!list) return;
    for (let i = 0; i < list.length; i += 1) {
      const a = list[i]!;
      const t = a[0];
      if (t > now || t <= now - ADAPTIVE_WINDOW_MS) continue;
      this.adjustments += 1;
      this.shifted += a[3];
      const before = a[4];
      const after = a[5];
      if (before !== null && after !== null) {
        this.measured += 1;
        this.before += before;
        this.after += after;
      }
    }
  }

  /** Approach delay per vehicle of the reference bin, s. */
  refDelay(): number | null {
    const o = (TREND_BINS - 1) * WIDTH;
    const v = this.rec.sums[o + F_VOLUME]!;
    return this.rec.has & REF_BIT && v > 0 ? this.rec.sums[o + F_DELAY]! / v : null;
  }

  refField(f: number): number {
    return this.rec.sums[(TREND_BINS - 1) * WIDTH + f]!;
  }
}

/** Running sums of an area (or a child area, or a cell). */
class AreaSums {
  intersections = 0;
  readonly modes = new Array<number>(SIGNAL_MODES.length).fill(0);
  readonly levels = new Array<number>(CONGESTION_LEVELS.length).fill(0);
  noIndex = 0;
  flow = 0;
  readonly congestion = new CongestionSums();
  incomplete = 0;
  logged = 0;
  readonly sums = new Float64Array(TREND_BINS * WIDTH);
  readonly expected = new Float64Array(TREND_BINS);
  readonly withBin = new Int32Array(TREND_BINS);
  readonly oversaturated = new Int32Array(TREND_BINS);
  /** Baseline (non-adaptive, running): delay seconds and volume per trend bin. */
  readonly baseDelay = new Float64Array(TREND_BINS);
  readonly baseVolume = new Float64Array(TREND_BINS);
  adjustments = 0;
  adjusted = 0;
  shifted = 0;
  measured = 0;
  before = 0;
  after = 0;

  /** What an item adds to the figures of a child area (or a cell): those of `entry`. */
  addCounts(r: ItemRecord, it: ItemFigures): void {
    this.intersections += 1;
    this.modes[r.modeIndex]! += 1;
    if (it.level === NO_LEVEL) this.noIndex += 1;
    else this.levels[it.level]! += 1;
    if (it.current) this.flow += r.flow;
    this.congestion.add(it.index, it.current ? r.flow : 0, r.km);
    if (!it.dark && it.completeness !== undefined) {
      this.logged += 1;
      if (it.completeness === null || it.completeness < COMPLETE_FROM) this.incomplete += 1;
    }
    if (it.adjustments > 0) {
      this.adjusted += 1;
      this.adjustments += it.adjustments;
      this.shifted += it.shifted;
      this.measured += it.measured;
      this.before += it.before;
      this.after += it.after;
    }
    const rec = it.rec;
    if (rec.has & REF_BIT) {
      const o = (TREND_BINS - 1) * WIDTH;
      this.sums[o + F_VOLUME]! += rec.sums[o + F_VOLUME]!;
      this.sums[o + F_SPLIT]! += rec.sums[o + F_SPLIT]!;
      this.sums[o + F_DELAY]! += rec.sums[o + F_DELAY]!;
    }
  }

  /** What an item adds to the area's own figures: every one (the KPIs, the bins, the trend). */
  add(r: ItemRecord, it: ItemFigures): void {
    this.addCounts(r, it);
    const rec = it.rec;
    const sums = this.sums;
    const from = rec.sums;
    for (let k = 0; k < TREND_BINS; k += 1) {
      if (!(rec.has & (1 << k))) continue;
      this.withBin[k]! += 1;
      if (rec.oversaturated & (1 << k)) this.oversaturated[k]! += 1;
      this.expected[k]! += rec.expected[k]!;
      const o = k * WIDTH;
      // The reference bin's volume, split failures and delay are added by `addCounts`.
      for (let f = 0; f < WIDTH; f += 1)
        if (k !== TREND_BINS - 1 || (f !== F_VOLUME && f !== F_SPLIT && f !== F_DELAY))
          sums[o + f]! += from[o + f]!;
      if (it.baseline) {
        this.baseDelay[k]! += from[o + F_DELAY]!;
        this.baseVolume[k]! += from[o + F_VOLUME]!;
      }
    }
  }

  dark(): number {
    return (
      this.modes[SIGNAL_MODES.indexOf('fault')]! + this.modes[SIGNAL_MODES.indexOf('offline')]!
    );
  }

  congested(): number {
    return this.levels[3]! + this.levels[4]!;
  }

  bin(k: number, start: number): BinMeasures {
    const o = k * WIDTH;
    const s = (f: number) => this.sums[o + f]!;
    const share = (x: number, of: number) => (of > 0 ? x / of : null);
    const volume = s(F_VOLUME);
    const cycles = s(F_CYCLES);
    const served = cycles + s(F_SKIPS);
    return {
      start,
      intersections: this.withBin[k]!,
      volume,
      cycles,
      splitFailures: s(F_SPLIT),
      arrivalsOnGreen: share(s(F_AOG), volume),
      platoonRatio: share(s(F_AOG), this.expected[k]!),
      splitFailureShare: share(s(F_SPLIT), cycles),
      delayPerVehicle: share(s(F_DELAY), volume),
      gapOutShare: share(s(F_GAP), served),
      maxOutShare: share(s(F_MAX), served),
      forceOffShare: share(s(F_FORCE), served),
      oversaturated: this.oversaturated[k]!,
    };
  }

  /** Mean change of the baseline's delay per vehicle from one bin to the next, s/veh. */
  baselineChange(): number | null {
    const per: (number | null)[] = [];
    for (let k = 0; k < TREND_BINS; k += 1)
      per.push(this.baseVolume[k]! > 0 ? this.baseDelay[k]! / this.baseVolume[k]! : null);
    const steps: number[] = [];
    for (let k = 1; k < TREND_BINS; k += 1) {
      const a = per[k - 1];
      const b = per[k];
      if (a !== null && a !== undefined && b !== null && b !== undefined) steps.push(b - a);
    }
    return steps.length ? steps.reduce((x, y) => x + y, 0) / steps.length : null;
  }

  entry(key: string): AreaEntry {
    const index = this.congestion.value();
    const ref = TREND_BINS - 1;
    const v = this.sums[ref * WIDTH + F_VOLUME]!;
    return {
      key,
      index,
      level: levelOf(index),
      intersections: this.intersections,
      dark: this.dark(),
      congested: this.congested(),
      splitFailures: this.sums[ref * WIDTH + F_SPLIT]!,
      delayPerVehicle: v > 0 ? this.sums[ref * WIDTH + F_DELAY]! / v : null,
      adjustments: this.adjustments,
      shifted: this.shifted,
    };
  }

  kpis(): TrafficKpis {
    const index = this.congestion.value();
    return {
      intersections: this.intersections,
      index,
      level: levelOf(index),
      levels: [...this.levels],
      noIndex: this.noIndex,
      congested: this.congested(),
      flow: this.flow,
      modes: [...this.modes],
      fault: this.modes[SIGNAL_MODES.indexOf('fault')]!,
      offline: this.modes[SIGNAL_MODES.indexOf('offline')]!,
      incomplete: this.incomplete,
      logged: this.logged,
    };
  }

  adaptive(): AdaptiveFigures {
    return {
      adjustments: this.adjustments,
      intersections: this.adjusted,
      shifted: this.shifted,
      measured: this.measured,
      delayBefore: this.measured > 0 ? this.before / this.measured : null,
      delayAfter: this.measured > 0 ? this.after / this.measured : null,
      baselineChange: this.baselineChange(),
    };
  }
}

// ---- top-k lists ------------------------------------------------------------------------------

/** Keeps the `limit` largest rows (ties: the smaller id first), without sorting everything. */
class TopRows<R extends { id: string; value: number }> {
  readonly rows: R[] = [];
  constructor(private readonly limit: number) {}

  private before(a: R, b: R): boolean {
    return a.value > b.value || (a.value === b.value && a.id < b.id);
  }

  /** Whether a row with this value could enter (cheap check before building the row). */
  admits(value: number): boolean {
    const last = this.rows[this.limit - 1];
    return this.rows.length < this.limit || (last !== undefined && value >= last.value);
  }

  add(row: R): void {
    let i = this.rows.length;
    while (i > 0 && this.before(row, this.rows[i - 1]!)) i -= 1;
    if (i >= this.limit) return;
    this.rows.splice(i, 0, row);
    if (this.rows.length > this.limit) this.rows.pop();
  }
}

// ---- map order --------------------------------------------------------------------------------

/** Draw order: calm first, faults last (on top); within a state, worse levels later. */
const drawKey = (state: number, level: number): number =>
  (state === 3 ? 4 : state === 4 ? 3 : state) * 6 + (level === NO_LEVEL ? 0 : level + 1);
const DRAW_KEYS = 5 * 6;

// ---- the view ---------------------------------------------------------------------------------

/**
 * The next moments a figure changes without new data: the next minute (durations of faults, the
 * adjustments' one-hour window, the history's running bin).
 */
function recordBoundaries(now: number, context: TrafficViewContext) {
  context.changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
}

/** Builds the traffic view of one area (runs in the worker). */
export function buildTrafficView(
  items: Iterable<SignalState>,
  params: AreaParams,
  context: TrafficViewContext,
  ref: number | null,
  history: TrafficHistory = { status: 'absent' },
  options: { cells?: boolean; lists?: boolean } = {},
): TrafficView {
  const lists = options.lists !== false;
  const { now, generatedAt } = context;
  recordBoundaries(now, context);
  const matches = areaMatcher(params);
  const childKey = childKeyOf(params);
  const withCells =
    options.cells !== false && (childKey.level === 'community' || childKey.level === 'cell');
  const inArea: SignalState[] = [];
  const records: ItemRecord[] = [];
  for (const s of items)
    if (matches(s)) {
      inArea.push(s);
      records.push(itemRecord(s));
    }

  const area = new AreaSums();
  const children = new Map<string, AreaSums>();
  const cells = new Map<string, AreaSums>();
  const it = new ItemFigures();
  const worstDelay = new TopRows<SignalRow>(WORST_ROWS);
  const worstSplit = new TopRows<SignalRow>(WORST_ROWS);
  const worstQueue = new TopRows<SignalRow>(WORST_ROWS);
  const dark: DarkRow[] = [];
  const incomplete: IncompleteRow[] = [];

  const n = inArea.length;
  const level = new Uint8Array(n);
  const state = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const keyCounts = new Int32Array(DRAW_KEYS + 1);
  let extent: TrafficView['extent'] = null;
  const childLevel = childKey.level;

  const row = (r: ItemRecord, value: number, detail: number | null): SignalRow => ({
    id: r.id,
    name: r.name,
    district: r.district,
    street: r.street,
    mode: r.mode,
    level: it.level,
    value,
    detail,
  });

  // The last child area added to: items of an area mostly come one after another.
  let lastKey = '';
  let lastChild: AreaSums | undefined;
  for (let i = 0; i < n; i += 1) {
    const s = inArea[i]!;
    const r = records[i]!;
    it.fill(s, r, ref, now, generatedAt);
    area.add(r, it);
    level[i] = it.level;
    state[i] = r.state;
    flags[i] =
      (it.completeness !== undefined &&
      !it.dark &&
      (it.completeness === null || it.completeness < COMPLETE_FROM)
        ? FLAG_INCOMPLETE
        : 0) | (it.current ? 0 : FLAG_NOT_CURRENT);
    keyCounts[drawKey(state[i]!, level[i]!) + 1]! += 1;

    const x = r.x;
    const y = r.y;
    if (!extent) extent = [x, y, x, y];
    else {
      if (x < extent[0]) extent[0] = x;
      if (y < extent[1]) extent[1] = y;
      if (x > extent[2]) extent[2] = x;
      if (y > extent[3]) extent[3] = y;
    }

    if (!lists) continue;
    const key =
      childLevel === 'district'
        ? r.district
        : childLevel === 'street'
          ? r.street
          : childLevel === 'community'
            ? r.community
            : childKey.key(s);
    let child = key === lastKey ? lastChild : children.get(key);
    if (!child) children.set(key, (child = new AreaSums()));
    lastKey = key;
    lastChild = child;
    child.addCounts(r, it);
    if (withCells) {
      const c = cellOfItem(s);
      let cell = cells.get(c);
      if (!cell) cells.set(c, (cell = new AreaSums()));
      cell.addCounts(r, it);
    }

    const delay = it.refDelay();
    if (delay !== null && worstDelay.admits(delay))
      worstDelay.add(row(r, delay, it.refField(F_VOLUME)));
    const splits = it.refField(F_SPLIT);
    if (splits > 0 && worstSplit.admits(splits)) {
      const cycles = it.refField(F_CYCLES);
      worstSplit.add(row(r, splits, cycles > 0 ? splits / cycles : null));
    }
    if (it.current && r.queue > 0 && worstQueue.admits(r.queue))
      worstQueue.add(row(r, r.queue, r.saturation));

    if (it.dark)
      dark.push({
        id: r.id,
        name: r.name,
        street: r.street,
        mode: r.mode as 'fault' | 'offline',
        since: Math.min(r.since, now),
        lastReport: r.observedAt,
      });
    else if (
      it.completeness !== undefined &&
      (it.completeness === null || it.completeness < COMPLETE_FROM)
    )
      incomplete.push({ id: r.id, name: r.name, street: r.street, completeness: it.completeness });
  }

  // Points in draw order (a counting sort: stable, linear).
  trimRecords(n);
  for (let k = 1; k <= DRAW_KEYS; k += 1) keyCounts[k]! += keyCounts[k - 1]!;
  const positions = new Float32Array(n * 2);
  const flow = new Float32Array(n);
  const pLevel = new Uint8Array(n);
  const pState = new Uint8Array(n);
  const pFlags = new Uint8Array(n);
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i += 1) {
    const r = records[i]!;
    const j = keyCounts[drawKey(state[i]!, level[i]!)]!++;
    positions[j * 2] = r.x;
    positions[j * 2 + 1] = r.y;
    flow[j] = flags[i]! & FLAG_NOT_CURRENT ? 0 : r.flow;
    pLevel[j] = level[i]!;
    pState[j] = state[i]!;
    pFlags[j] = flags[i]!;
    ids[j] = r.id;
  }

  const byIndex = (a: AreaEntry, b: AreaEntry) =>
    (b.index ?? -1) - (a.index ?? -1) || b.dark - a.dark || (a.key < b.key ? -1 : 1);
  dark.sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1));
  incomplete.sort(
    (a, b) => (a.completeness ?? -1) - (b.completeness ?? -1) || (a.id < b.id ? -1 : 1),
  );
  const trend: BinMeasures[] = [];
  if (ref !== null)
    for (let k = 0; k < TREND_BINS; k += 1)
      trend.push(area.bin(k, ref - (TREND_BINS - 1 - k) * BIN_MS));

  return {
    area: params.area,
    version: context.version,
    revision: context.revision,
    generatedAt: context.generatedAt,
    asOf: now,
    droppedLast: context.droppedLast,
    droppedTotal: context.droppedTotal,
    kpis: area.kpis(),
    bin: trend[TREND_BINS - 1] ?? null,
    trend,
    adaptive: area.adaptive(),
    ranking: [...children].map(([key, sums]) => sums.entry(key)).sort(byIndex),
    rankingLevel: childKey.level,
    cells: [...cells].map(([key, sums]) => sums.entry(key)).sort(byIndex),
    worst: { delay: worstDelay.rows, splitFailures: worstSplit.rows, queue: worstQueue.rows },
    dark: dark.slice(0, DARK_ROWS),
    incomplete: incomplete.slice(0, DARK_ROWS),
    history,
    points: { length: n, positions, level: pLevel, state: pState, flags: pFlags, flow, ids },
    extent,
  };
}

/** The buffers a view transfers to the page. */
export const trafficTransferables = (view: TrafficView): Transferable[] => [
  view.points.positions.buffer,
  view.points.level.buffer,
  view.points.state.buffer,
  view.points.flags.buffer,
  view.points.flow.buffer,
];

// ---- the overview's summary -------------------------------------------------------------------

/** What the overview shows of the traffic: headline figures and the intersections in trouble. */
export interface TrafficSummary {
  asOf: number;
  kpis: TrafficKpis;
  bin: BinMeasures | null;
  adaptive: AdaptiveFigures;
  /** Dark controllers and intersections at 中度拥堵 or worse, as points (faults last). */
  trouble: {
    length: number;
    positions: Float32Array;
    level: Uint8Array;
    state: Uint8Array;
    ids: string[];
  };
}

export function buildTrafficSummary(
  items: Iterable<SignalState>,
  params: AreaParams,
  context: TrafficViewContext,
  ref: number | null,
): TrafficSummary {
  const view = buildTrafficView(items, params, context, ref, undefined, {
    cells: false,
    lists: false,
  });
  const { points } = view;
  const keep: number[] = [];
  for (let i = 0; i < points.length; i += 1) {
    const st = points.state[i]!;
    const lv = points.level[i]!;
    if (st === 3 || st === 4 || (lv !== NO_LEVEL && lv >= 3)) keep.push(i);
  }
  const positions = new Float32Array(keep.length * 2);
  const level = new Uint8Array(keep.length);
  const state = new Uint8Array(keep.length);
  const ids: string[] = [];
  keep.forEach((i, j) => {
    positions[j * 2] = points.positions[i * 2]!;
    positions[j * 2 + 1] = points.positions[i * 2 + 1]!;
    level[j] = points.level[i]!;
    state[j] = points.state[i]!;
    ids.push(points.ids[i]!);
  });
  return {
    asOf: view.asOf,
    kpis: view.kpis,
    bin: view.bin,
    adaptive: view.adaptive,
    trouble: { length: keep.length, positions, level, state, ids },
  };
}

export const summaryTransferables = (s: TrafficSummary): Transferable[] => [
  s.trouble.positions.buffer,
  s.trouble.level.buffer,
  s.trouble.state.buffer,
];

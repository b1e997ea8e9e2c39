import { z } from 'zod';
import { FEED_NAMES, type FeedName } from '../../src/domain/common';

/** One injected failure of a feed. Several kinds can be active at once (one of each kind). */
export type Fault =
  /** 503 Service Unavailable. */
  | { kind: 'down' }
  /** Answer after `ms` real milliseconds. */
  | { kind: 'slow'; ms: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'garbage' }
  /** `percent` % of the items (or upserts) replaced by invalid copies. */
  | { kind: 'invalid'; percent: number }
  /** 200 with `items: []`. */
  | { kind: 'empty' }
  /** `generatedAt` shifted by `ms` (negative: the source's clock lags). */
  | { kind: 'skew'; ms: number }
  /** The version stays where it was when the fault was set, while the clock runs on (a quiet source). */
  | { kind: 'freeze' }
  /**
   * Ids and codes that are names every JavaScript object has: five items get the ids `__proto__`,
   * `constructor`, `prototype`, `toString`, `hasOwnProperty`, and one item in twenty such a
   * category and department where the feed has them. Valid items: the client must take them.
   */
  | { kind: 'protoids' }
  /** `percent` % of the items sent twice in the same response. */
  | { kind: 'duplicate'; percent: number }
  /** `percent` % of the items placed 0.6° east of their district (valid, but outside it). */
  | { kind: 'misplaced'; percent: number };

export type FaultKind = Fault['kind'];
export type FaultTarget = FeedName | 'all';
export type FaultState = Record<FeedName, Fault[]>;

export const FAULT_KINDS = [
  'down',
  'slow',
  'garbage',
  'invalid',
  'empty',
  'skew',
  'freeze',
  'protoids',
  'duplicate',
  'misplaced',
] as const;
export const MAX_SLOW_MS = 120_000;
export const MAX_SKEW_MS = 7 * 24 * 3_600_000;

export const DEFAULT_SLOW_MS = 3000;
export const DEFAULT_INVALID_PERCENT = 20;
export const DEFAULT_SKEW_MS = -600_000;

export const faultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('down') }),
  z.object({ kind: z.literal('slow'), ms: z.number().int().min(0).max(MAX_SLOW_MS) }),
  z.object({ kind: z.literal('garbage') }),
  z.object({ kind: z.literal('invalid'), percent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('empty') }),
  z.object({ kind: z.literal('skew'), ms: z.number().int().min(-MAX_SKEW_MS).max(MAX_SKEW_MS) }),
  z.object({ kind: z.literal('freeze') }),
  z.object({ kind: z.literal('protoids') }),
  z.object({ kind: z.literal('duplicate'), percent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('misplaced'), percent: z.number().min(0).max(100) }),
]);

export const faultTargetSchema = z.enum([...FEED_NAMES, 'all']);

export function emptyFaultState(): FaultState {
  return { tickets: [], signals: [], sensors: [], detections: [] };
}

export function targetFeeds(target: FaultTarget): readonly FeedName[] {
  return target === 'all' ? FEED_NAMES : [target];
}

/** Adds `fault` to `list`, replacing an earlier fault of the same kind. */
export function withFault(list: readonly Fault[], fault: Fault): Fault[] {
  return [...list.filter((f) => f.kind !== fault.kind), fault];
}

export function findFault<K extends FaultKind>(
  list: readonly Fault[],
  kind: K,
): Extract<Fault, { kind: K }> | undefined {
  return list.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
}

export interface FaultAssignment {
  target: FaultTarget;
  fault: Fault;
}

/**
 * Parses `tickets:down,sensors:slow:3000,all:invalid:30,signals:skew:-600000`
 * (the `fault` URL parameter and the `--fault` CLI flag). Throws a message naming the bad entry.
 */
export function parseFaultList(spec: string): FaultAssignment[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseFaultEntry);
}

function parseFaultEntry(entry: string): FaultAssignment {
  const [target, kind, arg, ...rest] = entry.split(':');
  const error = (why: string): Error =>
    new Error(`fault "${entry}": ${why} (expected feed:kind[:number])`);
  const parsedTarget = faultTargetSchema.safeParse(target);
  if (!parsedTarget.success) throw error(`unknown feed "${target ?? ''}"`);
  if (rest.length > 0) throw error('too many parts');
  const number = (fallback: number): number => {
    if (arg === undefined || arg === '') return fallback;
    const value = Number(arg);
    if (!Number.isFinite(value)) throw error(`"${arg}" is not a number`);
    return value;
  };
  let fault: Fault;
  switch (kind) {
    case 'down':
    case 'garbage':
    case 'empty':
    case 'freeze':
    case 'protoids':
      if (arg !== undefined) throw error(`${kind} takes no number`);
      fault = { kind };
      break;
    case 'slow':
      fault = { kind, ms: number(DEFAULT_SLOW_MS) };
      break;
    case 'invalid':
    case 'duplicate':
    case 'misplaced':
      fault = { kind, percent: number(DEFAULT_INVALID_PERCENT) };
      break;
    case 'skew':
      fault = { kind, ms: number(DEFAULT_SKEW_MS) };
      break;
    default:
      throw error(`unknown kind "${kind ?? ''}", one of ${FAULT_KINDS.join(' ')}`);
  }
  const checked = faultSchema.safeParse(fault);
  if (!checked.success) throw error(checked.error.issues[0]?.message ?? 'out of range');
  return { target: parsedTarget.data, fault: checked.data };
}

import type * as z from 'zod/mini';
import type { DroppedItem } from '../feed-adapter';
import { validateItems } from '../validate-items';

/** What mapping one source record gives: a domain candidate (validated next) or a problem. */
export type Mapped = { ok: true; item: unknown } | { ok: false; dropped: DroppedItem };

export const mappedProblem = (
  id: string | null,
  path: string,
  rule: string,
  reason: string,
): Mapped => ({
  ok: false,
  dropped: { id: id === null ? null : id.slice(0, 64), path, rule, reason: `${path}: ${reason}` },
});

/**
 * Maps source records and validates the candidates against the feed's schema: a record that
 * cannot be mapped or does not validate is dropped with its reason, never thrown. A mapper that
 * throws (a defect of ours, not of the source) drops the record too.
 */
export function mapAndValidate<T>(
  records: Iterable<unknown>,
  map: (record: unknown) => Mapped,
  schema: z.ZodMiniType<T>,
): { items: T[]; dropped: DroppedItem[] } {
  const candidates: unknown[] = [];
  const dropped: DroppedItem[] = [];
  for (const record of records) {
    let mapped: Mapped;
    try {
      mapped = map(record);
    } catch (e) {
      mapped = mappedProblem(null, '(item)', 'unmappable', String(e).slice(0, 120));
    }
    if (mapped.ok) candidates.push(mapped.item);
    else dropped.push(mapped.dropped);
  }
  const validated = validateItems(candidates, schema);
  return { items: validated.items, dropped: [...dropped, ...validated.dropped] };
}

/** Text of at most `max` characters (sources' free text is cut, not refused, when too long). */
export const clip = (text: string, max: number): string =>
  text.length > max ? text.slice(0, max - 1) + '…' : text;

/** A source value as text: strings and finite numbers, trimmed; anything else null. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export const ID_PATTERN = /^[\w.:-]{1,64}$/;

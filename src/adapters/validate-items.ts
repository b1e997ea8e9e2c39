import type * as z from 'zod/mini';
import type { DroppedItem } from './feed-adapter';

/** Splits raw items into valid ones and dropped ones with their first problem. */
export function validateItems<T>(
  raw: unknown,
  schema: z.ZodMiniType<T>,
): { items: T[]; dropped: DroppedItem[] } {
  if (!Array.isArray(raw))
    return {
      items: [],
      dropped: [{ id: null, reason: 'items is not an array', path: 'items', rule: 'invalid_type' }],
    };
  const items: T[] = [];
  const dropped: DroppedItem[] = [];
  for (const candidate of raw) {
    const result = schema.safeParse(candidate);
    if (result.success) {
      const mismatch = codesMismatch(result.data);
      if (mismatch === null) items.push(result.data);
      else
        dropped.push({
          id: readId(candidate),
          reason: `${mismatch}: does not lie in the area of the code above it`,
          path: mismatch,
          rule: 'area_mismatch',
        });
      continue;
    }
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join('.') || '(item)';
    dropped.push({
      id: readId(candidate),
      reason: issue ? `${path}: ${issue.message}` : 'invalid',
      path,
      rule: issue?.code ?? 'invalid',
    });
  }
  return { items, dropped };
}

function readId(candidate: unknown): string | null {
  if (typeof candidate !== 'object' || candidate === null) return null;
  const id = (candidate as { id?: unknown }).id;
  return typeof id === 'string' ? id.slice(0, 64) : null;
}

/**
 * Division codes nest: a community's code starts with its street's, a street's with its
 * district's. An item whose codes disagree would count in one area and not in its parent.
 * Returns the field that breaks the nesting, or null.
 */
function codesMismatch(item: unknown): string | null {
  const { district, street, community } = item as {
    district?: unknown;
    street?: unknown;
    community?: unknown;
  };
  if (typeof district !== 'string' || typeof street !== 'string' || typeof community !== 'string')
    return null;
  if (!street.startsWith(district)) return 'street';
  if (!community.startsWith(street)) return 'community';
  return null;
}

import type * as z from 'zod/mini';
import type { DroppedItem } from './feed-adapter';

/** Splits raw items into valid ones and dropped ones with their first problem. */
export function validateItems<T>(
  raw: unknown,
  schema: z.ZodMiniType<T>,
): { items: T[]; dropped: DroppedItem[] } {
  if (!Array.isArray(raw))
    return { items: [], dropped: [{ id: null, reason: 'items is not an array' }] };
  const items: T[] = [];
  const dropped: DroppedItem[] = [];
  for (const candidate of raw) {
    const result = schema.safeParse(candidate);
    if (result.success) {
      items.push(result.data);
      continue;
    }
    const issue = result.error.issues[0];
    dropped.push({
      id: readId(candidate),
      reason: issue ? `${issue.path.join('.') || '(item)'}: ${issue.message}` : 'invalid',
    });
  }
  return { items, dropped };
}

function readId(candidate: unknown): string | null {
  if (typeof candidate !== 'object' || candidate === null) return null;
  const id = (candidate as { id?: unknown }).id;
  return typeof id === 'string' ? id.slice(0, 64) : null;
}

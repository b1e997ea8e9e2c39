import type { FeedName } from '@/domain/common';
import { FeedFetchError, httpError, type AdapterEnv } from '../feed-adapter';

/** Requests one poll may still make: a poll that would exceed it stops where it is. */
export interface RequestBudget {
  left: number;
}

/**
 * One GET within the poll's budget: null when the budget is spent; rejects with a FeedFetchError
 * on a network failure or a non-2xx status (401/403 refused, 429/503 throttled with Retry-After).
 */
export async function getWithin(
  feed: FeedName,
  env: AdapterEnv,
  url: URL,
  init: { signal: AbortSignal; headers: Record<string, string>; budget: RequestBudget },
): Promise<Response | null> {
  if (init.budget.left <= 0) return null;
  init.budget.left -= 1;
  let response: Response;
  try {
    response = await env.fetch(url, {
      headers: init.headers,
      signal: init.signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (init.signal.aborted) throw e;
    throw new FeedFetchError(feed, 'network', `network error: ${String(e)}`);
  }
  if (!response.ok) throw httpError(feed, response);
  return response;
}

export async function readJson(feed: FeedName, response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new FeedFetchError(feed, 'parse', 'response is not JSON', response.status);
  }
}

export async function readText(feed: FeedName, response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    throw new FeedFetchError(feed, 'parse', 'response body unreadable', response.status);
  }
}

/** A plain record read from a source: own properties only, never the prototype's. */
export function own(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { realDelayUntil } from '@/state/clock';
import { useRuntime } from '@/state/runtime';
import type { ViewEnvelope } from './feed-client';
import { viewConfigured, viewQuery } from './feed-queries';
import type { ViewRef } from './view-ref';

/** Time-only rebuilds are spaced by at least this, and by a few times the view's build cost. */
const MIN_REBUILD_GAP_MS = 1000;

/**
 * A worker-built view: re-renders when the view changes (its data, or a time boundary its figures
 * cross), not on every poll. When the city clock reaches the view's `validUntil` — a deadline, the
 * next minute, midnight — it is asked for again at once rather than at the next poll.
 */
export function useView<V>(
  ref: ViewRef,
  params: Record<string, unknown>,
  enabled = true,
): ViewEnvelope<V> | undefined {
  const { feeds, config } = useRuntime();
  const options = viewQuery<V>(feeds, config, ref, params);
  const { data } = useQuery({ ...options, enabled: enabled && viewConfigured(config, ref) });
  const queryClient = useQueryClient();
  const validUntil = data?.validUntil ?? Infinity;
  const buildMs = data?.buildMs ?? 0;
  const key = options.queryKey;
  useEffect(() => {
    if (!enabled || !Number.isFinite(validUntil)) return;
    const delay = Math.max(realDelayUntil(validUntil), MIN_REBUILD_GAP_MS, buildMs * 4);
    if (!Number.isFinite(delay)) return;
    const timer = setTimeout(
      () => void queryClient.refetchQueries({ queryKey: key, exact: true }),
      delay,
    );
    return () => clearTimeout(timer);
    // The key's content, not its identity, decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, validUntil, buildMs, queryClient, JSON.stringify(key)]);
  return data;
}

/** The view's data only. */
export function useViewData<V>(
  ref: ViewRef,
  params: Record<string, unknown>,
  enabled = true,
): V | undefined {
  return useView<V>(ref, params, enabled)?.view;
}

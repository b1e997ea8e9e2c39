import { useQuery } from '@tanstack/react-query';
import { useRuntime } from '@/state/runtime';
import type { Ticket } from '@/domain/ticket';
import { useFeedViewData } from '@/feeds/use-feed-view';
import { useFreshness } from '@/feeds/use-freshness';
import type { TicketView } from './ticket-view';

export const TICKETS_VIEW = 'overview';

const paramsOf = (area: string | null) => ({ area });

/** The tickets view of an area: one worker-built object per data version. */
export const useTicketView = (area: string | null, enabled = true): TicketView | undefined =>
  useFeedViewData<TicketView>('tickets', TICKETS_VIEW, paramsOf(area), enabled);

export const useTicketFreshness = (area: string | null) =>
  useFreshness('tickets', TICKETS_VIEW, paramsOf(area));

/** One ticket as the worker holds it (personal data already masked or removed), per data version. */
export function useTicketDetail(id: string | null, revision: number | undefined) {
  const { feeds } = useRuntime();
  return useQuery({
    queryKey: ['tickets', 'detail', { id, revision }],
    queryFn: () => feeds.detail<Ticket>('tickets', id!),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

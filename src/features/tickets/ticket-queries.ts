import { useQuery } from '@tanstack/react-query';
import { useRuntime } from '@/state/runtime';
import type { Ticket } from '@/domain/ticket';
import { useView } from '@/feeds/use-view';
import type { TicketSummary, TicketView } from './ticket-view';
import { TICKETS_OVERVIEW, TICKETS_SUMMARY } from './views';

const paramsOf = (area: string | null) => ({ area });

/** The tickets view of an area: one worker-built object per data revision and time boundary. */
export const useTicketView = (area: string | null, enabled = true): TicketView | undefined =>
  useView<TicketView>(TICKETS_OVERVIEW, paramsOf(area), enabled)?.view;

/** The overview's summary of the tickets of an area. */
export const useTicketSummary = (area: string | null, enabled = true): TicketSummary | undefined =>
  useView<TicketSummary>(TICKETS_SUMMARY, paramsOf(area), enabled)?.view;

/** One ticket as the worker holds it (personal data already masked or removed), per data version. */
export function useTicketDetail(id: string | null, revision: number | undefined) {
  const { feeds } = useRuntime();
  return useQuery({
    queryKey: ['tickets', 'detail', { id, revision }],
    queryFn: () => feeds.detail<Ticket>('tickets', id!),
    enabled: id !== null,
    staleTime: Infinity,
    // A new data revision keeps the same ticket on screen until its new copy arrives: the drawer
    // neither blinks nor loses what is open or typed in it (scroll, the unmasking form).
    placeholderData: (previous, previousQuery) =>
      (previousQuery?.queryKey[2] as { id?: string } | undefined)?.id === id ? previous : undefined,
  });
}

import { TICKET_STAGES, type Ticket } from './ticket';
import {
  FUZHOU_TICKET_CATALOG,
  isDueSoon,
  isOverdue,
  closedOnTime as closedOnTimeOrNull,
} from './ticket-catalog';

/** The due-soon mark of the embedded catalogue (0.8); a city's own is `catalog.dueSoonShare`. */
export const DUE_SOON_SHARE = FUZHOU_TICKET_CATALOG.dueSoonShare;

/** Where an open ticket stands against its time limit at `now`; closed tickets are `closed`. */
export type TicketSla = 'closed' | 'overdue' | 'dueSoon' | 'onTrack';

/**
 * The ticket's SLA state at `now`. The deadline is the ticket's own (its source computed it);
 * `dueSoonShare` is the city's due-soon mark (its catalogue's), 0.8 by default.
 */
export function ticketSla(
  ticket: Pick<Ticket, 'stage' | 'stages' | 'deadline'>,
  now: number,
  dueSoonShare = DUE_SOON_SHARE,
): TicketSla {
  if (ticket.stage === 'closed' || ticket.stage === 'rated') return 'closed';
  if (isOverdue(ticket, now)) return 'overdue';
  return isDueSoon(ticket, now, dueSoonShare) ? 'dueSoon' : 'onTrack';
}

/** Closed within its time limit (only meaningful for closed tickets). */
export const closedOnTime = (ticket: Pick<Ticket, 'stages' | 'deadline'>): boolean =>
  closedOnTimeOrNull(ticket) === true;

/** Stage the ticket was in at `t` (for comparisons with the same time yesterday), or null before it was reported. */
export function stageAt(ticket: Pick<Ticket, 'stages'>, t: number): keyof Ticket['stages'] | null {
  let current: keyof Ticket['stages'] | null = null;
  for (const stage of TICKET_STAGES) {
    const at = ticket.stages[stage];
    if (at !== undefined && at <= t) current = stage;
  }
  return current;
}

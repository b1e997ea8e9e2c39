import type { Ticket } from './ticket';
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
  // The stages in order, written out: a loop over the names would read the times with a key that
  // changes at every step, which V8 cannot specialise (this runs for every ticket of a city).
  const s = ticket.stages;
  let current: keyof Ticket['stages'] | null = null;
  if (s.reported <= t) current = 'reported';
  if (s.registered !== undefined && s.registered <= t) current = 'registered';
  if (s.dispatched !== undefined && s.dispatched <= t) current = 'dispatched';
  if (s.processing !== undefined && s.processing <= t) current = 'processing';
  if (s.feedback !== undefined && s.feedback <= t) current = 'feedback';
  if (s.closed !== undefined && s.closed <= t) current = 'closed';
  if (s.rated !== undefined && s.rated <= t) current = 'rated';
  return current;
}

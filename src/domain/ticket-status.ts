import { isClosedStage, type Ticket } from './ticket';

/** Share of the time limit after which an open ticket is 临期 (due soon). */
export const DUE_SOON_SHARE = 0.8;

/** Where an open ticket stands against its time limit at `now`; closed tickets are `closed`. */
export type TicketSla = 'closed' | 'overdue' | 'dueSoon' | 'onTrack';

export function ticketSla(
  ticket: Pick<Ticket, 'stage' | 'stages' | 'deadline'>,
  now: number,
): TicketSla {
  if (isClosedStage(ticket.stage)) return 'closed';
  if (now > ticket.deadline) return 'overdue';
  const start = ticket.stages.reported;
  if (now >= start + DUE_SOON_SHARE * (ticket.deadline - start)) return 'dueSoon';
  return 'onTrack';
}

/** Closed within its time limit (only meaningful for closed tickets). */
export const closedOnTime = (ticket: Pick<Ticket, 'stages' | 'deadline'>): boolean =>
  ticket.stages.closed !== undefined && ticket.stages.closed <= ticket.deadline;

/** Stage the ticket was in at `t` (for comparisons with the same time yesterday), or null before it was reported. */
export function stageAt(ticket: Pick<Ticket, 'stages'>, t: number): keyof Ticket['stages'] | null {
  let current: keyof Ticket['stages'] | null = null;
  for (const stage of STAGE_ORDER) {
    const at = ticket.stages[stage];
    if (at !== undefined && at <= t) current = stage;
  }
  return current;
}

const STAGE_ORDER = [
  'reported',
  'registered',
  'dispatched',
  'processing',
  'feedback',
  'closed',
  'rated',
] as const;

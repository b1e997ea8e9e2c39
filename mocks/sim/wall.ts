import type { Ticket } from '../../src/domain/ticket';

export type WallTicket = Omit<Ticket, 'reporter' | 'address'>;

/**
 * The wall projection of a ticket: no reporter, no address (not even masked), and empty title and
 * description, which citizens write and may fill with a phone number or a name.
 */
export function toWall(ticket: Ticket): WallTicket {
  const copy: Ticket = { ...ticket, title: '', description: '' };
  delete copy.reporter;
  delete copy.address;
  return copy;
}

export const wallProjection = (items: readonly Ticket[]): WallTicket[] => items.map(toWall);

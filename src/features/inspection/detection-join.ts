// Detections that became tickets: the join of the two feeds in the worker, by the detection's
// `ticketId` and the ticket's `sourceRef`, checked in both directions (docs/metrics.md).
import type { Detection } from '@/domain/detection';
import type { Ticket } from '@/domain/ticket';

/** How a link between the feeds can disagree (a data-quality figure, never hidden). */
export const JOIN_ISSUES = [
  /** The detection names a ticket the tickets feed does not hold. */
  'ticket-missing',
  /** The detection names a ticket whose `sourceRef` is another detection (or none). */
  'ticket-disowns',
  /** A ticket names the detection as its source, but the detection names no ticket or another. */
  'detection-unlinked',
  /** A ticket recent enough to have its detection held names one the detections feed lacks. */
  'detection-missing',
] as const;
export type JoinIssue = (typeof JOIN_ISSUES)[number];

export interface JoinIssueEntry {
  kind: JoinIssue;
  detection: string | null;
  ticket: string | null;
  /** Division codes of the detection (or the ticket): which areas count the issue. */
  community: string;
}

export interface JoinIndex {
  /** The ticket a detection became: the one it names when held, else one naming it as source. */
  readonly ticketOf: ReadonlyMap<string, Ticket>;
  readonly issues: readonly JoinIssueEntry[];
  /** Issues by detection id (a detection has at most one). */
  readonly issueOf: ReadonlyMap<string, JoinIssue>;
  /** Tickets naming a detection older than the detections feed holds (not an issue). */
  readonly beforeHeld: number;
}

/**
 * Joins the feeds both ways. `heldFrom`: the detections feed's window start (yesterday 00:00); a
 * ticket reported an hour or more after it must find its detection there (a detection becomes a
 * case within minutes).
 */
export function joinDetections(
  detections: ReadonlyMap<string, Detection>,
  tickets: ReadonlyMap<string, Ticket>,
  heldFrom: number,
  referring: readonly Ticket[] = ticketsWithSource(tickets),
): JoinIndex {
  const ticketOf = new Map<string, Ticket>();
  const issues: JoinIssueEntry[] = [];
  const issueOf = new Map<string, JoinIssue>();
  const add = (entry: JoinIssueEntry) => {
    issues.push(entry);
    if (entry.detection !== null && !issueOf.has(entry.detection))
      issueOf.set(entry.detection, entry.kind);
  };
  for (const d of detections.values()) {
    if (d.ticketId === null) continue;
    const ticket = tickets.get(d.ticketId);
    if (!ticket) {
      add({ kind: 'ticket-missing', detection: d.id, ticket: d.ticketId, community: d.community });
      continue;
    }
    ticketOf.set(d.id, ticket);
    if (ticket.sourceRef !== d.id)
      add({ kind: 'ticket-disowns', detection: d.id, ticket: ticket.id, community: d.community });
  }
  let beforeHeld = 0;
  for (const t of referring) {
    const ref = t.sourceRef;
    if (ref === null) continue;
    // Reported an hour or more before the feed's window: its detection is older than held.
    if (t.stages.reported < heldFrom - 3_600_000) {
      beforeHeld += 1;
      continue;
    }
    const d = detections.get(ref);
    if (!d) {
      if (t.stages.reported >= heldFrom + 3_600_000)
        add({ kind: 'detection-missing', detection: null, ticket: t.id, community: t.community });
      else beforeHeld += 1;
      continue;
    }
    if (d.ticketId === t.id) continue;
    add({ kind: 'detection-unlinked', detection: d.id, ticket: t.id, community: d.community });
    // The detection names none (or a ticket not held): the ticket naming it is its case.
    if (!ticketOf.has(d.id)) ticketOf.set(d.id, t);
  }
  return { ticketOf, issues, issueOf, beforeHeld };
}

/** The tickets that name a detection as their source (one pass over the tickets feed). */
export function ticketsWithSource(tickets: ReadonlyMap<string, Ticket>): Ticket[] {
  const out: Ticket[] = [];
  for (const t of tickets.values()) if (t.sourceRef !== null) out.push(t);
  return out;
}

/** Counts issues per kind among those in an area (division code prefix; null: the city). */
export function issuesIn(index: JoinIndex, area: string | null): Record<JoinIssue, number> {
  const counts = {
    'ticket-missing': 0,
    'ticket-disowns': 0,
    'detection-unlinked': 0,
    'detection-missing': 0,
  };
  for (const issue of index.issues)
    if (area === null || issue.community.startsWith(area)) counts[issue.kind] += 1;
  return counts;
}

let held: { detections: number; tickets: number; heldFrom: number; index: JoinIndex } | null = null;
let referring: { tickets: number; list: Ticket[] } | null = null;

/**
 * The join for these revisions of both feeds, built once and shared by every area's view. The
 * pass over every ticket (to find those naming a detection) is made once per tickets revision: a
 * new detections revision only joins again.
 */
export function joinFor(
  revisions: { detections: number; tickets: number },
  heldFrom: number,
  build: () => { detections: ReadonlyMap<string, Detection>; tickets: ReadonlyMap<string, Ticket> },
): JoinIndex {
  if (
    held &&
    held.detections === revisions.detections &&
    held.tickets === revisions.tickets &&
    held.heldFrom === heldFrom
  )
    return held.index;
  const { detections, tickets } = build();
  if (!referring || referring.tickets !== revisions.tickets)
    referring = { tickets: revisions.tickets, list: ticketsWithSource(tickets) };
  const index = joinDetections(detections, tickets, heldFrom, referring.list);
  held = { ...revisions, heldFrom, index };
  return index;
}

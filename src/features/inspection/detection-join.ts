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
  ticketFor(detection: Detection): Ticket | undefined;
  readonly issues: readonly JoinIssueEntry[];
  /** Issues by detection id (a detection has at most one). */
  readonly issueOf: ReadonlyMap<string, JoinIssue>;
  /** Tickets naming a detection older than the detections feed holds (not an issue). */
  readonly beforeHeld: number;
  /** The held ticket each of the `named` detections names, in their order (undefined: none). */
  readonly forward: readonly (Ticket | undefined)[];
}

/**
 * The tickets that name a detection as their source, from one pass over the tickets feed: those
 * reported early enough to name a detection the feed holds, each detection's first claimant, and
 * how many name older detections (a detection becomes a case within minutes, so a ticket reported
 * an hour before the feed's window began names a detection from before it).
 */
export interface Referring {
  recent: Ticket[];
  claims: ReadonlyMap<string, Ticket>;
  beforeHeld: number;
}

export function referringTickets(
  tickets: ReadonlyMap<string, Ticket>,
  heldFrom: number,
): Referring {
  const recent: Ticket[] = [];
  const claims = new Map<string, Ticket>();
  let beforeHeld = 0;
  for (const t of tickets.values()) {
    const ref = t.sourceRef;
    if (ref === null) continue;
    if (t.stages.reported < heldFrom - 3_600_000) {
      beforeHeld += 1;
      continue;
    }
    recent.push(t);
    if (!claims.has(ref)) claims.set(ref, t);
  }
  return { recent, claims, beforeHeld };
}

/**
 * Joins the feeds both ways. `named`: the detections that name a ticket (a feed's detections, or
 * only those); `heldFrom`: the detections feed's window start (yesterday 00:00): a ticket reported
 * an hour or more after it must find its detection there.
 */
export function joinDetections(
  detections: ReadonlyMap<string, Detection>,
  tickets: ReadonlyMap<string, Ticket>,
  heldFrom: number,
  referring: Referring = referringTickets(tickets, heldFrom),
  named: Iterable<Detection> = detections.values(),
): JoinIndex {
  const issues: JoinIssueEntry[] = [];
  const issueOf = new Map<string, JoinIssue>();
  const add = (entry: JoinIssueEntry) => {
    issues.push(entry);
    if (entry.detection !== null && !issueOf.has(entry.detection))
      issueOf.set(entry.detection, entry.kind);
  };
  const forward: (Ticket | undefined)[] = [];
  for (const d of named) {
    const ticket = d.ticketId === null ? undefined : tickets.get(d.ticketId);
    forward.push(ticket);
    if (d.ticketId === null) continue;
    if (!ticket)
      add({ kind: 'ticket-missing', detection: d.id, ticket: d.ticketId, community: d.community });
    else if (ticket.sourceRef !== d.id)
      add({ kind: 'ticket-disowns', detection: d.id, ticket: ticket.id, community: d.community });
  }
  for (const t of referring.recent) {
    const ref = t.sourceRef as string;
    const d = detections.get(ref);
    if (!d) {
      if (t.stages.reported >= heldFrom + 3_600_000)
        add({ kind: 'detection-missing', detection: null, ticket: t.id, community: t.community });
      continue;
    }
    if (d.ticketId !== t.id)
      add({ kind: 'detection-unlinked', detection: d.id, ticket: t.id, community: d.community });
  }
  return {
    ticketFor: (d) =>
      (d.ticketId !== null ? tickets.get(d.ticketId) : undefined) ?? referring.claims.get(d.id),
    issues,
    issueOf,
    beforeHeld: referring.beforeHeld,
    forward,
  };
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
let referring: { tickets: number; heldFrom: number; value: Referring } | null = null;

/**
 * The join for these revisions of both feeds, built once and shared by every area's view. The
 * pass over every ticket is made once per tickets revision; a new detections revision joins its
 * detections that name a ticket (`named`) and the recent claimants only.
 */
export function joinFor(
  revisions: { detections: number; tickets: number },
  heldFrom: number,
  build: () => {
    detections: ReadonlyMap<string, Detection>;
    tickets: ReadonlyMap<string, Ticket>;
    named?: Iterable<Detection>;
  },
): JoinIndex {
  if (
    held &&
    held.detections === revisions.detections &&
    held.tickets === revisions.tickets &&
    held.heldFrom === heldFrom
  )
    return held.index;
  const { detections, tickets, named } = build();
  if (!referring || referring.tickets !== revisions.tickets || referring.heldFrom !== heldFrom)
    referring = {
      tickets: revisions.tickets,
      heldFrom,
      value: referringTickets(tickets, heldFrom),
    };
  const index = joinDetections(detections, tickets, heldFrom, referring.value, named);
  held = { ...revisions, heldFrom, index };
  return index;
}

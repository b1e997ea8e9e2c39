// One detection for the drawer: its fields, the case it became (joined with the tickets feed in
// the worker, both directions checked) and its camera's status. Nothing personal: the ticket's
// reporter, address and text never leave the worker in this view.
import type { Detection } from '@/domain/detection';
import type { Ticket, TicketStage } from '@/domain/ticket';
import { stageAt, ticketSla, type TicketSla } from '@/domain/ticket-status';
import type { ViewContext, ViewInput } from '@/feeds/view-builder';
import { joinOf } from './inspection-view';
import { type JoinIssue } from './detection-join';
import { camerasOf } from './resources';

export interface CaseTicket {
  id: string;
  category: string;
  department: string | null;
  urgent: boolean;
  /** Its stage at the view's moment, and the times of the stages reached by then. */
  stage: TicketStage;
  stages: Partial<Record<TicketStage, number>>;
  deadline: number;
  sla: TicketSla;
}

export interface DetectionDetail {
  asOf: number;
  detection: Detection | null;
  ticket: CaseTicket | null;
  /** How the two feeds agree on the link. */
  link: 'agrees' | 'none' | 'no-tickets' | JoinIssue;
  camera: { status: 'online' | 'offline'; since: number | null } | null;
}

export function buildDetectionDetail(
  input: ViewInput,
  { id }: { id: string },
  ctx: Pick<ViewContext, 'now' | 'time' | 'changesAt'>,
): DetectionDetail {
  const { now } = ctx;
  const detection = (input.all('detections') as ReadonlyMap<string, Detection>).get(id) ?? null;
  const base = { asOf: now, detection, ticket: null, camera: null };
  if (!detection) return { ...base, link: 'none' };
  const yesterdayStart = ctx.time.dayStart(ctx.time.dayStart(now) - 1);
  const { index, tickets } = joinOf(input, yesterdayStart);
  const issue = index.issueOf.get(id);
  const ticket: Ticket | undefined = index.ticketFor(detection);
  let caseTicket: CaseTicket | null = null;
  if (ticket && ticket.stages.reported <= now) {
    const stages: Partial<Record<TicketStage, number>> = {};
    for (const [stage, at] of Object.entries(ticket.stages) as [TicketStage, number?][]) {
      // A stage not reached is absent, or present as undefined (the stored tickets' fixed shape).
      if (at === undefined) continue;
      if (at <= now) stages[stage] = at;
      else ctx.changesAt(at);
    }
    const stage = stageAt(ticket, now) ?? 'reported';
    caseTicket = {
      id: ticket.id,
      category: ticket.category,
      department: ticket.department,
      urgent: ticket.urgent,
      stage,
      stages,
      deadline: ticket.deadline,
      sla: ticketSla({ stage, stages: ticket.stages, deadline: ticket.deadline }, now),
    };
    if (ticket.deadline > now) ctx.changesAt(ticket.deadline + 1);
  } else if (ticket) ctx.changesAt(ticket.stages.reported);
  const cameras = camerasOf(input);
  const camera =
    detection.cameraId !== null && cameras.state === 'ok'
      ? (cameras.value.cameras.find((c) => c.id === detection.cameraId) ?? null)
      : null;
  return {
    asOf: now,
    detection,
    ticket: caseTicket,
    link: !tickets
      ? 'no-tickets'
      : (issue ?? (ticket ? 'agrees' : detection.ticketId !== null ? 'ticket-missing' : 'none')),
    camera: camera ? { status: camera.status, since: camera.since } : null,
  };
}

import { describe, expect, it } from 'vitest';
import type { Detection } from '@/domain/detection';
import type { Ticket } from '@/domain/ticket';
import { makeTicket } from '../../../tests/fixtures/make-ticket';
import { issuesIn, joinDetections, joinFor } from './detection-join';

const T0 = Date.UTC(2026, 10, 19, 2); // 10:00 in Fuzhou
const HELD_FROM = Date.UTC(2026, 10, 17, 16); // yesterday 00:00

function detection(id: string, ticketId: string | null, community = '350102001001'): Detection {
  return {
    id,
    position: [119.3, 26.08],
    district: community.slice(0, 6),
    street: community.slice(0, 9),
    community,
    type: 'street_vending',
    source: 'camera',
    cameraId: 'CAM-1',
    observedAt: T0,
    confidence: 0.9,
    hotspot: null,
    status: ticketId ? 'reported' : 'new',
    ticketId,
  };
}

const ticket = (id: string, sourceRef: string | null, reported = T0 + 60_000): Ticket =>
  makeTicket(id, {
    sourceRef,
    stages: { reported },
    community: '350103002003',
    street: '350103002',
    district: '350103',
  });

const map = <T extends { id: string }>(items: T[]) => new Map(items.map((x) => [x.id, x]));

describe('the detection–ticket join', () => {
  it('links both ways when the feeds agree, and finds no issue', () => {
    const dets = map([detection('D-1', 'T-1'), detection('D-2', null)]);
    const index = joinDetections(dets, map([ticket('T-1', 'D-1'), ticket('T-9', null)]), HELD_FROM);
    expect(index.ticketFor(dets.get('D-1')!)?.id).toBe('T-1');
    expect(index.ticketFor(dets.get('D-2')!)).toBeUndefined();
    expect(index.issues).toEqual([]);
  });

  it('counts each way the links can disagree, once, where the detection (or ticket) lies', () => {
    const dets = map([
      detection('D-1', 'T-404'), // names a ticket the feed lacks
      detection('D-2', 'T-2'), // whose ticket names another detection
      detection('D-3', null, '350104001001'), // a ticket names it, it names none
      detection('D-4', 'T-4'),
    ]);
    const index = joinDetections(
      dets,
      map([
        ticket('T-2', 'D-other'), // … which the detections feed lacks too
        ticket('T-3', 'D-3'),
        ticket('T-4', 'D-4'),
        ticket('T-5', 'D-gone'), // recent: its detection should be held
        ticket('T-6', 'D-old', HELD_FROM - 86_400_000), // older than the feed holds: fine
      ]),
      HELD_FROM,
    );
    expect(index.issues.map((i) => [i.kind, i.detection, i.ticket])).toEqual([
      ['ticket-missing', 'D-1', 'T-404'],
      ['ticket-disowns', 'D-2', 'T-2'],
      ['detection-missing', null, 'T-2'],
      ['detection-unlinked', 'D-3', 'T-3'],
      ['detection-missing', null, 'T-5'],
    ]);
    expect(index.beforeHeld).toBe(1);
    // The unlinked detection still finds its case through the ticket's reference.
    expect(index.ticketFor(dets.get('D-3')!)?.id).toBe('T-3');
    expect(index.issueOf.get('D-2')).toBe('ticket-disowns');
    expect(issuesIn(index, null)).toEqual({
      'ticket-missing': 1,
      'ticket-disowns': 1,
      'detection-unlinked': 1,
      'detection-missing': 2,
    });
    expect(issuesIn(index, '350104')['detection-unlinked']).toBe(1);
    expect(issuesIn(index, '350102')).toMatchObject({ 'ticket-missing': 1, 'ticket-disowns': 1 });
    expect(issuesIn(index, '350103')['detection-missing']).toBe(2);
  });

  it('takes ids that are property names without touching any prototype', () => {
    const dets = map([detection('__proto__', 'constructor')]);
    const index = joinDetections(dets, map([ticket('constructor', '__proto__')]), HELD_FROM);
    expect(index.ticketFor(dets.get('__proto__')!)?.id).toBe('constructor');
    expect(index.issues).toEqual([]);
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });

  it('is built once per pair of revisions', () => {
    let builds = 0;
    const build = () => {
      builds += 1;
      return { detections: map([detection('D-1', null)]), tickets: map<Ticket>([]) };
    };
    const a = joinFor({ detections: 1, tickets: 1 }, HELD_FROM, build);
    expect(joinFor({ detections: 1, tickets: 1 }, HELD_FROM, build)).toBe(a);
    joinFor({ detections: 1, tickets: 2 }, HELD_FROM, build);
    expect(builds).toBe(2);
  });
});

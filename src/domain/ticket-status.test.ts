import { describe, expect, it } from 'vitest';
import { TICKET_STAGES, type Ticket } from './ticket';
import { closedOnTime, DUE_SOON_SHARE, stageAt, ticketSla } from './ticket-status';

const HOUR = 3_600_000;
const REPORTED = Date.UTC(2026, 10, 22, 1, 0, 0);
const LIMIT = 10 * HOUR;
const DEADLINE = REPORTED + LIMIT;

type SlaInput = Pick<Ticket, 'stage' | 'stages' | 'deadline'>;
const open = (stage: Ticket['stage'] = 'processing'): SlaInput => ({
  stage,
  stages: { reported: REPORTED },
  deadline: DEADLINE,
});

describe('ticketSla', () => {
  it('uses 80% of the time limit as the due-soon mark', () => {
    expect(DUE_SOON_SHARE).toBe(0.8);
  });

  it.each([
    ['at reporting', 0, 'onTrack'],
    ['just before 80%', 8 * HOUR - 1, 'onTrack'],
    ['at 80% of the limit', 8 * HOUR, 'dueSoon'],
    ['just before the deadline', LIMIT - 1, 'dueSoon'],
    ['at the deadline', LIMIT, 'dueSoon'],
    ['just past the deadline', LIMIT + 1, 'overdue'],
    ['a day late', LIMIT + 24 * HOUR, 'overdue'],
  ] as const)('is %s → %s', (_label, elapsed, expected) => {
    expect(ticketSla(open(), REPORTED + elapsed)).toBe(expected);
  });

  it('takes a city’s own due-soon mark', () => {
    expect(ticketSla(open(), REPORTED + 7.5 * HOUR, 0.75)).toBe('dueSoon');
    expect(ticketSla(open(), REPORTED + 7.5 * HOUR)).toBe('onTrack');
    expect(ticketSla(open(), REPORTED + 8.5 * HOUR, 0.9)).toBe('onTrack');
  });

  it('measures the share from the reporting time, not from zero', () => {
    const late = { ...open(), stages: { reported: DEADLINE - 5 * HOUR } };
    // 3 h of a 5 h limit elapsed (60 %): on track, although 9 h passed since REPORTED.
    expect(ticketSla(late, REPORTED + 8 * HOUR)).toBe('onTrack');
    expect(ticketSla(late, DEADLINE - HOUR)).toBe('dueSoon');
  });

  it('counts closed and rated tickets as closed, even past the deadline', () => {
    for (const stage of ['closed', 'rated'] as const) {
      expect(ticketSla(open(stage), REPORTED)).toBe('closed');
      expect(ticketSla(open(stage), DEADLINE + 48 * HOUR)).toBe('closed');
    }
  });

  it('treats every other stage as open', () => {
    for (const stage of ['reported', 'registered', 'dispatched', 'processing', 'feedback'] as const)
      expect(ticketSla(open(stage), DEADLINE + 1)).toBe('overdue');
  });
});

describe('closedOnTime', () => {
  it('compares the closing time with the deadline', () => {
    const closedAt = (t: number | undefined) => ({
      stages: { reported: REPORTED, ...(t === undefined ? {} : { closed: t }) },
      deadline: DEADLINE,
    });
    expect(closedOnTime(closedAt(DEADLINE))).toBe(true);
    expect(closedOnTime(closedAt(DEADLINE - 1))).toBe(true);
    expect(closedOnTime(closedAt(DEADLINE + 1))).toBe(false);
    expect(closedOnTime(closedAt(undefined))).toBe(false);
  });
});

describe('stageAt', () => {
  const stages: Ticket['stages'] = {
    reported: REPORTED,
    registered: REPORTED + HOUR,
    dispatched: REPORTED + 2 * HOUR,
    processing: REPORTED + 3 * HOUR,
    closed: REPORTED + 5 * HOUR,
  };

  it('is null before the ticket was reported', () => {
    expect(stageAt({ stages }, REPORTED - 1)).toBeNull();
  });

  it.each([
    [0, 'reported'],
    [HOUR - 1, 'reported'],
    [HOUR, 'registered'],
    [2 * HOUR + 1, 'dispatched'],
    [3 * HOUR, 'processing'],
    [4 * HOUR, 'processing'],
    [5 * HOUR, 'closed'],
    [100 * HOUR, 'closed'],
  ] as const)('at reported + %i ms is %s', (offset, expected) => {
    expect(stageAt({ stages }, REPORTED + offset)).toBe(expected);
  });

  it('knows every stage of the loop, each as the last one reached', () => {
    TICKET_STAGES.forEach((stage, i) => {
      const reached = Object.fromEntries(
        TICKET_STAGES.slice(0, i + 1).map((s, k) => [s, REPORTED + k * HOUR]),
      ) as Ticket['stages'];
      expect(stageAt({ stages: reached }, REPORTED + 100 * HOUR)).toBe(stage);
    });
  });

  it('follows the loop order, skipping stages never reached', () => {
    const skipped: Ticket['stages'] = { reported: REPORTED, dispatched: REPORTED + HOUR };
    expect(stageAt({ stages: skipped }, REPORTED + 2 * HOUR)).toBe('dispatched');
  });

  it('after a rework, does not count a reset later stage as reached', () => {
    // Rework reset `feedback`: it is reached again only at its new time.
    const reworked: Ticket['stages'] = {
      reported: REPORTED,
      processing: REPORTED + HOUR,
      feedback: REPORTED + 6 * HOUR,
    };
    expect(stageAt({ stages: reworked }, REPORTED + 3 * HOUR)).toBe('processing');
    expect(stageAt({ stages: reworked }, REPORTED + 6 * HOUR)).toBe('feedback');
  });
});

import { describe, expect, it } from 'vitest';
import { parseDemoParams } from './demo-params';

const NOW = Date.UTC(2026, 10, 22, 1, 2, 33, 444);

describe('parseDemoParams', () => {
  it('has demo defaults', () => {
    expect(parseDemoParams(new URLSearchParams(''), NOW)).toEqual({
      params: {
        seed: 42,
        speed: 60,
        scale: 1,
        start: Date.UTC(2026, 10, 22, 1, 2),
        paused: false,
        faults: [],
        hostile: false,
        incidents: true,
      },
      warnings: [],
    });
  });

  it('reads every parameter', () => {
    const search = new URLSearchParams(
      'seed=7&speed=600&scale=10&start=2026-11-22T08:00:00%2B08:00&paused=1&fault=tickets:down,sensors:slow:3000&fault=all:skew&hostile=1&incidents=0',
    );
    const { params, warnings } = parseDemoParams(search, NOW);
    expect(warnings).toEqual([]);
    expect(params).toEqual({
      seed: 7,
      speed: 600,
      scale: 10,
      start: Date.UTC(2026, 10, 22, 0, 0),
      paused: true,
      faults: [
        { target: 'tickets', fault: { kind: 'down' } },
        { target: 'sensors', fault: { kind: 'slow', ms: 3000 } },
        { target: 'all', fault: { kind: 'skew', ms: -600_000 } },
      ],
      hostile: true,
      incidents: false,
    });
    expect(parseDemoParams(new URLSearchParams('start=1795305600000'), NOW).params.start).toBe(
      1795305600000,
    );
  });

  it('falls back with a warning on bad values', () => {
    const { params, warnings } = parseDemoParams(
      new URLSearchParams(
        'seed=abc&speed=9000&scale=0&start=tomorrow&fault=parking:down&hostile=maybe',
      ),
      NOW,
    );
    expect(params).toMatchObject({ seed: 42, speed: 600, scale: 1, faults: [], hostile: false });
    expect(warnings).toHaveLength(5);
  });
});

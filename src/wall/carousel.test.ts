import { describe, expect, it } from 'vitest';
import { MIN_DWELL_MS, paused, resumed, RUNNING, slideAt, slidesOf, startAt } from './carousel';

const slides = slidesOf(
  [
    { scenario: 'tickets', dwellS: 20 },
    { scenario: 'traffic', area: '350102', dwellS: 5 },
    { scenario: 'gone', dwellS: 60 },
  ],
  ['tickets', 'traffic'],
);

describe('the wall carousel', () => {
  it('shows the overview, then the playlist’s known scenarios, each at least 15 s', () => {
    expect(
      slides.map((s) => (s.kind === 'overview' ? 'overview' : `${s.scenario}@${s.area}`)),
    ).toEqual(['overview', 'tickets@null', 'traffic@350102']);
    expect(slides.map((s) => s.dwellMs)).toEqual([30_000, 20_000, MIN_DWELL_MS]);
    expect(slidesOf([], ['a', 'b']).length).toBe(3);
  });

  it('is a function of time: every window computes the same slide', () => {
    const cycle = 30_000 + 20_000 + 15_000;
    const at = (t: number) => slideAt(slides, RUNNING, t).index;
    expect(at(0)).toBe(0);
    expect(at(29_999)).toBe(0);
    expect(at(30_000)).toBe(1);
    expect(at(50_000)).toBe(2);
    expect(at(cycle)).toBe(0);
    expect(at(cycle * 1000 + 31_000)).toBe(1);
    expect(slideAt(slides, RUNNING, 35_000)).toEqual({
      index: 1,
      startedAt: 30_000,
      endsAt: 50_000,
    });
  });

  it('holds a slide while paused, and gives it a whole dwell when resumed', () => {
    const held = paused(slides, RUNNING, 35_000, 'operator');
    expect(held).toMatchObject({ held: 1, by: 'operator' });
    expect(slideAt(slides, held, 10 * 60_000).index).toBe(1);
    const again = resumed(slides, held, 600_000, 'operator');
    expect(slideAt(slides, again, 600_000)).toEqual({
      index: 1,
      startedAt: 600_000,
      endsAt: 620_000,
    });
    expect(slideAt(slides, again, 620_000).index).toBe(2);
  });

  it('starts a given slide now (a reload resumes where the URL says)', () => {
    const state = startAt(slides, 2, 1_000_000);
    expect(slideAt(slides, state, 1_000_000)).toEqual({
      index: 2,
      startedAt: 1_000_000,
      endsAt: 1_015_000,
    });
    expect(slideAt(slides, startAt(slides, 99, 0), 0).index).toBe(2);
  });
});

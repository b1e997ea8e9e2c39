import { describe, expect, it, vi } from 'vitest';
import { manualTime } from './fake-city';
import { createSimClock, MAX_SPEED } from './sim-clock';

const T0 = Date.UTC(2026, 10, 22, 0, 0);

describe('sim clock', () => {
  it('runs at its speed from the start time', () => {
    const time = manualTime(1000);
    const clock = createSimClock({ start: T0, speed: 60, realNow: time.realNow });
    expect(clock.now()).toBe(T0);
    time.advance(1000);
    expect(clock.now()).toBe(T0 + 60_000);
  });

  it('keeps sim time continuous when the speed changes', () => {
    const time = manualTime();
    const clock = createSimClock({ start: T0, speed: 10, realNow: time.realNow });
    time.advance(500);
    const before = clock.now();
    clock.setSpeed(600);
    expect(clock.now()).toBe(before);
    time.advance(100);
    expect(clock.now()).toBe(before + 60_000);
  });

  it('stands still while paused and resumes where it stopped', () => {
    const time = manualTime();
    const clock = createSimClock({ start: T0, speed: 2, realNow: time.realNow });
    time.advance(1000);
    clock.pause();
    time.advance(60_000);
    expect(clock.now()).toBe(T0 + 2000);
    expect(clock.paused).toBe(true);
    clock.resume();
    time.advance(1000);
    expect(clock.now()).toBe(T0 + 4000);
  });

  it('clamps the speed to 1…600 and rejects non-numbers', () => {
    const clock = createSimClock({ start: T0, speed: 10_000 });
    expect(clock.speed).toBe(MAX_SPEED);
    clock.setSpeed(0.1);
    expect(clock.speed).toBe(1);
    expect(() => clock.setSpeed(Number.NaN)).toThrow(RangeError);
  });

  it('never goes backwards when the real clock does', () => {
    let real = 10_000;
    const clock = createSimClock({ start: T0, speed: 1, realNow: () => real });
    real += 5000;
    expect(clock.now()).toBe(T0 + 5000);
    real -= 3000;
    expect(clock.now()).toBe(T0 + 5000);
  });

  it('tells subscribers about speed and pause changes', () => {
    const clock = createSimClock({ start: T0, realNow: () => 0 });
    const listener = vi.fn();
    const stop = clock.subscribe(listener);
    clock.setSpeed(60);
    clock.pause();
    clock.pause();
    stop();
    clock.resume();
    expect(listener.mock.calls.map(([state]) => [state.speed, state.paused])).toEqual([
      [60, false],
      [60, true],
    ]);
  });
});

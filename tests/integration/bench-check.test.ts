import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRun, lastRecorded } from '../bench/lib/check';
import { metric, type Metrics } from '../bench/lib/harness';

const run = (refresh: number, baseline: number, goalMet: boolean): Metrics => ({
  refresh: metric(refresh, 'ms', { baseline, goal: '≤ 8', met: goalMet }),
  bundle: metric(156, 'KB', { goal: '≤ 160', met: true }),
});

describe('bench --check', () => {
  it('fails a ratio that fell past the tolerance, not one within it', () => {
    const recorded = run(36, 886, false); // 24.6×
    expect(checkRun(run(40, 886, false), recorded, { tolerance: 0.25, goals: false })).toEqual([]);
    const worse = checkRun(run(60, 886, false), recorded, { tolerance: 0.25, goals: false });
    expect(worse).toHaveLength(1);
    expect(worse[0]).toMatch(/^refresh: 14\.8× better than its baseline, was 24\.6×/);
  });

  it('reports a missed goal only when goals are checked (not with --ratios)', () => {
    const recorded = run(36, 886, false);
    expect(checkRun(run(36, 886, false), recorded, { tolerance: 0.25, goals: true })).toEqual([
      'refresh: 36 ms misses its goal (≤ 8)',
    ]);
    expect(checkRun(run(36, 886, false), recorded, { tolerance: 0.25, goals: false })).toEqual([]);
  });

  it('skips what either run lacks: no recorded run, a metric without a baseline', () => {
    expect(checkRun(run(500, 886, false), null, { tolerance: 0.25, goals: false })).toEqual([]);
    const noBaseline = { refresh: metric(36, 'ms', {}) };
    expect(checkRun(run(500, 886, false), noBaseline, { tolerance: 0.25, goals: false })).toEqual(
      [],
    );
  });
});

describe('the recorded run a check reads', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the newest of the same mode, or the newest of any when none is', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-runs-'));
    const write = (name: string, date: string, mode: string) =>
      writeFileSync(join(dir, name), JSON.stringify({ meta: { date, mode }, metrics: {} }));
    write('a.json', '2026-12-01T00:00:00Z', 'full');
    write('b.json', '2026-12-02T00:00:00Z', 'quick');
    write('c.json', '2026-12-03T00:00:00Z', 'full');
    expect(lastRecorded(dir, 'quick')).toBe(join(dir, 'b.json'));
    expect(lastRecorded(dir, 'full')).toBe(join(dir, 'c.json'));
    rmSync(join(dir, 'b.json'));
    expect(lastRecorded(dir, 'quick')).toBe(join(dir, 'c.json'));
    expect(lastRecorded(join(dir, 'missing'), 'full')).toBeNull();
  });
});

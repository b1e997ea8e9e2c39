// `npm run bench -- --check`: a run read against the last recorded one (docs/bench-runs/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metrics } from './harness';

export interface RunRecord {
  meta: Record<string, unknown>;
  metrics: Metrics;
}

export const fmt = (v: number | null) =>
  v === null ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toFixed(2)));

export interface CheckOptions {
  /** A share: a ratio to its baseline may fall this much below the recorded one. */
  tolerance: number;
  /**
   * Whether a figure that misses its goal is a problem. Off (`--ratios`) in CI: absolute times on
   * a loaded 2-core machine say little, the ratios measured in one run say whether we regressed.
   */
  goals: boolean;
}

/**
 * The figures that miss their goal (unless `goals` is off), and the ratios to the baseline that
 * fell by more than `tolerance` against a recorded run. Metrics absent from either run are skipped.
 */
export function checkRun(
  metrics: Metrics,
  recorded: Metrics | null,
  { tolerance, goals }: CheckOptions,
): string[] {
  const problems: string[] = [];
  for (const [name, m] of Object.entries(metrics)) {
    if (goals && m.met === false)
      problems.push(`${name}: ${fmt(m.value)} ${m.unit} misses its goal (${m.goal})`);
    const before = recorded?.[name];
    if (!before || before.ratio === null || m.ratio === null || !(before.ratio > 0)) continue;
    if (m.ratio < before.ratio * (1 - tolerance))
      problems.push(
        `${name}: ${m.ratio.toFixed(1)}× better than its baseline, was ${before.ratio.toFixed(1)}× in the recorded run (tolerance ${(tolerance * 100).toFixed(0)} %)`,
      );
  }
  return problems;
}

/**
 * The newest recorded run in `dir` by the date in its record, of the same mode (quick or full)
 * when there is one: a quick run's ratios are read against a quick run's.
 */
export function lastRecorded(dir: string, mode: string): string | null {
  try {
    const runs = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        const file = join(dir, f);
        const { meta } = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
        return {
          file,
          date: typeof meta.date === 'string' ? meta.date : '',
          mode: typeof meta.mode === 'string' ? meta.mode : 'full',
        };
      })
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const same = runs.filter((r) => r.mode === mode);
    return (same.length ? same : runs).at(-1)?.file ?? null;
  } catch {
    return null;
  }
}

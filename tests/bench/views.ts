// The views bench: at ×100 (the simulated Fuzhou, 834,000 tickets, 120,000 signals, 130,000
// sensors, 317,000 detections), the time the real feed worker core takes to build each scenario's
// city view, a district's and a street's, and what each weighs when cloned to the page. It runs in
// its own Node process with a large heap (tests/bench/views-run.ts: how it measures); no browser.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIST, REPO, log, type BenchOptions, type Metrics } from './lib/harness';

/** The measuring process's heap: the sim, the four feeds at ×100 and the views it builds. */
const HEAP_MB = Math.min(12_000, Math.floor((totalmem() / 2 ** 20) * 0.6));

export async function benchViews(options: BenchOptions): Promise<Metrics> {
  const out = join(BENCH_DIST, 'views', 'metrics.json');
  rmSync(out, { force: true });
  const profileDir = join(BENCH_DIST, 'profiles');
  const args = [
    `--max-old-space-size=${HEAP_MB}`,
    '--expose-gc',
    // Profiles name source lines through the source maps tsx writes.
    ...(options.profile ? ['--enable-source-maps'] : []),
    '--import',
    'tsx',
    'tests/bench/views-run.ts',
    `--out=${out}`,
    ...(options.quick ? ['--quick'] : []),
    ...(options.profile ? [`--profile=${profileDir}`] : []),
  ];
  log(`views: node ${args.join(' ')}`);
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const forward = () => child.kill('SIGTERM');
  process.once('SIGINT', forward);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, signal) => resolve(signal ? null : c));
  });
  process.off('SIGINT', forward);
  if (code !== 0 || !existsSync(out))
    throw new Error(`the views process failed (exit ${code ?? 'by signal'})`);
  if (options.profile) log(`views: CPU profiles in ${profileDir.slice(REPO.length)}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Metrics;
}

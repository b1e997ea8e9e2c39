// `npm run bench` (scripts/bench.mjs runs this with tsx): builds what it needs, runs the benches,
// prints a table (or `--json`: one object {metric: {value, unit, baseline, ratio, goal, met, note}})
// and writes the run to tests/bench/.dist/results/. Exit 1 when a bench itself could not run, and,
// with `--check`, when a figure misses its goal or a ratio to its baseline fell past the tolerance
// against the last recorded run (docs/bench-runs/, the newest file; ratios, not absolute times,
// since these machines are noisy).
//
//   npm run bench                      everything, full mode (~15 min on 2 cores)
//   npm run bench -- --quick           fewer runs and polls (~3 min)
//   npm run bench -- --only=heap --polls=20000 --heap-minutes=60 --poll-ms=40
//   npm run bench -- --only=ingest,polls --rebuild --json --no-build
//   npm run bench -- --markdown        the table as Markdown (docs/performance.md)
//   npm run bench -- --from=tests/bench/.dist/results/latest.json --markdown   a recorded run
//   npm run bench -- --quick --check [--tolerance=0.25] [--against=docs/bench-runs/<run>.json]
//   npm run bench -- --quick --check --ratios   only the ratios fail the check (CI)
//   npm run bench -- --from=tests/bench/.dist/results/latest.json --check     check a recorded run
//   npm run bench -- --only=views [--quick] [--profile]   the views at ×100 in Node (no build, no
//                                      browser); --profile: CPU profiles of the timed builds
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { benchBundle } from './bundle';
import { benchFirstMap } from './first-map';
import { benchFrame } from './frame';
import { benchHeap } from './heap';
import { benchIngest } from './ingest';
import { benchLayers } from './layers';
import { buildAll } from './lib/builds';
import { sensorData, type SensorData } from './lib/data';
import { checkRun, fmt, lastRecorded, type RunRecord } from './lib/check';
import { BENCH_DIST, REPO, log, withBrowser, type BenchOptions, type Metrics } from './lib/harness';
import { benchPolls } from './polls';
import { benchViews } from './views';
import { CHROMIUM_PATH } from '../e2e/browser.ts';

export const BENCHES = [
  'bundle',
  'ingest',
  'polls',
  'frame',
  'firstMap',
  'heap',
  'layers',
  'views',
] as const;
type BenchName = (typeof BENCHES)[number];

function parseOptions(argv: readonly string[]): BenchOptions & { rebuild: boolean } {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const only = (value('only') ?? '').split(',').filter(Boolean);
  for (const name of only)
    if (!(BENCHES as readonly string[]).includes(name))
      throw new Error(`--only: unknown bench "${name}" (benches: ${BENCHES.join(', ')})`);
  const polls = Number(value('polls') ?? 10_000);
  const pollMs = Number(value('poll-ms') ?? 40);
  const quick = argv.includes('--quick');
  const heapMinutes = Number(value('heap-minutes') ?? (quick ? 1 : 2.5));
  if (!(polls > 0) || !(pollMs >= 1) || pollMs > 500 || !(heapMinutes > 0))
    throw new Error('--polls and --heap-minutes must be > 0, --poll-ms between 1 and 500');
  return {
    json: argv.includes('--json'),
    markdown: argv.includes('--markdown'),
    quick,
    polls,
    pollMs,
    heapMinutes,
    only,
    noBuild: argv.includes('--no-build'),
    profile: argv.includes('--profile'),
    rebuild: argv.includes('--rebuild'),
  };
}

interface Machine {
  date: string;
  commit: string;
  cpu: string;
  memory: string;
  loadAverageAtStart: string;
  node: string;
  chromium: string;
  webgl: string;
}

function machine(): Machine {
  const chromium = (() => {
    try {
      return execFileSync(CHROMIUM_PATH, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: REPO,
        encoding: 'utf8',
      }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    date: new Date().toISOString(),
    commit,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    loadAverageAtStart: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    node: process.version,
    chromium,
    webgl: 'SwiftShader (software)',
  };
}

/** The run as a Markdown table, for docs/performance.md. */
function markdown(metrics: Metrics): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = Object.entries(metrics).map(([name, m]) =>
    [
      `\`${name}\``,
      `${fmt(m.value)} ${m.unit}`,
      m.baseline === null ? '—' : `${fmt(m.baseline)} ${m.unit}`,
      m.ratio === null ? '—' : `${m.ratio.toFixed(1)}×`,
      m.goal || '—',
      m.met === null ? '' : m.met ? 'met' : '**missed**',
      m.note,
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    '| metric | ours | baseline | better | goal | | how |',
    '| --- | ---: | ---: | ---: | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

function table(metrics: Metrics): string {
  const rows = Object.entries(metrics).map(([name, m]) => [
    name,
    `${fmt(m.value)} ${m.unit}`,
    m.baseline === null ? '—' : `${fmt(m.baseline)} ${m.unit}`,
    m.ratio === null ? '—' : `${m.ratio.toFixed(1)}×`,
    m.goal || '—',
    m.met === null ? '' : m.met ? 'met' : 'MISSED',
  ]);
  const head = ['metric', 'value', 'baseline', 'better', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const RECORDED_RUNS = join(REPO, 'docs/bench-runs');

function check(argv: readonly string[], metrics: Metrics, self: string | null, mode: string): void {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const tolerance = Number(value('tolerance') ?? 0.25);
  if (!(tolerance >= 0 && tolerance < 1)) throw new Error('--tolerance: a share between 0 and 1');
  const given = value('against');
  const against = given ? resolve(given) : lastRecorded(RECORDED_RUNS, mode);
  const recorded =
    against && against !== self
      ? (JSON.parse(readFileSync(against, 'utf8')) as RunRecord).metrics
      : null;
  const goals = !argv.includes('--ratios');
  const problems = checkRun(metrics, recorded, { tolerance, goals });
  log(
    `check against ${recorded && against ? relative(REPO, against) : 'no recorded run'}: ${problems.length ? `${problems.length} problem(s)` : goals ? 'every figure meets its goal, no ratio regressed' : 'no ratio regressed'}`,
  );
  for (const p of problems) log(`  - ${p}`);
  if (!goals)
    for (const [name, m] of Object.entries(metrics))
      if (m.met === false)
        log(
          `  (goal missed, not checked with --ratios) ${name}: ${fmt(m.value)} ${m.unit}, goal ${m.goal}`,
        );
  if (problems.length) process.exitCode = 1;
}

/** `--from=<run.json>`: print a recorded run (tests/bench/.dist/results/) instead of running. */
function printRecorded(file: string, options: { json: boolean; markdown: boolean }): void {
  const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  if (options.json) process.stdout.write(`${JSON.stringify(record.metrics, null, 2)}\n`);
  else if (options.markdown) process.stdout.write(`${markdown(record.metrics)}\n`);
  else process.stdout.write(`${table(record.metrics)}\n`);
  log(`recorded run: ${JSON.stringify(record.meta)}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const from = argv.find((a) => a.startsWith('--from='))?.slice('--from='.length);
  if (from) {
    printRecorded(from, { json: argv.includes('--json'), markdown: argv.includes('--markdown') });
    if (argv.includes('--check')) {
      const record = JSON.parse(readFileSync(from, 'utf8')) as RunRecord;
      check(argv, record.metrics, resolve(from), String(record.meta.mode ?? 'full'));
    }
    return;
  }
  const options = parseOptions(argv);
  const selected = (name: BenchName) => options.only.length === 0 || options.only.includes(name);
  const started = Date.now();
  const meta = { ...machine(), mode: options.quick ? 'quick' : 'full' };
  log(`${meta.mode} run on ${meta.cpu}, load ${meta.loadAverageAtStart}, ${meta.chromium}`);

  // The views bench runs in Node on the sources: it needs no build.
  if (!options.noBuild && BENCHES.some((name) => name !== 'views' && selected(name)))
    await buildAll(options.rebuild);
  const metrics: Metrics = {};
  const failures: string[] = [];
  let data: SensorData | null = null;
  const sensors = () => {
    if (!data) {
      const t0 = Date.now();
      data = sensorData();
      log(`data: ${data.how}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    return data;
  };
  const run = async (name: BenchName, body: () => Promise<Metrics> | Metrics) => {
    if (!selected(name)) return;
    const t0 = Date.now();
    log(`${name}: start`);
    try {
      Object.assign(metrics, await body());
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      log(`${name}: FAILED ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    }
    log(`${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };

  await run('bundle', () => benchBundle().metrics);
  await run('ingest', () => withBrowser((b) => benchIngest(b, sensors(), options)));
  await run('polls', () => withBrowser((b) => benchPolls(b, sensors(), options)));
  await run('frame', () => withBrowser((b) => benchFrame(b, sensors(), options)));
  await run('firstMap', () => withBrowser((b) => benchFirstMap(b, options)));
  await run('heap', () => withBrowser((b) => benchHeap(b, options)));
  await run('layers', () => withBrowser((b) => benchLayers(b, options)));
  await run('views', () => benchViews(options));

  const seconds = (Date.now() - started) / 1000;
  // Other work on the machine (builds, tests) inflates wall times: the load at the end says so too.
  const loadAverageAtEnd = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const record = { meta: { ...meta, loadAverageAtEnd, seconds, failures }, metrics };
  const dir = join(BENCH_DIST, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${meta.date.replace(/[:.]/g, '-')}-${meta.mode}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(record, null, 2));

  if (options.json) {
    process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
  } else if (options.markdown) {
    process.stdout.write(`${markdown(metrics)}\n`);
  } else {
    process.stdout.write(`${table(metrics)}\n`);
    process.stdout.write(
      `\n${meta.mode} run, ${seconds.toFixed(0)} s, ${meta.date}, ${meta.cpu}, ${meta.chromium}; ` +
        `details: ${file.slice(REPO.length)}\n`,
    );
  }
  if (argv.includes('--check')) check(argv, metrics, null, meta.mode);
  if (failures.length) {
    log(`failed benches:\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  }
}

await main();

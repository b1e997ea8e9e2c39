// `npm run bench`: performance benchmarks (tests/bench/, docs/performance.md). Runs
// tests/bench/main.ts through tsx (Node 20 has no TypeScript of its own); arguments pass through:
//   npm run bench -- --quick | --json | --only=ingest,polls | --polls=N | --poll-ms=40 | --rebuild
//   npm run bench -- --check   exits 1 when a figure misses its goal or a ratio regressed against
//                              the last recorded run (docs/bench-runs/)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'tests/bench/main.ts', ...process.argv.slice(2)],
  { cwd: repoRoot, stdio: 'inherit' },
);
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));

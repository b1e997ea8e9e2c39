// `npm test`: every check CI runs, in order, stopping at the first failure:
// lint, typecheck, unit + integration tests, production build, production bundle check (no MSW),
// demo build, the end-to-end build (the demo with test hooks), e2e tests in Chromium, a short
// soak of the wall. Ends with a table of step durations and a line
// `N passed, N failed` (counting steps).
//
//   npm test -- --from=e2e        start at a step (earlier steps are skipped)
//   npm test -- --only=lint,unit  run only these steps
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const isWindows = process.platform === 'win32';

/** @param {string} command @param {string[]} args @returns {() => Promise<void>} */
function command(command, args) {
  return () =>
    new Promise((resolve, reject) => {
      const child = spawn(isWindows ? `${command}.cmd` : command, args, {
        cwd: repoRoot,
        stdio: 'inherit',
        shell: isWindows,
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`));
      });
    });
}

// What would show that MSW (the demo's mock backend) made it into the production bundle.
const MSW_SIGNATURES = [
  'mockServiceWorker',
  'setupWorker',
  '[MSW]',
  'KEEPALIVE_REQUEST',
  'INTEGRITY_CHECK_REQUEST',
  'MOCK_DEACTIVATE',
];

/** @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

async function checkBundle() {
  if (existsSync(join(repoRoot, 'scripts/check-bundle.mjs'))) {
    return command('node', ['scripts/check-bundle.mjs'])();
  }
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/index.html is missing');
  const problems = [];
  if (existsSync(join(dist, 'mockServiceWorker.js'))) {
    problems.push('dist/mockServiceWorker.js exists');
  }
  const code = filesUnder(dist).filter((file) => /\.(m?js|html)$/.test(file));
  for (const file of code) {
    const text = readFileSync(file, 'utf8');
    for (const signature of MSW_SIGNATURES) {
      if (text.includes(signature)) problems.push(`${file.slice(repoRoot.length)}: '${signature}'`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`MSW code in the production bundle:\n  ${problems.join('\n  ')}`);
  }
  console.log(`dist/: ${code.length} JS/HTML files, no MSW code.`);
}

const steps = [
  { name: 'lint', run: command('npm', ['run', 'lint']) },
  { name: 'typecheck', run: command('npm', ['run', 'typecheck']) },
  { name: 'unit', run: command('npx', ['vitest', 'run']) },
  { name: 'build', run: command('npm', ['run', 'build']) },
  { name: 'bundle', run: checkBundle },
  { name: 'build:demo', run: command('npm', ['run', 'build:demo']) },
  { name: 'build:e2e', run: command('npm', ['run', 'build:e2e']) },
  { name: 'e2e', run: command('npm', ['run', 'test:e2e']) },
  // The wall for a few minutes at high speed: nothing errs, nothing reloads (docs/reliability.md).
  { name: 'soak:smoke', run: command('npm', ['run', 'soak', '--', '--smoke', '--minutes=2']) },
];

const names = steps.map((step) => step.name);
const option = (flag) =>
  process.argv
    .find((arg) => arg.startsWith(`--${flag}=`))
    ?.slice(flag.length + 3)
    .split(',');
const from = option('from')?.[0];
const only = option('only');
for (const name of [from, ...(only ?? [])]) {
  if (name !== undefined && !names.includes(name)) {
    console.error(`Unknown step '${name}'. Steps: ${names.join(', ')}`);
    process.exit(2);
  }
}
const selected = steps.filter(
  (step, index) =>
    (only === undefined || only.includes(step.name)) &&
    (from === undefined || index >= names.indexOf(from)),
);

/** @type {{ name: string, status: 'passed' | 'failed' | 'not run', ms: number }[]} */
const results = [];
let failure = null;
for (const step of selected) {
  if (failure) {
    results.push({ name: step.name, status: 'not run', ms: 0 });
    continue;
  }
  console.log(`\n━━━ ${step.name} ━━━`);
  const started = performance.now();
  try {
    await step.run();
    results.push({ name: step.name, status: 'passed', ms: performance.now() - started });
  } catch (error) {
    failure = error;
    results.push({ name: step.name, status: 'failed', ms: performance.now() - started });
    console.error(`\n✗ ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const width = Math.max(...results.map((result) => result.name.length), 'total'.length) + 2;
const row = (name, status, time) =>
  `${name.padEnd(width)}${status.padEnd(10)}${time.padStart(8)}`.trimEnd();
const total = results.reduce((sum, result) => sum + result.ms, 0);
console.log('');
console.log(row('step', 'result', 'time'));
for (const result of results) {
  console.log(
    row(result.name, result.status, result.status === 'not run' ? '' : seconds(result.ms)),
  );
}
console.log(row('total', '', seconds(total)));
const passed = results.filter((result) => result.status === 'passed').length;
const failed = results.filter((result) => result.status === 'failed').length;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

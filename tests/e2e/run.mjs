// `npm run test:e2e`: the e2e suites (tests/e2e/**/*.e2e.ts) in Chromium against dist-e2e/ (the demo build with test hooks).
// Builds dist-e2e first if it is missing. Extra arguments go to vitest, e.g.
//   npm run test:e2e -- smoke        npm run test:e2e -- -t 'draws the map'
// Environment: E2E_DIST (bundle dir, default dist-e2e), CHROMIUM_PATH, E2E_GL=egl.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** @param {string[]} args */
function run(args) {
  const result = spawnSync(npx, args, {
    cwd: repoRoot,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const dist = resolve(repoRoot, process.env.E2E_DIST ?? 'dist-e2e');
if (!existsSync(join(dist, 'index.html'))) {
  if (process.env.E2E_DIST) {
    console.error(`test:e2e: ${dist}/index.html is missing`);
    process.exit(1);
  }
  console.log('test:e2e: dist-e2e/ is missing, building it first');
  const status = run(['vite', 'build', '--mode', 'e2e', '--outDir', 'dist-e2e']);
  if (status !== 0) process.exit(status);
}

process.exit(
  run(['vitest', 'run', '--config', 'tests/e2e/vitest.config.ts', ...process.argv.slice(2)]),
);

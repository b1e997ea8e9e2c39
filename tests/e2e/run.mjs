// `npm run test:e2e`: the e2e suites (tests/e2e/**/*.e2e.ts) in Chromium against dist-demo/.
// Builds dist-demo first if it is missing. Extra arguments go to vitest, e.g.
//   npm run test:e2e -- smoke        npm run test:e2e -- -t 'draws the map'
// Environment: E2E_DIST (bundle dir, default dist-demo), CHROMIUM_PATH, E2E_GL=egl.
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

const dist = resolve(repoRoot, process.env.E2E_DIST ?? 'dist-demo');
if (!existsSync(join(dist, 'index.html'))) {
  if (process.env.E2E_DIST) {
    console.error(`test:e2e: ${dist}/index.html is missing`);
    process.exit(1);
  }
  console.log('test:e2e: dist-demo/ is missing, building it first');
  const status = run(['vite', 'build', '--mode', 'demo', '--outDir', 'dist-demo']);
  if (status !== 0) process.exit(status);
}

process.exit(
  run(['vitest', 'run', '--config', 'tests/e2e/vitest.config.ts', ...process.argv.slice(2)]),
);

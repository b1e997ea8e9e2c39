// What the benches need built: the bench pages (vite, tests/bench/vite.bench.config.ts), the
// production app and the demo app (into tests/bench/.dist, leaving dist/ and dist-demo/ alone).
// A build is skipped when it is newer than every input file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { APP_DEMO_DIR, APP_PROD_DIR, PAGES_DIR, REPO, log } from './harness';

const INPUTS = [
  'src',
  'mocks',
  'public',
  'index.html',
  'vite.config.ts',
  'package-lock.json',
  'tests/bench/pages',
  'tests/bench/vite.bench.config.ts',
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), info.mtimeMs);
}

const stamp = (dir: string) => join(dir, '.bench-built');

function fresh(dir: string, inputs: string[]): boolean {
  if (!existsSync(stamp(dir))) return false;
  const built = statSync(stamp(dir)).mtimeMs;
  return inputs.every((input) => newest(join(REPO, input)) < built);
}

function npx(args: string[]): void {
  const result = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', args, {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`npx ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

export async function buildAll(force: boolean): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const timed = async (name: string, dir: string, inputs: string[], run: () => Promise<void>) => {
    if (!force && fresh(dir, inputs)) {
      log(`build ${name}: up to date`);
      return;
    }
    const t0 = Date.now();
    await run();
    writeFileSync(stamp(dir), new Date().toISOString());
    seconds[name] = (Date.now() - t0) / 1000;
    log(`build ${name}: ${seconds[name].toFixed(1)} s`);
  };
  const app = INPUTS.filter((i) => !i.startsWith('tests/'));
  await timed('bench pages', PAGES_DIR, INPUTS, async () => {
    await build({ configFile: join(REPO, 'tests/bench/vite.bench.config.ts'), logLevel: 'warn' });
  });
  await timed('production app', APP_PROD_DIR, app, async () =>
    npx(['vite', 'build', '--outDir', APP_PROD_DIR, '--emptyOutDir', '--logLevel', 'warn']),
  );
  await timed('demo app', APP_DEMO_DIR, app, async () =>
    npx([
      'vite',
      'build',
      '--mode',
      'demo',
      '--outDir',
      APP_DEMO_DIR,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ]),
  );
  return seconds;
}

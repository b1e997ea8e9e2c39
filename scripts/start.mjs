// `npm start`: build the demo bundle (app + simulated feeds through MSW) when it is missing or
// older than the sources, then serve it on 127.0.0.1. PORT picks the port (default 5173; a free
// one if that is taken). `npm start -- --rebuild` forces a build. Ctrl-C stops.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './serve-static.mjs';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = 'dist-demo';
const SOURCES = ['src', 'mocks', 'public', 'index.html', 'vite.config.ts'];
const HOST = '127.0.0.1';

/** Newest modification time (ms) of a file or, recursively, of a directory's files. */
function newestMtime(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function buildReason() {
  if (process.argv.includes('--rebuild')) return 'rebuild requested';
  const builtIndex = join(repoRoot, OUT_DIR, 'index.html');
  if (!existsSync(builtIndex)) return `${OUT_DIR}/ does not exist yet`;
  const builtAt = statSync(builtIndex).mtimeMs;
  const changed = SOURCES.find((source) => newestMtime(join(repoRoot, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : null;
}

if (!existsSync(join(repoRoot, 'node_modules'))) {
  console.error('Dependencies are missing: run `npm install` (or `npm ci`) first.');
  process.exit(1);
}

const reason = buildReason();
if (reason) {
  console.log(`Building the demo bundle (${reason})…`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const build = spawnSync(npx, ['vite', 'build', '--mode', 'demo', '--outDir', OUT_DIR], {
    cwd: repoRoot,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.error) throw build.error;
  if (build.status !== 0) {
    console.error('The demo build failed (see above).');
    process.exit(build.status ?? 1);
  }
}

const wanted = process.env.PORT ? Number(process.env.PORT) : 5173;
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
  console.error(`PORT=${process.env.PORT} is not a port number`);
  process.exit(1);
}
let server;
try {
  server = await startStaticServer({
    root: join(repoRoot, OUT_DIR),
    port: wanted,
    host: HOST,
    onCspReport: (summary) => console.warn(`CSP violation: ${summary}`),
  });
} catch (error) {
  if (!(error instanceof Error && 'code' in error && error.code === 'EADDRINUSE')) throw error;
  server = await startStaticServer({
    root: join(repoRoot, OUT_DIR),
    port: 0,
    host: HOST,
    onCspReport: (summary) => console.warn(`CSP violation: ${summary}`),
  });
  console.log(`Port ${wanted} is in use; using ${server.port} instead.`);
}

console.log('');
console.log(`City dashboard demo (Fuzhou, simulated feeds): ${server.url}`);
console.log('');
console.log('Press Ctrl-C to stop.');

let stopping = false;
function stop() {
  if (stopping) process.exit(130);
  stopping = true;
  void server.close().then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

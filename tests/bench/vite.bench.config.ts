// Builds the bench pages (tests/bench/pages/*.html) into tests/bench/.dist/pages. Production mode,
// React's profiling build (so <Profiler> reports commits), the app's aliases, no demo code.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '../..');
const pages = join(here, 'pages');

export const BENCH_PAGES_DIR = join(here, '.dist/pages');

export default defineConfig({
  root: pages,
  base: '/',
  mode: 'production',
  publicDir: join(repo, 'public'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: 'react-dom/profiling' },
      { find: '@', replacement: join(repo, 'src') },
      { find: '@mocks', replacement: join(repo, 'mocks') },
    ],
  },
  define: { __DEMO__: 'false', __TEST_HOOKS__: 'false' },
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    outDir: BENCH_PAGES_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 5000,
    rolldownOptions: {
      input: Object.fromEntries(
        readdirSync(pages)
          .filter((f) => f.endsWith('.html'))
          .map((f) => [f.replace(/\.html$/, ''), join(pages, f)]),
      ),
    },
  },
});

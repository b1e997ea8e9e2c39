import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import type { Plugin } from 'vite';
import { feedOrigins, securityHeaders } from './src/server/security-headers.mjs';

const mswWorkerPath = fileURLToPath(
  new URL('./node_modules/msw/lib/mockServiceWorker.js', import.meta.url),
);

/**
 * Demo and development builds serve MSW's service worker; the production build never contains it
 * (it is not in public/, so only this plugin can emit it).
 */
function mockServiceWorker(enabled: boolean): Plugin {
  return {
    name: 'mock-service-worker',
    configureServer(server) {
      if (!enabled) return;
      server.middlewares.use('/mockServiceWorker.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(readFileSync(mswWorkerPath));
      });
    },
    generateBundle() {
      if (!enabled) return;
      this.emitFile({
        type: 'asset',
        fileName: 'mockServiceWorker.js',
        source: readFileSync(mswWorkerPath),
      });
    },
  };
}

const vendorGroups: [string, RegExp][] = [
  ['maplibre', /node_modules[\\/]maplibre-gl/],
  [
    'deck',
    /node_modules[\\/](@deck\.gl|@luma\.gl|@loaders\.gl|@math\.gl|@probe\.gl|mjolnir\.js|@turf|h3-js)/,
  ],
  ['echarts', /node_modules[\\/](echarts|zrender)/],
  [
    'msw',
    /node_modules[\\/](msw|@mswjs|tough-cookie|tldts|headers-polyfill|@bundled-es-modules|outvariant|strict-event-emitter|is-node-process|graphql|path-to-regexp|@open-draft)/,
  ],
];

/** Modes that run the simulated city: the demo, the development server, the end-to-end build. */
const demoModes = new Set(['demo', 'development', 'e2e']);
/** Modes whose bundle carries test hooks on DOM nodes (map, overlay, chart handles). */
const hookModes = new Set(['development', 'e2e', 'test']);

export default defineConfig(({ mode }) => ({
  plugins: [react(), mockServiceWorker(demoModes.has(mode))],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@mocks': fileURLToPath(new URL('./mocks', import.meta.url)),
    },
  },
  define: {
    __DEMO__: JSON.stringify(demoModes.has(mode)),
    __TEST_HOOKS__: JSON.stringify(hookModes.has(mode)),
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // Font files stay files: the Content-Security-Policy then needs no data: fonts.
    assetsInlineLimit: (file: string) => (/\.woff2?$/.test(file) ? false : undefined),
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: vendorGroups.map(([name, test]) => ({ name, test })),
        },
      },
    },
  },
  // The dev server injects inline scripts and styles (React refresh, CSS hot reload): every
  // security header but the Content-Security-Policy. `vite preview` serves the build under it.
  server: { host: '127.0.0.1', headers: securityHeaders({ csp: false }) },
  preview: {
    host: '127.0.0.1',
    headers: securityHeaders({
      connectSrc: feedOrigins(
        JSON.parse(readFileSync(new URL('./public/config.json', import.meta.url), 'utf8')),
      ),
    }),
  },
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'mocks/**/*.test.ts',
      'tests/integration/**/*.test.{ts,tsx}',
    ],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
}));

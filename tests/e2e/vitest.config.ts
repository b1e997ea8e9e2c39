// E2E tests: real Chromium against the built demo bundle. Run with `npm run test:e2e`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../../', import.meta.url)),
  // The sim server test imports the simulator, which shares the app's domain code.
  resolve: { alias: { '@': fileURLToPath(new URL('../../src', import.meta.url)) } },
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    // Two cores and software WebGL: one file at a time, one worker process.
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});

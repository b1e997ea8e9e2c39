// Runs once, in the main vitest process, before any e2e file.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_PATH, RESULTS_DIR } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the bundle under test (dist-e2e unless E2E_DIST says otherwise). */
    e2eDistRoot: string;
  }
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  const distRoot = resolve(repoRoot, process.env.E2E_DIST ?? 'dist-e2e');
  if (!existsSync(join(distRoot, 'index.html'))) {
    throw new Error(`${distRoot}/index.html is missing: run \`npm run build:e2e\` first`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium fonts-noto-cjk`);
  }
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (fonts.status === 0 && fonts.stdout.trim() === '') {
    console.warn(
      'e2e: no CJK font installed (apt-get install fonts-noto-cjk): Chinese renders as boxes',
    );
  }
  await rm(RESULTS_DIR, { recursive: true, force: true });
  project.provide('e2eDistRoot', distRoot);
}

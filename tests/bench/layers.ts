// Follow-up of the heap run (luma.gl resources grew while JS heap, DOM and deck layers stayed
// flat): each deck layer of the tickets scenario alone, fed new data N times as polls with new
// versions do; luma.gl's GPU resource counts retained per data version (tests/bench/pages/gpu.ts).
import type { Browser } from 'playwright-core';
import { closePage } from '../e2e/browser.ts';
import {
  assertLocalOnly,
  freshPage,
  log,
  metric,
  pagesServer,
  type BenchOptions,
  type Metrics,
} from './lib/harness';
import { round } from './lib/stats';

type Counts = Record<string, number>;
type BenchWindow = {
  bench: { run(versions: number): Promise<Record<string, { before: Counts; after: Counts }>> };
};

export async function benchLayers(browser: Browser, options: BenchOptions): Promise<Metrics> {
  const versions = options.quick ? 10 : 20;
  const server = await pagesServer();
  const page = await freshPage(browser, server.url);
  try {
    await page.goto(`${server.url}gpu.html`);
    const result = await page.evaluate(
      (n) => (window as unknown as BenchWindow).bench.run(n),
      versions,
    );
    assertLocalOnly(page);
    const metrics: Metrics = {};
    for (const [layer, { before, after }] of Object.entries(result)) {
      const grown = Object.keys(after)
        .map((k) => ({
          name: k.replace(/ Active$/, ''),
          delta: (after[k] ?? 0) - (before[k] ?? 0),
        }))
        .filter((g) => g.delta > 0);
      const perVersion = grown.reduce((s, g) => s + g.delta, 0) / versions;
      const detail = grown.map((g) => `${g.name} +${g.delta}`).join(', ') || 'none';
      log(`layers ${layer}: ${detail} over ${versions} data versions`);
      metrics[`layers.gpuResourcesPerVersion.${layer.replace(/ \(.*\)$/, '')}`] = metric(
        round(perVersion, 2),
        'resources/version',
        {
          goal: '0',
          met: perVersion === 0,
          note: `${layer}: luma.gl "GPU Resource Counts" retained by ${versions} data updates (after 5 to warm up): ${detail}`,
        },
      );
    }
    return metrics;
  } finally {
    await closePage(page);
    await server.close();
  }
}

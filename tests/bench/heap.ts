// Bench 4 in headless Chromium: the demo app (dist-demo build, MSW + the simulated city) on the
// overview, polled many times; the page's JS heap after forced GC, sampled along the way, and the
// count of WebGL contexts, DOM nodes, deck layers and luma.gl GPU resources.
//
// Time compression: the config asks for the schema's minimum poll interval (500 ms), and the page's
// timers of 250 ms and more (TanStack's refetch interval, the freshness clock, gc timers) run
// `compress` times faster, as does the poll's maxAge sent to the worker; so every poll still goes
// to the source. 10,000 polls then take minutes instead of 83. Data keeps changing: the sim runs
// at ×60, a new version every 5 sim seconds.
import type { Browser, CDPSession, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { closePage } from '../e2e/browser.ts';
import { instrumentationScript, type AppProbe } from './lib/app-instrumentation';
import {
  APP_DEMO_DIR,
  assertLocalOnly,
  freshPage,
  log,
  metric,
  pageProblems,
  type BenchOptions,
  type Metrics,
} from './lib/harness';
import { linearFit, round } from './lib/stats';

const POLL_INTERVAL_MS = 500;
/** Fewer polls than this give a slope of V8's warm-up, not of the app (see heap.slopePerPoll). */
const MIN_POLLS_TO_JUDGE = 2000;

interface Sample {
  polls: number;
  seconds: number;
  heapUsed: number;
  nodes: number;
  listeners: number;
  documents: number;
  glAlive: number;
  glCreated: number;
  deckLayers: number;
  deckLayersCreated: number;
  luma: Record<string, number>;
}

type ProbeWindow = { __bench: AppProbe };

function heapConfig(): unknown {
  const config = JSON.parse(readFileSync(join(APP_DEMO_DIR, 'config.json'), 'utf8')) as {
    feeds: Record<string, { pollIntervalMs: number }>;
  };
  for (const feed of Object.values(config.feeds)) feed.pollIntervalMs = POLL_INTERVAL_MS;
  return config;
}

/** Used heap after forced GC, the lower of two tries (a view in flight inflates one). */
async function usedHeap(cdp: CDPSession): Promise<number> {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 2; i += 1) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    least = Math.min(least, (await cdp.send('Runtime.getHeapUsage')).usedSize);
  }
  return least;
}

async function sample(page: Page, cdp: CDPSession, t0: number): Promise<Sample> {
  const heapUsed = await usedHeap(cdp);
  const dom = await cdp.send('Memory.getDOMCounters');
  const probe = await page.evaluate(() => {
    const b = (window as unknown as ProbeWindow).__bench;
    return {
      polls: b.polls,
      glAlive: b.glAlive(),
      glCreated: b.glCreated,
      deckLayers: b.deckLayersLive,
      deckLayersCreated: b.deckLayersCreated,
      luma: b.luma(),
    };
  });
  return {
    ...probe,
    seconds: (Date.now() - t0) / 1000,
    heapUsed,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    documents: dom.documents,
  };
}

const pollsOf = (page: Page) =>
  page.evaluate(() => (window as unknown as ProbeWindow).__bench.polls);

export async function benchHeap(browser: Browser, options: BenchOptions): Promise<Metrics> {
  const target = options.quick ? Math.min(options.polls, 500) : options.polls;
  const compress = Math.max(1, POLL_INTERVAL_MS / options.pollMs);
  const capMs = options.heapMinutes * 60_000;
  const server = await startStaticServer({
    root: APP_DEMO_DIR,
    overrides: { '/config.json': { body: heapConfig() } },
  });
  const page = await freshPage(browser, server.url);
  try {
    await page.addInitScript(instrumentationScript({ compress }));
    // The sim runs compressed alike: at ×1 a 500 ms poll sees a new version (5 sim s) every 10th
    // poll; compressed, still every 10th.
    await page.goto(`${server.url}?seed=42&speed=${compress}`);
    await page.waitForFunction(
      () => (window as unknown as ProbeWindow).__bench.appReadyAt !== null,
      null,
      { timeout: 120_000 },
    );
    // Every layer the overview offers: toggles that are off get switched on.
    const toggles = page.locator('[data-testid^="layer-"][aria-pressed="false"]');
    for (const toggle of await toggles.all()) await toggle.click().catch(() => undefined);
    const layerIds = await page.evaluate(() =>
      (window as unknown as ProbeWindow).__bench.deckLayerIds(),
    );
    const cdp = await page.context().newCDPSession(page);

    // Warm up (JIT, caches, the sim's slot cache) before the first sample.
    const warm = Math.max(20, Math.round(target * 0.02));
    while ((await pollsOf(page)) < warm) await page.waitForTimeout(250);
    const t0 = Date.now();
    const base = await pollsOf(page);
    // About 20 samples: every 5 % of the polls or of the time cap, whichever comes first.
    const every = Math.max(1, Math.round(target / 20));
    const everyMs = capMs / 20;
    const samples: Sample[] = [await sample(page, cdp, t0)];
    let next = base + every;
    let lastAt = Date.now();
    let polls = base;
    while (polls - base < target && Date.now() - t0 < capMs) {
      await page.waitForTimeout(250);
      polls = await pollsOf(page);
      if (polls >= next || polls - base >= target || Date.now() - lastAt >= everyMs) {
        lastAt = Date.now();
        const s = await sample(page, cdp, t0);
        samples.push(s);
        log(
          `heap: ${s.polls - base} polls, ${(s.heapUsed / 1e6).toFixed(2)} MB, ${s.nodes} nodes, ` +
            `${s.glAlive} GL contexts, ${s.deckLayers} deck layers, ${s.seconds.toFixed(0)} s`,
        );
        next = s.polls + every;
      }
    }
    assertLocalOnly(page);
    const problems = pageProblems(page);
    const ran = samples.at(-1)!.polls - base;
    const seconds = samples.at(-1)!.seconds;

    // The first fifth is settling (caches filling, JIT): fit the slope over the rest.
    const fitFrom = Math.floor(samples.length / 5);
    const tail = samples.slice(fitFrom);
    const fit = linearFit(
      tail.map((s) => s.polls),
      tail.map((s) => s.heapUsed),
    );
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const flat = (key: 'nodes' | 'glAlive' | 'deckLayers' | 'listeners') =>
      `${first[key]} → ${last[key]} (max ${Math.max(...samples.map((s) => s[key]))})`;
    const lumaKeys = Object.keys(last.luma).filter(
      (k) =>
        k.startsWith('GPU Resource Counts/') &&
        /Active$/.test(k) &&
        !/Resources/.test(k) &&
        last.luma[k] !== first.luma[k],
    );
    const lumaNote = lumaKeys
      .map((k) => `${k.split('/').pop()} ${first.luma[k] ?? 0}→${last.luma[k]}`)
      .join(', ');
    const nodesGrowth = last.nodes - first.nodes;
    return {
      'heap.polls': metric(ran, 'polls', {
        ratio: null,
        note: `${ran} overview polls in ${seconds.toFixed(0)} s (target ${target}, time cap ${options.heapMinutes} min; ${POLL_INTERVAL_MS} ms interval compressed ×${round(compress, 1)}, the sim at ×${round(compress, 1)}: a new version every ~10 polls); ${samples.length} samples after ${warm} warm-up polls; deck layers: ${layerIds.join(', ') || 'none'}${problems.length ? `; page errors: ${problems.slice(0, 3).join(' | ')}` : ''}`,
      }),
      'heap.slopePerPoll': metric(round(fit.slope, 0), 'bytes/poll', {
        goal: '< 1024',
        // Over the first thousand polls or so V8 is still optimising code (the heap snapshots show
        // compiled code growing, then levelling off): a shorter run cannot tell a leak from that.
        met: ran >= MIN_POLLS_TO_JUDGE ? fit.slope < 1024 : null,
        note: `${ran >= MIN_POLLS_TO_JUDGE ? '' : `not judged: ${ran} polls are too few (JIT warm-up dominates below ${MIN_POLLS_TO_JUDGE}; run the full bench); `}least squares over the last ${tail.length} samples (R² ${round(fit.r2, 2)}); used JS heap after 2× forced GC ${(first.heapUsed / 1e6).toFixed(2)} → ${(last.heapUsed / 1e6).toFixed(2)} MB`,
      }),
      'heap.webglContexts': metric(last.glAlive, 'contexts', {
        goal: 'flat',
        met: last.glAlive === first.glAlive && last.glCreated === first.glCreated,
        note: `alive ${flat('glAlive')}; created in all ${last.glCreated}`,
      }),
      'heap.domNodes': metric(last.nodes, 'nodes', {
        goal: 'flat',
        met: Math.abs(nodesGrowth) <= Math.max(50, first.nodes * 0.02),
        note: `${flat('nodes')}; event listeners ${flat('listeners')}`,
      }),
      'heap.deckLayers': metric(last.deckLayers, 'layers', {
        goal: 'flat',
        met: last.deckLayers === first.deckLayers,
        note: `live ${flat('deckLayers')}; initialised in all ${last.deckLayersCreated}; luma.gl GPU resources that changed: ${lumaNote || 'none'} (see layers.*)`,
      }),
    };
  } finally {
    await closePage(page);
    await server.close();
  }
}

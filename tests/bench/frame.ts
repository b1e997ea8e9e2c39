// Bench 6 in Chromium: main-thread CPU per frame while the camera moves over 1M points (binary
// attributes) vs 100k points, and vs 1M accessor-based objects (the naive baseline).
import type { Browser } from 'playwright-core';
import type { FrameMode, FrameResult } from './pages/frame';
import {
  assertLocalOnly,
  freshPage,
  log,
  metric,
  pageProblems,
  pagesServer,
  type BenchOptions,
  type Metrics,
} from './lib/harness';
import { median, percentile, round } from './lib/stats';
import { traced, type MainThreadWindow } from './lib/trace';
import { closePage } from '../e2e/browser.ts';

type BenchWindow = {
  bench: { run(mode: FrameMode, n: number, frames: number): Promise<FrameResult> };
};

interface Case {
  result: FrameResult;
  main: MainThreadWindow;
  /** Thread CPU of each frame's task (the rAF task that drew it), ms. */
  frameCpu: number[];
  frameWall: number[];
}

async function runCase(
  browser: Browser,
  mode: FrameMode,
  points: number,
  frames: number,
): Promise<Case> {
  const server = await pagesServer();
  const page = await freshPage(browser, server.url);
  try {
    await page.goto(`${server.url}frame.html`);
    const { result, main } = await traced(browser, page, () =>
      page.evaluate(([m, n, f]) => (window as unknown as BenchWindow).bench.run(m, n, f), [
        mode,
        points,
        frames,
      ] as const),
    );
    assertLocalOnly(page);
    const problems = pageProblems(page);
    if (problems.length) throw new Error(`frame ${mode}: page errors: ${problems.join('; ')}`);
    return {
      result,
      main,
      frameCpu: main.workTasks.map((t) => t.cpu),
      frameWall: main.workTasks.map((t) => t.duration),
    };
  } finally {
    await closePage(page);
    await server.close();
  }
}

const summary = (c: Case) =>
  `${c.result.mode} ${c.result.points.toLocaleString('en')}: frame task cpu median ${median(c.frameCpu).toFixed(2)} ms, p95 ${percentile(c.frameCpu, 95).toFixed(2)} ms; deck loop cpu ${c.result.loopCpuMs.map((v) => v.toFixed(2)).join('/') || 'n/a'}; draw ${median(c.result.drawMs).toFixed(2)} ms; first frame ${c.result.firstFrameMs.toFixed(0)} ms; ${median(c.result.frameIntervalMs).toFixed(0)} ms between frames`;

export async function benchFrame(browser: Browser, options: BenchOptions): Promise<Metrics> {
  // SwiftShader needs ~1 s per frame at 100k points and ~20 s at 1M (its own threads, not the
  // page's main thread): few frames, but every one measured.
  const small = await runCase(browser, 'binary', 100_000, options.quick ? 4 : 8);
  log(`frame ${summary(small)}`);
  const big = await runCase(browser, 'binary', 1_000_000, options.quick ? 2 : 4);
  log(`frame ${summary(big)}`);
  const naive = await runCase(browser, 'naive', 1_000_000, options.quick ? 1 : 2);
  log(`frame ${summary(naive)}`);

  const cpu = (c: Case) => median(c.frameCpu);
  // deck.metrics.cpuTimePerFrame averages the animation loop's per-frame CPU timer over 60 frames;
  // with a handful of frames, the same timer read frame by frame.
  const deckCpu = (c: Case) =>
    c.result.deckCpuPerFrameMs.length
      ? median(c.result.deckCpuPerFrameMs)
      : c.result.loopCpuMs.length
        ? median(c.result.loopCpuMs)
        : Number.NaN;
  const scale = cpu(big) / cpu(small);
  return {
    'frame.cpu1M': metric(round(cpu(big)), 'ms', {
      baseline: round(cpu(naive)),
      goal: '≤ 2 ms',
      met: cpu(big) <= 2,
      note: `thread CPU of the rAF task of each frame while the camera pans and zooms, median of ${big.frameCpu.length} frames (p95 ${percentile(big.frameCpu, 95).toFixed(2)} ms); deck's frame CPU timer (what deck.metrics.cpuTimePerFrame averages) ${round(deckCpu(big))} ms (naive ${round(deckCpu(naive))} ms); wall ${median(big.frameWall).toFixed(2)} ms`,
    }),
    'frame.cpu100k': metric(round(cpu(small)), 'ms', {
      note: `the same at 100k points (deck's frame timer ${round(deckCpu(small))} ms)`,
    }),
    'frame.scale1Mvs100k': metric(round(scale), '×', {
      baseline: null,
      ratio: null,
      goal: '≤ 1.2',
      met: scale <= 1.2,
      note: 'frame CPU at 1M points over frame CPU at 100k points',
    }),
    'frame.firstFrame1M': metric(round(big.result.firstFrameMs, 0), 'ms', {
      baseline: round(naive.result.firstFrameMs, 0),
      note: 'setting the 1M-point layer to its first drawn frame (accessors run once per point on the main thread in the naive case)',
    }),
  };
}

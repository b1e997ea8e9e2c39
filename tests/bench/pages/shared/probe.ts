// Main-thread stall probes that run inside a bench page: a setTimeout chain (about one tick every
// 4 ms once nested), a requestAnimationFrame chain and a long-task observer. The precise figure
// comes from the Chromium trace (tests/bench/lib/trace.ts); these are the page's own cross-check.

export interface ProbeReport {
  /** Longest gap between two setTimeout(0) ticks, ms (the chain's own period is ~4 ms). */
  maxTimeoutGapMs: number;
  /** Longest gap between two animation frames, ms (~16.7 ms at 60 Hz when idle). */
  maxFrameGapMs: number;
  /** Durations of the long tasks (≥ 50 ms) the PerformanceObserver saw, ms. */
  longTasksMs: number[];
  timeoutTicks: number;
}

export interface StallProbe {
  stop(): ProbeReport;
}

export function startStallProbe(): StallProbe {
  let running = true;
  let ticks = 0;
  let lastTick = performance.now();
  let maxTimeoutGapMs = 0;
  const tick = () => {
    const now = performance.now();
    maxTimeoutGapMs = Math.max(maxTimeoutGapMs, now - lastTick);
    lastTick = now;
    ticks += 1;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);

  let lastFrame = -1;
  let maxFrameGapMs = 0;
  const frame = (time: number) => {
    if (lastFrame >= 0) maxFrameGapMs = Math.max(maxFrameGapMs, time - lastFrame);
    lastFrame = time;
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  const longTasksMs: number[] = [];
  let observer: PerformanceObserver | null = null;
  if (PerformanceObserver.supportedEntryTypes.includes('longtask')) {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasksMs.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
  }

  return {
    stop() {
      running = false;
      const pending = observer?.takeRecords() ?? [];
      for (const entry of pending) longTasksMs.push(entry.duration);
      observer?.disconnect();
      // The gap from the last tick to now counts too: a stall right before stop() is a stall.
      maxTimeoutGapMs = Math.max(maxTimeoutGapMs, performance.now() - lastTick);
      return { maxTimeoutGapMs, maxFrameGapMs, longTasksMs, timeoutTicks: ticks };
    },
  };
}

/** Marks a point of interest; the trace analysis finds the main-thread task around it. */
export function markWork(name: string): void {
  performance.mark(`work:${name}`);
}

export function markWindow(edge: 'start' | 'end'): void {
  performance.mark(`bench:${edge}`);
}

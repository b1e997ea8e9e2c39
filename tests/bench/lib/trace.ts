// Main-thread tasks of a bench page from a Chromium trace: every task the renderer's main thread
// ran between the page's `bench:start` and `bench:end` marks, and which of them hold `work:*` marks.
import type { Browser, Page } from 'playwright-core';

/** One main-thread task, times in ms from `bench:start`. */
export interface MainTask {
  start: number;
  /** Wall time, ms. */
  duration: number;
  /** Thread CPU time, ms: wall minus the time the OS ran something else (2 cores, SwiftShader). */
  cpu: number;
  /** `work:*` marks made inside the task. */
  marks: string[];
}

export interface MainThreadWindow {
  windowMs: number;
  tasks: MainTask[];
  /** The longest task (wall): the longest the page could not respond. */
  longestMs: number;
  /** The most thread CPU time any one task took. */
  longestCpuMs: number;
  /** Sum of all task time in the window. */
  busyMs: number;
  /** Tasks holding at least one `work:*` mark, their wall and CPU time. */
  workTasks: MainTask[];
  workMs: number;
  workCpuMs: number;
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const CATEGORIES = ['toplevel', 'blink.user_timing'];
/** A task and the microtask checkpoint that follows it right away are one task. */
const JOIN_US = 20;
const CHECKPOINT = 'BlinkScheduler_PerformMicrotaskCheckpoint';

/** Runs `body` with Chromium tracing on and returns the main thread of the last bench window. */
export async function traced<T>(
  browser: Browser,
  page: Page,
  body: () => Promise<T>,
): Promise<{ result: T; main: MainThreadWindow }> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let result: T;
  try {
    result = await body();
  } catch (error) {
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  // Let the renderer hand its last events (the task that ended the window) to the trace.
  await page.waitForTimeout(150);
  const buffer = await browser.stopTracing();
  return { result, main: mainThreadWindow(parseTrace(buffer)) };
}

function parseTrace(buffer: Buffer): TraceEvent[] {
  const parsed = JSON.parse(buffer.toString('utf8')) as
    TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

export function mainThreadWindow(events: readonly TraceEvent[]): MainThreadWindow {
  const marks = events.filter((e) => e.cat.includes('blink.user_timing'));
  const start = marks.filter((m) => m.name === 'bench:start').at(-1);
  const end = marks.filter((m) => m.name === 'bench:end' && start && m.ts >= start.ts).at(0);
  if (!start || !end) throw new Error('trace: no bench:start / bench:end marks');
  const onThread = (e: TraceEvent) => e.pid === start.pid && e.tid === start.tid;

  // Top-level complete events of the page's main thread, nested ones dropped.
  const spans = events
    .filter((e) => onThread(e) && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const top: { ts: number; end: number; cpu: number }[] = [];
  for (const e of spans) {
    const last = top.at(-1);
    const eEnd = e.ts + (e.dur ?? 0);
    if (last && e.ts < last.end) {
      // Nested in the previous top-level event: its time is already counted.
      last.end = Math.max(last.end, eEnd);
      continue;
    }
    if (last && e.name === CHECKPOINT && e.ts - last.end <= JOIN_US) {
      last.end = Math.max(last.end, eEnd);
      last.cpu += e.tdur ?? 0;
      continue;
    }
    top.push({ ts: e.ts, end: eEnd, cpu: e.tdur ?? e.dur ?? 0 });
  }

  const from = start.ts;
  const to = end.ts;
  const work = marks.filter((m) => onThread(m) && m.name.startsWith('work:'));
  const tasks: MainTask[] = top
    .filter((t) => t.end > from && t.ts < to)
    .map((t) => {
      const s = Math.max(t.ts, from);
      const e = Math.min(t.end, to);
      const share = t.end > t.ts ? (e - s) / (t.end - t.ts) : 1;
      return {
        start: (s - from) / 1000,
        duration: (e - s) / 1000,
        cpu: (t.cpu * share) / 1000,
        marks: work.filter((m) => m.ts >= t.ts && m.ts <= t.end).map((m) => m.name),
      };
    });
  const workTasks = tasks.filter((t) => t.marks.length > 0);
  return {
    windowMs: (to - from) / 1000,
    tasks,
    longestMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    longestCpuMs: tasks.reduce((m, t) => Math.max(m, t.cpu), 0),
    busyMs: tasks.reduce((s, t) => s + t.duration, 0),
    workTasks,
    workMs: workTasks.reduce((s, t) => s + t.duration, 0),
    workCpuMs: workTasks.reduce((s, t) => s + t.cpu, 0),
  };
}

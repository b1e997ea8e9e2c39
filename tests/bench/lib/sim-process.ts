// Starts the simulated city's HTTP server (mocks/server/serve.ts) in a child Node process, so a
// bench's own process measures the page and not the city's computation, and asks it over IPC what
// it served and how long each answer took.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServedRequest } from '../../../mocks/server/serve';

export interface SimChildOptions {
  scale: number;
  /** Sim time at start, epoch ms. */
  start: number;
  /** Sim ms per real ms (1…600). */
  speed: number;
  /** A still city: the clock stays at `start`, so every answer is of one version. */
  paused: boolean;
}

export type SimChildMessage = { type: 'stats' } | { type: 'reset' } | { type: 'close' };

export type SimChildReply =
  | { type: 'ready'; url: string; origin: string; startMs: number; version: number }
  | {
      type: 'stats';
      served: ServedRequest[];
      heapMb: number;
      rssMb: number;
      version: number;
    }
  | { type: 'reset' };

export interface SimStats {
  served: ServedRequest[];
  heapMb: number;
  rssMb: number;
  version: number;
}

export interface SimProcess {
  url: string;
  origin: string;
  pid: number;
  /** From spawning the process to the server listening with its city built. */
  startMs: number;
  /** The version the feeds were at when the server was ready. */
  version: number;
  /** Requests served since the last reset, and the child's heap. */
  stats(): Promise<SimStats>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./sim-child.ts', import.meta.url));

export async function startSimProcess(
  options: SimChildOptions,
  { heapMb = 12_000 }: { heapMb?: number } = {},
): Promise<SimProcess> {
  const t0 = performance.now();
  const child: ChildProcess = fork(CHILD, [JSON.stringify(options)], {
    execArgv: [`--max-old-space-size=${heapMb}`, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the sim process did not start');

  let exited: string | null = null;
  const waiters: { resolve: (reply: SimChildReply) => void; reject: (error: Error) => void }[] = [];
  child.on('message', (message: SimChildReply) => {
    waiters.shift()?.resolve(message);
  });
  child.on('exit', (code, signal) => {
    exited = `the sim process exited (${signal ?? `code ${code}`})`;
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(exited));
  });
  const next = (): Promise<SimChildReply> =>
    exited !== null
      ? Promise.reject(new Error(exited))
      : new Promise((resolve, reject) => waiters.push({ resolve, reject }));

  const ask = async (message: SimChildMessage): Promise<SimChildReply> => {
    const reply = next();
    child.send(message);
    return reply;
  };

  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`the sim process said ${ready.type} first`);
  const startMs = performance.now() - t0;

  return {
    url: ready.url,
    origin: ready.origin,
    pid,
    startMs,
    version: ready.version,
    async stats() {
      const reply = await ask({ type: 'stats' });
      if (reply.type !== 'stats') throw new Error(`the sim process answered ${reply.type}`);
      const { served, heapMb, rssMb, version } = reply;
      return { served, heapMb, rssMb, version };
    },
    async reset() {
      await ask({ type: 'reset' });
    },
    async close() {
      if (exited !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

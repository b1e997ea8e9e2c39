// Instrumentation injected into the app's page before any of its scripts (page.addInitScript):
// counts the overview's polls (the page → feed worker `view` requests), WebGL contexts, deck
// layers (deck's debug hook) and, for the heap run, compresses time. Plain browser JavaScript as a
// function so that playwright can serialise it.

export interface AppProbe {
  polls: number;
  glCreated: number;
  glAlive(): number;
  deckLayersLive: number;
  deckLayersCreated: number;
  deckLayerIds(): string[];
  /**
   * performance.now() of milestones: first view request, map style loaded, the app's own
   * "app-ready" (data in the page's state), and the first frame on screen with data: the animation
   * frame after deck.gl rendered a data layer (not a base layer) with at least one instance.
   */
  firstPollAt: number | null;
  mapLoadedAt: number | null;
  appReadyAt: number | null;
  dataFrameAt: number | null;
  /** The layer that first drew data, with its instance count. */
  dataLayer: string | null;
  /**
   * performance.now() of the first map's steps seen from the page (the first fetch, the app's
   * first commit, the WebGL context's creation, the worker's first answer to a view, deck.gl's
   * first render with data); `steps()` adds the navigation's and resources' timings and the app's
   * own `boot:*` / `map:*` user-timing marks.
   */
  at: Record<string, number>;
  steps(): Record<string, number>;
  luma(): Record<string, number>;
}

export interface InstrumentOptions {
  /** Divide timer delays ≥ 250 ms and the polls' maxAge by this (1 = real time). */
  compress: number;
}

/** Runs in the page. Keep it self-contained: no imports, no closures over Node values. */
export function instrumentApp({ compress }: InstrumentOptions): void {
  type Layer = { id: string };
  type DrawnLayer = Layer & { props?: { visible?: boolean }; getNumInstances?: () => number };
  // The map's own layers (district names): anything else with instances is a scenario's data.
  const BASE_LAYER = /^district-labels/;
  let dataDrawn = false;
  const probe = {
    polls: 0,
    glCreated: 0,
    deckLayersLive: 0,
    deckLayersCreated: 0,
    firstPollAt: null as number | null,
    mapLoadedAt: null as number | null,
    appReadyAt: null as number | null,
    dataFrameAt: null as number | null,
    dataLayer: null as string | null,
    at: {} as Record<string, number>,
    steps: () => ({}) as Record<string, number>,
    glAlive: () => 0,
    deckLayerIds: () => [] as string[],
    luma: () => ({}) as Record<string, number>,
  };
  (window as unknown as { __bench: typeof probe }).__bench = probe;
  const once = (name: string, time = performance.now()) => {
    probe.at[name] ??= time;
  };

  // The first request the app's code makes (the session, then the config): its modules ran.
  const realFetch = window.fetch.bind(window);
  window.fetch = ((...args: Parameters<typeof fetch>) => {
    once('firstFetch');
    return realFetch(...args);
  }) as typeof fetch;

  // The worker's first answer to a view request, and the moment every view asked for until then
  // was answered (the scenarios' and the alarms' first views share the worker).
  const viewIds = new Set<number>();
  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as { requestId?: unknown } | null;
        const id = data?.requestId;
        if (typeof id !== 'number' || !viewIds.delete(id)) return;
        once('firstView');
        if (viewIds.size === 0) once('viewsAnswered');
      });
    }
  };

  if (compress !== 1) {
    const MIN = 250;
    const scale = (ms: unknown) => (typeof ms === 'number' && ms >= MIN ? ms / compress : ms);
    const realTimeout = window.setTimeout.bind(window);
    const realInterval = window.setInterval.bind(window);
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
      realTimeout(handler, scale(ms) as number, ...args)) as typeof window.setTimeout;
    window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
      realInterval(handler, scale(ms) as number, ...args)) as typeof window.setInterval;
  }

  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    const m = message as { type?: unknown; maxAgeMs?: unknown } | null;
    if (m && m.type === 'view') {
      probe.polls += 1;
      probe.firstPollAt ??= performance.now();
      if (typeof (m as { requestId?: unknown }).requestId === 'number' && !probe.at.viewsAnswered)
        viewIds.add((m as { requestId: number }).requestId);
      if (compress !== 1 && typeof m.maxAgeMs === 'number')
        message = { ...m, maxAgeMs: m.maxAgeMs / compress };
    }
    return (post as (...a: unknown[]) => void).call(this, message, ...rest);
  } as typeof Worker.prototype.postMessage;

  const contexts: WeakRef<WebGLRenderingContext | WebGL2RenderingContext>[] = [];
  const seen = new WeakSet<object>();
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (
    this: HTMLCanvasElement,
    type: string,
    ...rest: unknown[]
  ) {
    const start = performance.now();
    const context = (getContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
    if (context && /webgl/.test(type) && !seen.has(context as object)) {
      if (probe.glCreated === 0) {
        once('glStart', start);
        once('glCreated');
      }
      seen.add(context as object);
      probe.glCreated += 1;
      contexts.push(new WeakRef(context as WebGL2RenderingContext));
    }
    return context;
  } as typeof HTMLCanvasElement.prototype.getContext;
  probe.glAlive = () =>
    contexts.filter((ref) => {
      const gl = ref.deref();
      return (
        gl !== undefined && !gl.isContextLost() && (gl.canvas as HTMLCanvasElement).isConnected
      );
    }).length;

  // deck.gl announces itself on globalThis.deck: hook its debug loggers as soon as it does.
  // Layers are counted by id, never held (holding them would keep their data alive).
  const live = new Map<string, number>();
  const liveCount = () => [...live.values()].reduce((a, b) => a + b, 0);
  let deckGlobal: unknown;
  Object.defineProperty(globalThis, 'deck', {
    configurable: true,
    get: () => deckGlobal,
    set(value: {
      _registerLoggers?: (
        h: Record<string, (first: unknown, second: unknown, third: unknown) => void>,
      ) => void;
      log?: { setLevel(l: number): void; enable(e: boolean): void };
    }) {
      deckGlobal = value;
      if (!value?._registerLoggers || !value.log) return;
      value._registerLoggers({
        'deckRenderer.renderLayers': (_renderer, _stats, opts) => {
          if (dataDrawn) return;
          const layers = ((opts as { layers?: DrawnLayer[] } | null)?.layers ?? []) as DrawnLayer[];
          for (const layer of layers) {
            if (BASE_LAYER.test(layer.id) || layer.props?.visible === false) continue;
            let instances = 0;
            try {
              instances = layer.getNumInstances?.() ?? 0;
            } catch {
              instances = 0;
            }
            if (instances <= 0) continue;
            dataDrawn = true;
            once('deckData');
            probe.dataLayer = `${layer.id} (${instances})`;
            requestAnimationFrame(() => (probe.dataFrameAt = performance.now()));
            return;
          }
        },
        'layer.initialize': (created) => {
          const { id } = created as Layer;
          probe.deckLayersCreated += 1;
          live.set(id, (live.get(id) ?? 0) + 1);
          probe.deckLayersLive = liveCount();
        },
        'layer.finalize': (finalized) => {
          const { id } = finalized as Layer;
          const left = (live.get(id) ?? 0) - 1;
          if (left > 0) live.set(id, left);
          else live.delete(id);
          probe.deckLayersLive = liveCount();
        },
      });
      value.log.setLevel(1);
      value.log.enable(false);
    },
  });
  probe.deckLayerIds = () => [...live.keys()].sort();

  probe.steps = () => {
    const steps: Record<string, number> = { ...probe.at };
    const nav = performance.getEntriesByType('navigation')[0] as
      PerformanceNavigationTiming | undefined;
    if (nav) steps.html = nav.responseEnd;
    // The JavaScript the page loaded before its code made its first request: index.html's
    // module and what it imports statically (modulepreloads).
    const scripts = performance
      .getEntriesByType('resource')
      .filter(
        (r) =>
          /\.m?js$/.test(new URL(r.name).pathname) &&
          r.startTime < (probe.at.firstFetch ?? Infinity),
      ) as PerformanceResourceTiming[];
    if (scripts.length) steps.scripts = Math.max(...scripts.map((r) => r.responseEnd));
    for (const mark of performance.getEntriesByType('mark'))
      if (/^(boot|map):/.test(mark.name)) steps[mark.name] ??= mark.startTime;
    if (probe.mapLoadedAt !== null) steps.mapLoad = probe.mapLoadedAt;
    if (probe.dataFrameAt !== null) steps.dataFrame = probe.dataFrameAt;
    return steps;
  };

  probe.luma = () => {
    type Stat = { count: number };
    type Stats = { stats: Record<string, Stat> };
    const manager = (globalThis as { luma?: { stats?: { stats?: Map<string, Stats> } } }).luma
      ?.stats;
    const out: Record<string, number> = {};
    const all = manager?.stats;
    if (!all) return out;
    for (const [group, stats] of all)
      for (const [name, stat] of Object.entries(stats.stats))
        if (/Active|Memory/.test(name)) out[`${group}/${name}`] = stat.count;
    return out;
  };

  new MutationObserver((_, observer) => {
    if (!probe.at.commit && document.querySelector('[data-testid="app"]')) once('commit');
    if (probe.mapLoadedAt === null && document.querySelector('[data-loaded="true"]'))
      probe.mapLoadedAt = performance.now();
    if (document.querySelector('[data-testid="app-ready"]')) {
      probe.appReadyAt = performance.now();
      probe.mapLoadedAt ??= probe.appReadyAt;
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * The init script's source. tsx compiles with esbuild's keepNames, which wraps inner functions in
 * a `__name(fn, "name")` helper that exists only in Node: the page gets a no-op one.
 */
export function instrumentationScript(options: InstrumentOptions): { content: string } {
  return {
    content: `var __name = (target) => target;\n(${instrumentApp.toString()})(${JSON.stringify(options)});`,
  };
}

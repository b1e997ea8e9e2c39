// What a wall window measures of itself, cheaply enough to run for weeks: listeners added and
// not removed, WebGL contexts created and not lost, DOM nodes, heap, whether it still paints, and
// how many items the feeds hold (what the heap should follow).
import { heldItemCount } from '@/feeds/feed-health';
import type { WatchSample } from './watchdog';

interface Counters {
  listeners: number;
  contexts: number;
}

const counters: Counters = { listeners: 0, contexts: 0 };
let installed = false;

/**
 * Counts event listeners and WebGL contexts from now on (wall windows only). A listener counts
 * once per (target, type, listener, capture), as the DOM does; a target collected with its
 * listeners takes them off the count.
 */
export function installCounters(): void {
  if (installed || typeof EventTarget === 'undefined') return;
  installed = true;
  // A window shown again has had no frames while hidden, by design: the clock starts again.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') lastFrame = performance.now();
  });
  const registered = new WeakMap<EventTarget, Set<string>>();
  const ids = new WeakMap<object, number>();
  let nextId = 1;
  const idOf = (listener: object) => {
    let id = ids.get(listener);
    if (id === undefined) {
      id = nextId++;
      ids.set(listener, id);
    }
    return id;
  };
  const released =
    typeof FinalizationRegistry === 'undefined'
      ? null
      : new FinalizationRegistry<{ count: number }>((held) => {
          counters.listeners -= held.count;
        });
  const held = new WeakMap<EventTarget, { count: number }>();
  const keyOf = (
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ) =>
    `${type}\u0000${idOf(listener)}\u0000${
      typeof options === 'boolean' ? options : !!options?.capture
    }`;

  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  proto.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    add.call(this, type, listener, options);
    if (!listener || (typeof options === 'object' && options.once)) return;
    let set = registered.get(this);
    if (!set) {
      set = new Set();
      registered.set(this, set);
      const h = { count: 0 };
      held.set(this, h);
      released?.register(this, h);
    }
    const key = keyOf(type, listener, options);
    if (set.has(key)) return;
    set.add(key);
    held.get(this)!.count += 1;
    counters.listeners += 1;
  };
  proto.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    remove.call(this, type, listener, options);
    if (!listener) return;
    const set = registered.get(this);
    const key = keyOf(type, listener, options);
    if (!set?.delete(key)) return;
    held.get(this)!.count -= 1;
    counters.listeners -= 1;
  };

  const getContext = HTMLCanvasElement.prototype.getContext;
  const counted = new WeakSet<object>();
  HTMLCanvasElement.prototype.getContext = function (
    this: HTMLCanvasElement,
    ...args: Parameters<typeof getContext>
  ) {
    const context = getContext.apply(this, args) as RenderingContext | null;
    const kind = args[0];
    if (context && (kind === 'webgl' || kind === 'webgl2') && !counted.has(context)) {
      counted.add(context);
      watchContext(this, add, remove);
    }
    return context;
  } as typeof getContext;
}

/** A context counts until it is lost, and again once restored (listeners outside the count). */
function watchContext(
  canvas: HTMLCanvasElement,
  add: EventTarget['addEventListener'],
  remove: EventTarget['removeEventListener'],
) {
  counters.contexts += 1;
  const lost = () => {
    counters.contexts -= 1;
    remove.call(canvas, 'webglcontextlost', lost);
    add.call(canvas, 'webglcontextrestored', restored);
  };
  const restored = () => {
    counters.contexts += 1;
    remove.call(canvas, 'webglcontextrestored', restored);
    add.call(canvas, 'webglcontextlost', lost);
  };
  add.call(canvas, 'webglcontextlost', lost);
}

let lastFrame = typeof performance === 'undefined' ? 0 : performance.now();

/** Asks for one frame: if none comes, the page has stopped painting. */
export function probeFrame(): void {
  requestAnimationFrame((t) => {
    lastFrame = t;
  });
}

/** One sample of the window, now. */
export function sampleWindow(): WatchSample {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  const visible = document.visibilityState === 'visible';
  return {
    heapMb: memory ? memory.usedJSHeapSize / 1048576 : null,
    domNodes: document.getElementsByTagName('*').length,
    listeners: counters.listeners,
    contexts: counters.contexts,
    // A hidden window gets no frames by design: not a stall.
    sinceFrameS: visible ? Math.max(0, (performance.now() - lastFrame) / 1000) : 0,
    items: heldItemCount(),
  };
}

// Counts deck.gl's own events through its debug hook (`globalThis.deck._registerLoggers`), which
// works for any Deck on the page, the app's interleaved maplibre overlay included. Logging stays
// off: the hook only needs a log level above 0.

export interface DeckCounters {
  /** Layers initialised minus layers finalised. */
  liveLayers: number;
  layersInitialized: number;
  layersFinalized: number;
  /**
   * Attribute updates by layer id: invalidations (data or accessor changed, binary attributes
   * are set again) and accessor runs that refilled at least one attribute.
   */
  attributeUpdates: Record<string, number>;
  attributeUpdatesTotal: number;
  /** WebGL buffer uploads (bufferData / bufferSubData with data) and their bytes, any owner. */
  glUploads: number;
  glUploadBytes: number;
  /**
   * Time inside deck's AttributeManager.update (what its own 'Update Attributes' timer spans:
   * accessors run, binary columns set, buffers written), ms.
   */
  attributeUpdateMs: number;
}

import { AttributeManager } from '@deck.gl/core';

interface DeckGlobal {
  log: { setLevel(level: number): void; enable(enabled: boolean): void };
  _registerLoggers(handlers: Record<string, (...args: unknown[]) => void>): void;
}

export function installDeckCounters(): DeckCounters {
  const deck = (globalThis as { deck?: DeckGlobal }).deck;
  if (!deck?._registerLoggers) throw new Error('deck.gl is not loaded');
  const counters: DeckCounters = {
    liveLayers: 0,
    layersInitialized: 0,
    layersFinalized: 0,
    attributeUpdates: {},
    attributeUpdatesTotal: 0,
    glUploads: 0,
    glUploadBytes: 0,
    attributeUpdateMs: 0,
  };
  const proto = AttributeManager.prototype as unknown as { update: (...args: unknown[]) => void };
  const update = proto.update;
  proto.update = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      update.apply(this, args);
    } finally {
      counters.attributeUpdateMs += performance.now() - t0;
    }
  };
  const count = (manager: unknown) => {
    const id = String((manager as { id?: unknown }).id ?? '?');
    counters.attributeUpdates[id] = (counters.attributeUpdates[id] ?? 0) + 1;
    counters.attributeUpdatesTotal += 1;
  };
  deck._registerLoggers({
    'layer.initialize': () => {
      counters.layersInitialized += 1;
      counters.liveLayers += 1;
    },
    'layer.finalize': () => {
      counters.layersFinalized += 1;
      counters.liveLayers -= 1;
    },
    'attributeManager.invalidate': count,
    'attributeManager.updateEnd': count,
  });
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    const upload = (original: (...args: never[]) => void) =>
      function (this: unknown, ...args: unknown[]) {
        const data = args[2];
        if (ArrayBuffer.isView(data)) {
          counters.glUploads += 1;
          counters.glUploadBytes += data.byteLength;
        }
        return (original as (...a: unknown[]) => void).apply(this, args);
      };
    proto.bufferData = upload(proto.bufferData) as typeof proto.bufferData;
    proto.bufferSubData = upload(proto.bufferSubData) as typeof proto.bufferSubData;
  }
  deck.log.setLevel(1);
  deck.log.enable(false);
  return counters;
}

import { createWorkerCore, serializeError, type WorkerCore } from './feed-worker-core';
import type { ScenarioWorker } from './scenario-worker';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
}

/** What the host takes from its environment (replaced in tests). */
export interface WorkerHostEnv {
  fetch?: typeof fetch;
  realNow?: () => number;
}

/** Wires the worker core to a dedicated worker's messages. */
export function startFeedWorker(
  scope: WorkerScope,
  scenarios: readonly ScenarioWorker[],
  env: WorkerHostEnv = {},
): void {
  let core: WorkerCore | null = null;
  scope.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'init') {
      core = createWorkerCore({
        feeds: message.feeds,
        profile: message.profile,
        origin: message.origin,
        timeZone: message.timeZone,
        geo: message.geo,
        settings: message.settings ?? {},
        fetch: env.fetch ?? ((input, init) => fetch(input, init)),
        ...(env.realNow ? { realNow: env.realNow } : {}),
        scenarios,
        onHealth: (health) => scope.postMessage({ type: 'health', health }, []),
      });
      for (const ack of message.acks) core.acknowledge(ack);
      return;
    }
    if (message.type === 'ack') {
      core?.acknowledge(message.ack);
      return;
    }
    const { requestId } = message;
    if (!core) {
      scope.postMessage(
        { requestId, ok: false, error: { message: 'worker not initialised', reason: 'internal' } },
        [],
      );
      return;
    }
    const active = core;
    if (message.type === 'detail') {
      try {
        scope.postMessage(
          { requestId, ok: true, result: active.detail(message.feed, message.id) },
          [],
        );
      } catch (e) {
        scope.postMessage({ requestId, ok: false, error: serializeError(e) }, []);
      }
      return;
    }
    active
      .view(message.view, message.params, message.haveStamp, message.now)
      .then((result) => {
        const transfer =
          result.kind === 'view' ? active.transferables(message.view, result.view) : [];
        scope.postMessage({ requestId, ok: true, result }, transfer);
      })
      .catch((e: unknown) =>
        scope.postMessage({ requestId, ok: false, error: serializeError(e) }, []),
      );
  };
}

import type { Sanitizers } from './feed-worker-core';
import { createWorkerCore, serializeError, type WorkerCore } from './feed-worker-core';
import type { ViewRegistry } from './view-builder';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
}

/** Wires the worker core to a dedicated worker's messages. */
export function startFeedWorker(
  scope: WorkerScope,
  views: ViewRegistry,
  sanitizers: Sanitizers,
): void {
  let core: WorkerCore | null = null;
  scope.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'init') {
      core = createWorkerCore({
        feeds: message.feeds,
        profile: message.profile,
        origin: message.origin,
        fetch: (input, init) => fetch(input, init),
        views,
        sanitizers,
      });
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
      scope.postMessage(
        { requestId, ok: true, result: active.detail(message.feed, message.id) },
        [],
      );
      return;
    }
    active
      .view(message.feed, message.view, message.params, message.haveRevision, message.maxAgeMs)
      .then((result) => {
        const transfer =
          result.kind === 'view'
            ? active.transferables(message.feed, message.view, result.view)
            : [];
        scope.postMessage({ requestId, ok: true, result }, transfer);
      })
      .catch((e: unknown) =>
        scope.postMessage({ requestId, ok: false, error: serializeError(e) }, []),
      );
  };
}

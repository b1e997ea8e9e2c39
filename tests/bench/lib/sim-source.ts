// A `fetch` for the real worker core in Node, answering from the simulated city: the feeds'
// snapshots and deltas the bench hands it (as parsed objects: no JSON text for 834,000 tickets, which
// would not fit in one string), everything else (the optional endpoints: signal series, sensor
// readings, cameras, …) from the sim's own feed server (mocks/handlers/feed-server.ts), as text.
import { FEED_NAMES, type FeedName } from '../../../src/domain/common';
import type { FeedServer } from '../../../mocks/handlers/feed-server';

/** What the bench hands the source for a feed's next poll: a native snapshot or delta body. */
export type FeedBody = Record<string, unknown>;

export interface SimSource {
  fetch: typeof fetch;
  /** The body the feed's next poll gets (once). */
  serve(feed: FeedName, body: FeedBody): void;
  /** Waits until no optional endpoint's request is in flight. */
  settle(): Promise<void>;
  /** Requests to the optional endpoints so far. */
  readonly resourceRequests: number;
  /** Polls that found no body waiting (answered 304). */
  readonly unexpectedPolls: number;
}

const isFeed = (name: string): name is FeedName => (FEED_NAMES as readonly string[]).includes(name);

/** A 200 whose `json()` returns `body` itself (what the adapter would have parsed). */
function parsedResponse(body: unknown, etag: string): Response {
  const response = new Response('{}', {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...(etag ? { ETag: etag } : {}) },
  });
  Object.defineProperty(response, 'json', { value: () => Promise.resolve(body) });
  return response;
}

export function createSimSource(server: FeedServer, basePath: string): SimSource {
  const waiting = new Map<FeedName, FeedBody>();
  const inFlight = new Set<Promise<unknown>>();
  let resourceRequests = 0;
  let unexpectedPolls = 0;
  const prefix = `${basePath.replace(/\/$/, '')}/`;

  async function answer(url: URL, init: RequestInit | undefined): Promise<Response> {
    if (!url.pathname.startsWith(prefix)) return new Response(null, { status: 404 });
    const path = decodeURIComponent(url.pathname.slice(prefix.length));
    if (isFeed(path)) {
      const body = waiting.get(path);
      waiting.delete(path);
      if (!body) {
        unexpectedPolls += 1;
        return new Response(null, { status: 304 });
      }
      return parsedResponse(body, `"${path}-${String(body.version)}"`);
    }
    resourceRequests += 1;
    const headers = new Headers(init?.headers);
    const reply = await server.handle({
      feed: path,
      params: url.searchParams,
      headers: { ifNoneMatch: headers.get('If-None-Match') },
      method: init?.method ?? 'GET',
    });
    // Parsed here, so that the core's continuations are microtasks only (settle() can tell).
    if (reply.status === 200 && reply.body !== undefined)
      return parsedResponse(JSON.parse(reply.body) as unknown, '');
    const empty = reply.status === 204 || reply.status === 304;
    return new Response(empty ? null : (reply.body ?? null), {
      status: reply.status,
      headers: reply.headers,
    });
  }

  return {
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const pending = answer(url, init);
      inFlight.add(pending);
      void pending.finally(() => inFlight.delete(pending)).catch(() => undefined);
      return pending;
    },
    serve(feed, body) {
      waiting.set(feed, body);
    },
    async settle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      // The core's own continuations (storing the answer) run after the fetch settles.
      await new Promise((resolve) => setImmediate(resolve));
    },
    get resourceRequests() {
      return resourceRequests;
    },
    get unexpectedPolls() {
      return unexpectedPolls;
    },
  };
}

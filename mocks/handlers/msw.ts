import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FeedServer } from './feed-server';

export interface FeedHandlersOptions {
  /** Where the feeds live, e.g. `/api/v1` (same origin) or `http://127.0.0.1:8787/api/v1`. */
  baseUrl: string;
  server: FeedServer;
}

/** MSW handlers for `GET|HEAD {baseUrl}/:feed`, answered by the feed server core. */
export function createFeedHandlers({ baseUrl, server }: FeedHandlersOptions): HttpHandler[] {
  const path = `${baseUrl.replace(/\/+$/, '')}/:feed`;
  const resolve = async (
    request: Request,
    feed: string,
    head: boolean,
  ): Promise<HttpResponse<string>> => {
    const url = new URL(request.url);
    const response = await server.handle({
      feed,
      params: url.searchParams,
      headers: { ifNoneMatch: request.headers.get('If-None-Match') },
    });
    return new HttpResponse(head ? null : (response.body ?? null), {
      status: response.status,
      headers: response.headers,
    });
  };
  return [
    http.get(path, ({ request, params }) => resolve(request, String(params.feed), false)),
    // The native adapter's health check is a HEAD request.
    http.head(path, ({ request, params }) => resolve(request, String(params.feed), true)),
  ];
}

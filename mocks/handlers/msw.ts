import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FeedServer } from './feed-server';

export interface FeedHandlersOptions {
  /** Where the feeds live, e.g. `/api/v1` (same origin) or `http://127.0.0.1:8787/api/v1`. */
  baseUrl: string;
  server: FeedServer;
}

/** The path after the base URL (`tickets`, `signals/series`, `alarm-acks`), or null. */
export function pathAfter(baseUrl: string, request: Request): string | null {
  const base = new URL(baseUrl.replace(/\/+$/, ''), request.url).pathname;
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith(`${base}/`)) return null;
  try {
    return decodeURIComponent(pathname.slice(base.length + 1));
  } catch {
    return null;
  }
}

/** MSW handlers for `{baseUrl}/…` (feeds, their optional endpoints, alarm acknowledgements). */
export function createFeedHandlers({ baseUrl, server }: FeedHandlersOptions): HttpHandler[] {
  const path = `${baseUrl.replace(/\/+$/, '')}/*`;
  const resolve = async (request: Request, head: boolean): Promise<HttpResponse<string>> => {
    const url = new URL(request.url);
    const feed = pathAfter(baseUrl, request) ?? '';
    const response = await server.handle({
      feed,
      params: url.searchParams,
      headers: { ifNoneMatch: request.headers.get('If-None-Match') },
      method: request.method,
      ...(request.method === 'POST' ? { body: await request.text() } : {}),
    });
    return new HttpResponse(head ? null : (response.body ?? null), {
      status: response.status,
      headers: response.headers,
    });
  };
  return [
    http.get(path, ({ request }) => resolve(request, false)),
    // The native adapter's health check is a HEAD request.
    http.head(path, ({ request }) => resolve(request, true)),
    http.post(path, ({ request }) => resolve(request, false)),
  ];
}

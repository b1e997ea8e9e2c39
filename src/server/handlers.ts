// The server is a list of handlers `(req, res, next)`, tried in order (the shape of connect or
// Express middleware, so that sirv and compression plug in as they are). A handler answers, or
// calls `next()` to pass the request on; `next(error)` ends it with a 500.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Next = (error?: unknown) => void;
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: Next,
) => void | Promise<void>;

/** One request listener running `handlers` in order; what none answers gets a 404. */
export function compose(
  handlers: readonly Handler[],
  onError: (error: unknown, req: IncomingMessage) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const fail = (error: unknown) => {
      onError(error, req);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'internal error' });
      else res.destroy();
    };
    const run = (index: number): void => {
      const handler = handlers[index];
      if (!handler) {
        sendJson(res, 404, { error: 'not_found', message: 'not found' });
        return;
      }
      let called = false;
      const next: Next = (error) => {
        if (called) return;
        called = true;
        if (error !== undefined) fail(error);
        else run(index + 1);
      };
      try {
        const result = handler(req, res, next);
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
    run(0);
  };
}

/** The raw path of the request target, without its query (not decoded). */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

/** A short JSON answer (errors, health). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': data.length,
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(data);
}

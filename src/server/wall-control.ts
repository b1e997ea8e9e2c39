// The wall carousel's shared state for desktops on other machines (docs/wall.md): GET returns
// the last state posted (204 before any), POST replaces it. Windows of one machine agree through
// the browser; this is what `wall.controlUrl` points at when the product server serves the app
// (`"controlUrl": "/api/wall"`). Held in memory: a restart resumes the carousel, which is what a
// wall should do after a restart anyway.
import type { IncomingMessage } from 'node:http';
import { isCarouselState, type CarouselState } from '@/wall/carousel';
import { pathOf, sendJson, type Handler } from './handlers';

export const WALL_CONTROL_PATH = '/api/wall/carousel';
const BODY_LIMIT = 1024;

export interface WallControlOptions {
  /** null when the request may read; else the status and message to refuse it with. */
  mayRead?: (req: IncomingMessage) => { status: number; message: string } | null;
  /** null when the request may pause or resume the carousel; else why not. */
  mayWrite?: (req: IncomingMessage) => { status: number; message: string } | null;
  /** Called after a change is accepted (the audit trail, with sign-in). */
  changed?: (req: IncomingMessage, state: CarouselState) => void | Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > BODY_LIMIT) return null;
  }
  return text;
}

export function wallControl(options: WallControlOptions = {}): Handler {
  let state: CarouselState | null = null;
  return async (req, res, next) => {
    if (pathOf(req) !== WALL_CONTROL_PATH) return next();
    if (req.method === 'GET' || req.method === 'HEAD') {
      const refused = options.mayRead?.(req);
      if (refused) return sendJson(res, refused.status, { error: refused.message });
      if (!state) {
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
        return;
      }
      return sendJson(res, 200, state);
    }
    if (req.method !== 'POST')
      return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET, HEAD, POST' });
    const refused = options.mayWrite?.(req);
    if (refused) return sendJson(res, refused.status, { error: refused.message });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 415, { error: 'a JSON body is expected' });
    const text = await readBody(req);
    if (text === null) return sendJson(res, 413, { error: 'body too large' });
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Answered below.
    }
    if (!isCarouselState(body))
      return sendJson(res, 400, { error: 'not a carousel state (epoch, held, pausedAt, by)' });
    // Only the four fields are kept: nothing else a client sends is echoed to the walls.
    state = { epoch: body.epoch, held: body.held, pausedAt: body.pausedAt, by: body.by };
    await options.changed?.(req, state);
    res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
  };
}

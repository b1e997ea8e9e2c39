// One line per request on stdout: time, method, path (query values that may be secret masked),
// status, duration. A request the browser gave up on shows `-` as its status.
import type { Handler } from './handlers';

/** Query parameters whose values never reach a log. */
const SECRET_PARAM = /token|key|secret|password|passwd|auth|code|sig|session|credential/i;

/** The request target with the values of secret-looking query parameters replaced by `***`. */
export function loggablePath(target: string): string {
  const mark = target.indexOf('?');
  if (mark === -1) return target;
  const query = target
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && SECRET_PARAM.test(name) ? `${name}=***` : pair;
    })
    .join('&');
  return `${target.slice(0, mark)}?${query}`;
}

export function accessLog(write: (line: string) => void): Handler {
  return (req, res, next) => {
    const started = performance.now();
    const done = () => {
      const ms = Math.round(performance.now() - started);
      const status = res.writableFinished ? String(res.statusCode) : '-';
      write(
        `${new Date().toISOString()} ${req.method ?? '-'} ${loggablePath(req.url ?? '')} ${status} ${ms}ms`,
      );
    };
    res.once('close', done);
    next();
  };
}

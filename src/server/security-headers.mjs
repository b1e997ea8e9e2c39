// The Content-Security-Policy and other security headers of every server that serves the app:
// the production server (src/server), `vite preview` (vite.config.ts) and scripts/serve-static.mjs
// (`npm start`, e2e tests). Plain JavaScript so that all three load it without a TypeScript step.

/**
 * The policy the app runs under (docs/deploy.md explains each source). Fonts are files of their
 * own (vite.config.ts keeps them from being inlined as data: URLs).
 */
const BASE_DIRECTIVES = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'"]],
  ['connect-src', ["'self'"]],
  ['worker-src', ["'self'", 'blob:']],
  ['object-src', ["'none'"]],
  ['base-uri', ["'self'"]],
  ['form-action', ["'self'"]],
  // The wall's host page frames the wall (same origin); no other site may.
  ['frame-ancestors', ["'self'"]],
];

/** Powerful features the dashboard never uses, denied to it and to anything it might embed. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), ' +
  'magnetometer=(), microphone=(), midi=(), payment=(), usb=()';

/**
 * The origin of an http(s) URL, or null. Only an origin may enter the policy: a value with a
 * space or a semicolon would add sources or directives.
 * @param {string} url
 */
function originOf(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Where the servers of the app take violation reports (`report-uri`), on the app's origin. */
export const CSP_REPORT_PATH = '/csp-report';

/** @param {readonly string[]} sources @param {string} directive */
function origins(sources, directive) {
  const out = [];
  for (const source of sources) {
    const origin = originOf(source);
    if (origin === null) throw new Error(`not an http(s) origin for ${directive}: ${source}`);
    if (!out.includes(origin)) out.push(origin);
  }
  return out;
}

/**
 * @param {{ connectSrc?: readonly string[], formAction?: readonly string[], reportUri?: string }} [options]
 *   `connectSrc`: origins the page may fetch from besides its own (feeds served by another
 *   origin); `formAction`: origins a form of the page may lead to (the identity provider, whose
 *   sign-out the sign-out form redirects to); `reportUri`: a path on this origin that receives
 *   violation reports (from pages, workers and service workers alike)
 * @returns {string}
 */
export function contentSecurityPolicy({ connectSrc = [], formAction = [], reportUri } = {}) {
  const extra = {
    'connect-src': origins(connectSrc, 'connect-src'),
    'form-action': origins(formAction, 'form-action'),
  };
  if (reportUri !== undefined && !/^\/[\w./-]*$/.test(reportUri))
    throw new Error(`not a path for report-uri: ${reportUri}`);
  return [
    ...BASE_DIRECTIVES.map(([name, sources]) =>
      [name, ...sources, ...(extra[/** @type {keyof typeof extra} */ (name)] ?? [])].join(' '),
    ),
    ...(reportUri === undefined ? [] : [`report-uri ${reportUri}`]),
  ].join('; ');
}

/**
 * Headers for every response of a server that serves the app.
 * @param {{ connectSrc?: readonly string[], formAction?: readonly string[], reportUri?: string, csp?: boolean }} [options]
 *   `csp: false` leaves the Content-Security-Policy out (Vite's dev server injects inline scripts
 *   and styles)
 * @returns {Record<string, string>}
 */
export function securityHeaders({ connectSrc = [], formAction = [], reportUri, csp = true } = {}) {
  return {
    ...(csp
      ? { 'Content-Security-Policy': contentSecurityPolicy({ connectSrc, formAction, reportUri }) }
      : {}),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/**
 * The gist of a violation report (`application/csp-report` JSON) on one line, or null when the
 * body is not one. Only fields that say what was blocked where; at most 300 characters each.
 * @param {string} body
 * @returns {string | null}
 */
export function summariseCspReport(body) {
  let report;
  try {
    report = JSON.parse(body)['csp-report'];
  } catch {
    return null;
  }
  if (report === null || typeof report !== 'object') return null;
  const field = (/** @type {string} */ name) => String(report[name] ?? '').slice(0, 300);
  return (
    `${field('effective-directive') || field('violated-directive')} blocked ` +
    `${field('blocked-uri') || '(inline)'} in ${field('document-uri')} at ` +
    `${field('source-file')}:${field('line-number')}:${field('column-number')}`
  );
}

/**
 * Origins a browser config (public/config.json's shape) sends the browser to directly: those of
 * the absolute `feeds.*.baseUrl` and of an absolute `alarms.ackBaseUrl` (alarm acknowledgements).
 * Same-origin paths are left out; anything that is not such a config gives [].
 * @param {unknown} config
 * @returns {string[]}
 */
export function feedOrigins(config) {
  const object = (/** @type {unknown} */ value) =>
    value !== null && typeof value === 'object'
      ? /** @type {Record<string, unknown>} */ (value)
      : {};
  const urls = [
    ...Object.values(object(object(config).feeds)).map((feed) => object(feed).baseUrl),
    object(object(config).alarms).ackBaseUrl,
  ];
  const origins = new Set();
  for (const url of urls) {
    if (typeof url !== 'string' || url.startsWith('/')) continue;
    const origin = originOf(url);
    if (origin !== null) origins.add(origin);
  }
  return [...origins];
}

/** Powerful features the dashboard never uses (the Permissions-Policy header's value). */
export const PERMISSIONS_POLICY: string;

/** Where the servers of the app take violation reports (`report-uri`). */
export const CSP_REPORT_PATH: string;

/**
 * The app's Content-Security-Policy. `connectSrc`: origins the page may fetch from besides its own
 * (feeds served by another origin); anything but an http(s) URL throws. `reportUri`: a path on
 * this origin for violation reports (pages, workers and service workers all send them there).
 */
export function contentSecurityPolicy(options?: {
  connectSrc?: readonly string[];
  /** Origins a form may lead to besides this one (the identity provider's sign-out). */
  formAction?: readonly string[];
  reportUri?: string;
}): string;

/**
 * Content-Security-Policy (unless `csp: false`), X-Content-Type-Options, Referrer-Policy,
 * Permissions-Policy and Cross-Origin-Opener-Policy, for every response of a server of the app.
 */
export function securityHeaders(options?: {
  connectSrc?: readonly string[];
  formAction?: readonly string[];
  reportUri?: string;
  csp?: boolean;
}): Record<string, string>;

/** What a violation report (`application/csp-report` JSON) says, on one line; null if not one. */
export function summariseCspReport(body: string): string | null;

/**
 * Origins a browser config (public/config.json's shape) sends the browser to directly: of the
 * absolute `feeds.*.baseUrl` and `alarms.ackBaseUrl`.
 */
export function feedOrigins(config: unknown): string[];

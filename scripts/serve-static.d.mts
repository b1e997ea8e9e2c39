/** A canned response served instead of a file (e.g. an invalid /config.json for a test). */
export interface Override {
  /** HTTP status, 200 by default. */
  status?: number;
  /** A string or bytes are sent as they are; anything else is sent as JSON. */
  body: unknown;
  /** Content-Type; defaults to text/plain, application/octet-stream or application/json. */
  type?: string;
}

export interface StaticServerOptions {
  /** Directory holding index.html (dist-demo, dist, ...). */
  root: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * Keyed by URL pathname, e.g. '/config.json' (any query). A key may carry a query,
   * '/api/v1/sensors?delta=columns': it then answers only requests with those parameters, and
   * wins over keys naming fewer.
   */
  overrides?: Record<string, Override>;
  /** Called with the gist of each Content-Security-Policy violation report received. */
  onCspReport?: (summary: string) => void;
  /** false: no Content-Security-Policy or other security headers (a test page of the harness). */
  csp?: boolean;
}

export interface StaticServer {
  /** 'http://127.0.0.1:PORT/' (with the trailing slash). */
  url: string;
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  port: number;
  /** Absolute path of the served directory. */
  root: string;
  /** Sets (or with null removes) the override for a pathname, optionally with a query. */
  setOverride(path: string, value: Override | null): void;
  /** How many requests the override of exactly this key answered. */
  overrideHits(path: string): number;
  /**
   * The Content-Security-Policy violations reported so far (POST /csp-report, which the policy
   * names in report-uri), one line each: what was blocked, where. Covers workers and service
   * workers, which page listeners and the console do not.
   */
  cspReports(): string[];
  close(): Promise<void>;
}

export function mimeType(filePath: string): string;
export function startStaticServer(options: StaticServerOptions): Promise<StaticServer>;

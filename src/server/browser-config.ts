// The config.json the server hands every browser: checked at start-up so that no credential
// reaches a page (every browser that opens the dashboard can read it), validated against the
// app's own schema, and its feeds matched against the server's routes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { checkAdapters } from '@/adapters/check-adapters';
import { ConfigError, parseConfig, type AppConfig } from '@/config/config-schema';
import { feedOrigins } from './security-headers.mjs';
import { ServerConfigError, type ServerConfig } from './server-config';

export interface BrowserConfig {
  file: string;
  /** The file's bytes, served as they are. */
  bytes: Buffer;
  /** A strong validator of `bytes`. */
  etag: string;
  config: AppConfig;
  /** The file as parsed JSON, before the schema (fields the schema may not know yet). */
  raw: unknown;
  /** Origins of feeds the browser fetches directly (not proxied): connect-src needs them. */
  connectSrc: string[];
  /** Things worth saying at start-up that do not stop it. */
  warnings: string[];
}

/** Keys that name credentials, compared lower-case without `-` and `_`. */
const CREDENTIAL_KEYS = new Set([
  'auth',
  'authorization',
  'header',
  'headers',
  'bearer',
  'token',
  'key',
  'apikey',
  'secret',
  'password',
  'passwd',
  'pwd',
  'credential',
  'credentials',
  'cookie',
  'cookies',
  'session',
  'sessionid',
  'privatekey',
]);
const CREDENTIAL_KEY_SUFFIX = /(token|secret|password|apikey|privatekey)$/;

/** Why a string looks like a credential, or null. */
function credentialValue(value: string): string | null {
  if (/^\s*(bearer|basic|token|digest|apikey)\s+\S/i.test(value))
    return 'an Authorization header value';
  if (/eyJ[\w-]{5,}\.[\w-]{5,}\./.test(value)) return 'a JSON Web Token';
  if (/^[a-z][a-z\d+.-]*:\/\/[^/?#\s]*@/i.test(value)) return 'a URL with a user name or password';
  if (/[?&](access_token|token|api_?key|key|secret|password|sig|signature|auth)=/i.test(value))
    return 'a URL with a credential in its query';
  if (/\$\{[A-Za-z_]/.test(value)) return 'an environment variable reference (server config only)';
  if (/^[\w+/=-]{32,}$/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value))
    return 'a long random-looking string (a key or token?)';
  return null;
}

/**
 * Every place in a browser config that holds or looks like a credential, as `field: reason`.
 * `secrets` are the values the server config took from the environment: none may appear.
 */
export function findCredentials(raw: unknown, secrets: readonly string[] = []): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      const reason = credentialValue(value);
      if (reason) found.push(`${path || '(root)'}: ${reason}`);
      for (const secret of secrets) {
        if (secret.length >= 4 && value.includes(secret))
          found.push(`${path || '(root)'}: holds a secret of the server config`);
      }
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const normalised = key.toLowerCase().replace(/[-_]/g, '');
      if (CREDENTIAL_KEYS.has(normalised) || CREDENTIAL_KEY_SUFFIX.test(normalised))
        found.push(`${field}: a credential field`);
      else visit(child, field);
    }
  };
  visit(raw, '');
  return found;
}

/** The path of an origin-relative URL, as the app requests it (relative to `/`). */
function originPath(path: string): string {
  return `/${path.replace(/^\/+/, '')}`;
}

function isFileInside(root: string, urlPath: string): boolean {
  const file = resolve(root, `.${decodeURIComponent(urlPath.split('?')[0] ?? '')}`);
  const rel = relative(root, file);
  if (rel.startsWith('..') || rel.startsWith(sep)) return false;
  return existsSync(file) && statSync(file).isFile();
}

export function loadBrowserConfig(server: ServerConfig): BrowserConfig {
  const file = server.browserConfig;
  const fail = (message: string): never => {
    throw new ServerConfigError(`browser config ${file}: ${message}`);
  };
  let bytes: Buffer;
  let raw: unknown;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return fail(`cannot be read: ${(error as Error).message}`);
  }
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return fail(`is not valid JSON: ${(error as Error).message}`);
  }

  const credentials = findCredentials(raw, [
    ...server.routes.flatMap((route) => route.secrets),
    ...server.authSecrets,
  ]);
  if (credentials.length > 0) {
    fail(
      `every browser that opens the dashboard can read this file, so it holds no credential. ` +
        `Remove ${credentials.join('; ')}. A feed's credential goes into the server config ` +
        `(routes[].headers, its value from an environment variable), and the feed's baseUrl ` +
        `becomes the route's same-origin prefix.`,
    );
  }

  let config: AppConfig;
  try {
    config = parseConfig(raw, file);
    checkAdapters(config);
  } catch (error) {
    if (error instanceof ConfigError) return fail(`${error.field}: ${error.detail}`);
    throw error;
  }

  const warnings: string[] = [];
  const routeOf = (path: string) => server.routes.find((route) => path.startsWith(route.prefix));
  const prefixes = server.routes.map((route) => route.prefix).join(', ') || 'none';
  // Where the browser will fetch: each feed, and the alarm acknowledgements if configured (read
  // from the file as it is, so that the check does not depend on the schema's version).
  const ackBaseUrl = (raw as { alarms?: { ackBaseUrl?: unknown } } | null)?.alarms?.ackBaseUrl;
  const targets = [
    ...Object.entries(config.feeds).flatMap(([feed, feedConfig]) =>
      feedConfig
        ? [{ field: `feeds.${feed}.baseUrl`, base: feedConfig.baseUrl, leaf: feed, post: false }]
        : [],
    ),
    ...(typeof ackBaseUrl === 'string'
      ? [{ field: 'alarms.ackBaseUrl', base: ackBaseUrl, leaf: 'alarm-acks', post: true }]
      : []),
  ];
  for (const { field, base, leaf, post } of targets) {
    if (base.startsWith('/')) {
      const path = `${base.replace(/\/+$/, '')}/${leaf}`;
      const route = routeOf(path);
      if (!route)
        return fail(
          `${field}: ${path} is under no route prefix of the server config (${prefixes}): ` +
            `the browser would get index.html instead`,
        );
      if (post && !route.methods.has('POST'))
        fail(`${field}: ${path} is sent POST requests: its route ${route.prefix} must allow POST`);
    } else {
      if (!/^https?:\/\/[^/]/.test(base)) fail(`${field}: must start with / or http(s)://`);
      warnings.push(
        `${field}: the browser fetches ${new URL(base).origin} directly (added to connect-src); ` +
          `it sends no credential and that backend must allow this origin (CORS). Proxy it ` +
          `with a route to keep it same-origin.`,
      );
    }
  }
  const connectSrc = feedOrigins(raw);
  for (const field of ['boundaries', 'divisions'] as const) {
    const path = originPath(config.city[field]);
    if (!routeOf(path) && !isFileInside(server.dist, path))
      fail(`city.${field}: ${path} is neither a file of ${server.dist} nor under a route prefix`);
  }

  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  return { file, bytes, etag, config, raw, connectSrc, warnings };
}

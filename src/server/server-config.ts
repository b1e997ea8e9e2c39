// The production server's own config file (docs/deploy.md): where the build is, which file is
// served as the browser's config.json, and the feed routes it proxies. Secrets are never written
// in it: header values name environment variables, `${TICKETS_TOKEN}`, resolved at start-up.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod/mini';
import { authSchema, resolveAuthConfig, type AuthConfig } from './auth/auth-config';

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

/** Paths the server answers itself; no route prefix may cover them. */
const RESERVED_PREFIXES = [
  '/assets/',
  '/auth/',
  '/api/session',
  '/api/pii/',
  '/api/audit',
  '/api/actions/',
];
/** Headers a route may not set: the connection's own, or computed per request. */
const FORBIDDEN_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);
/** Header names whose values are credentials: they must come from the environment. */
const CREDENTIAL_HEADER = /authorization|cookie|token|secret|key|password|signature/i;
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const HAS_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

const routeSchema = z.strictObject({
  /** Same-origin path prefix the browser uses, e.g. `/api/v1/`. */
  prefix: z
    .string()
    .check(
      z.regex(/^\/(?:[A-Za-z0-9._~-]+\/)+$/, 'must be a path such as /api/v1/ (ending with /)'),
    ),
  /** Base URL the prefix stands for, e.g. `https://feeds.city.example/api/v1/`. */
  upstream: z.string().check(z.minLength(1)),
  /** Headers added to every upstream request; `${NAME}` is the environment variable NAME. */
  headers: z.optional(
    z.record(
      z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name')),
      z.string(),
    ),
  ),
  methods: z.optional(z.array(z.enum(METHODS)).check(z.minLength(1))),
  /** Browser headers forwarded although they are dropped by default. */
  passBrowserHeaders: z.optional(z.array(z.enum(['Authorization', 'Cookie']))),
  timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(600_000))),
  maxResponseBytes: z.optional(z.int().check(z.positive())),
  maxRequestBytes: z.optional(z.int().check(z.positive())),
});

const serverConfigSchema = z.strictObject({
  /** The production build (`npm run build`), relative to the config file. */
  dist: z.string().check(z.minLength(1)),
  /** The file served as /config.json, relative to the config file. */
  browserConfig: z.string().check(z.minLength(1)),
  routes: z._default(z.array(routeSchema), []),
  /** Sign-in, roles, devices and the audit log; without it the dashboard is open to anyone. */
  auth: z.optional(authSchema),
});

/** A feed route, resolved: the upstream parsed, secrets substituted, defaults applied. */
export interface Route {
  prefix: string;
  /** Always ends with `/`; no credentials, query or fragment. */
  upstream: URL;
  headers: Readonly<Record<string, string>>;
  /** Values that came from the environment: never to be shown or logged. */
  secrets: readonly string[];
  methods: ReadonlySet<string>;
  /** Lower-case names of the browser headers forwarded although dropped by default. */
  passBrowserHeaders: ReadonlySet<string>;
  timeoutMs: number;
  maxResponseBytes: number;
  maxRequestBytes: number;
}

export interface ServerConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute path of the production build. */
  dist: string;
  /** Absolute path of the browser's config.json. */
  browserConfig: string;
  routes: readonly Route[];
  /** Sign-in and roles (docs/deploy.md); null: open mode. */
  auth: AuthConfig | null;
  /** Secrets of the auth section (never to be shown or served). */
  authSecrets: readonly string[];
}

export class ServerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

/** Reads, validates and resolves a server config file; throws ServerConfigError naming the field. */
export function loadServerConfig(file: string, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const path = resolve(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new ServerConfigError(`server config ${path} ${reason}: ${(error as Error).message}`);
  }
  return parseServerConfig(raw, path, env);
}

export function parseServerConfig(
  raw: unknown,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const fail = (field: string, message: string): never => {
    throw new ServerConfigError(`server config ${file}: ${field}: ${message}`);
  };
  const parsed = serverConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue
      ? [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])]
      : [];
    fail(fieldName(path), issue?.message ?? 'invalid');
  }
  const config = parsed.data!;
  const baseDir = dirname(file);

  // Every variable missing is named at once, with the field that wants it.
  const missing: string[] = [];
  config.routes.forEach((route, index) => {
    const fields: [string, string][] = [
      [`routes[${index}].upstream`, route.upstream],
      ...Object.entries(route.headers ?? {}).map(([name, value]): [string, string] => [
        `routes[${index}].headers.${name}`,
        value,
      ]),
    ];
    for (const [field, value] of fields) {
      for (const [, name] of value.matchAll(VARIABLE)) {
        if (!env[name!]) missing.push(`${name} (${field})`);
      }
    }
  });
  const resolvedAuth = config.auth
    ? resolveAuthConfig(config.auth, baseDir, env, missing, fail)
    : null;
  if (missing.length > 0) {
    throw new ServerConfigError(
      `server config ${file}: environment variable${missing.length > 1 ? 's' : ''} not set: ` +
        missing.join(', '),
    );
  }
  const substitute = (value: string, secrets: string[]): string =>
    value.replace(VARIABLE, (_match, name: string) => {
      const found = env[name] ?? '';
      secrets.push(found);
      return found;
    });

  const routes = config.routes.map((route, index): Route => {
    const at = `routes[${index}]`;
    for (const reserved of RESERVED_PREFIXES) {
      if (route.prefix.startsWith(reserved) || reserved.startsWith(route.prefix))
        fail(`${at}.prefix`, `${route.prefix} would hide ${reserved}, which the app's files use`);
    }
    const secrets: string[] = [];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(route.headers ?? {})) {
      const field = `${at}.headers.${name}`;
      if (FORBIDDEN_HEADERS.has(name.toLowerCase())) fail(field, 'this header cannot be set');
      if (value.replace(VARIABLE, '').includes('${'))
        fail(field, 'a variable is written ${NAME} (letters, digits, _)');
      if (CREDENTIAL_HEADER.test(name) && !HAS_VARIABLE.test(value))
        fail(field, 'a credential belongs in an environment variable: write it as ${NAME}');
      const resolved = substitute(value, secrets);
      if (/[\r\n\0]/.test(resolved)) fail(field, 'the value has a line break or NUL');
      headers[name] = resolved;
    }
    const upstream = parseUpstream(substitute(route.upstream, []), (message) =>
      fail(`${at}.upstream`, message),
    );
    return {
      prefix: route.prefix,
      upstream,
      headers,
      secrets,
      methods: new Set(route.methods ?? ['GET', 'HEAD']),
      passBrowserHeaders: new Set((route.passBrowserHeaders ?? []).map((h) => h.toLowerCase())),
      timeoutMs: route.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: route.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxRequestBytes: route.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    };
  });

  for (const [i, a] of routes.entries()) {
    for (const [j, b] of routes.entries()) {
      if (i !== j && b.prefix.startsWith(a.prefix))
        fail(`routes[${j}].prefix`, `${b.prefix} lies under routes[${i}].prefix ${a.prefix}`);
    }
  }

  return {
    file,
    dist: resolve(baseDir, config.dist),
    browserConfig: resolve(baseDir, config.browserConfig),
    routes,
    auth: resolvedAuth?.auth ?? null,
    authSecrets: resolvedAuth?.secrets ?? [],
  };
}

function parseUpstream(text: string, fail: (message: string) => never): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('must be an http(s) URL');
  if (url.username || url.password)
    fail('no credentials in the URL: send them as a header from an environment variable');
  if (url.search || url.hash || text.includes('?') || text.includes('#'))
    fail('no query or fragment: the browser supplies the query');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

// The `auth` section of the server config (docs/deploy.md, "Sign-in"): the city's identity
// provider (OpenID Connect), how sessions live, wall devices and the audit log. Without the
// section the server runs open, as the demo does.
import { resolve } from 'node:path';
import * as z from 'zod/mini';

const VARIABLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** A claim name or a dotted path into the claims (`realm_access.roles`). */
const claimPath = z.string().check(z.regex(/^[\w:/-]+(\.[\w:/-]+)*$/, 'must be a claim name'));

export const authSchema = z.strictObject({
  /** Where browsers reach the dashboard, e.g. `https://dashboard.city.example/`. */
  publicUrl: z.string().check(z.minLength(1)),
  /** Signs the session cookie: `${NAME}`, a variable holding at least 32 characters. */
  sessionSecret: z.string().check(z.minLength(1)),
  oidc: z.strictObject({
    issuer: z.string().check(z.minLength(1)),
    clientId: z.string().check(z.minLength(1), z.maxLength(200)),
    /** `${NAME}`; left out for a public client (PKCE only). */
    clientSecret: z.optional(z.string().check(z.minLength(1))),
    scopes: z.optional(z.array(z.string().check(z.regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)))),
    claims: z.optional(
      z.strictObject({
        name: z.optional(z.array(claimPath).check(z.minLength(1))),
        roles: z.optional(claimPath),
        rolePrefix: z.optional(z.string().check(z.maxLength(100))),
      }),
    ),
    /** Ask the provider to end its session too when a user signs out (if it offers it). */
    logout: z.optional(z.boolean()),
    timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(60_000))),
  }),
  sessions: z.optional(
    z.strictObject({
      idleMinutes: z.optional(z.int().check(z.minimum(1), z.maximum(24 * 60))),
      maxHours: z.optional(z.int().check(z.minimum(1), z.maximum(7 * 24))),
      /** Kept across restarts in this file (ids stored hashed); in memory only without it. */
      file: z.optional(z.string().check(z.minLength(1))),
    }),
  ),
  devices: z.optional(
    z.strictObject({
      file: z.string().check(z.minLength(1)),
      sessionDays: z.optional(z.int().check(z.minimum(1), z.maximum(365))),
      rotateHours: z.optional(z.int().check(z.minimum(1), z.maximum(24 * 30))),
      enrolHours: z.optional(z.int().check(z.minimum(1), z.maximum(24 * 30))),
    }),
  ),
  audit: z.strictObject({ file: z.string().check(z.minLength(1)) }),
  /** Behind a reverse proxy: the client address is the last entry of X-Forwarded-For. */
  trustProxy: z.optional(z.boolean()),
});
export type AuthInput = z.output<typeof authSchema>;

export interface ClaimConfig {
  /** Claims tried in order for the name shown and recorded (`name`, then `preferred_username`…). */
  name: readonly string[];
  /** The claim holding the roles (a list or a space-separated string). */
  roles: string;
  /** Only roles starting with it count, without it (`city-brain:district:350102`). */
  rolePrefix: string;
}

export interface AuthConfig {
  publicUrl: URL;
  /** The cookie is `Secure` (and `__Host-` prefixed) when the public URL is https. */
  secureCookies: boolean;
  sessionSecret: string;
  oidc: {
    issuer: URL;
    clientId: string;
    clientSecret: string | null;
    scopes: readonly string[];
    claims: ClaimConfig;
    logout: boolean;
    timeoutMs: number;
  };
  sessions: { idleMs: number; maxMs: number; file: string | null };
  devices: { file: string; sessionMs: number; rotateMs: number; enrolMs: number } | null;
  audit: { file: string };
  trustProxy: boolean;
}

const HOUR = 3_600_000;

/** A loopback issuer may be plain http (a provider on the same machine, tests). */
const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * Resolves the auth section: variables substituted (missing ones pushed to `missing`, named with
 * their field), paths made absolute, defaults applied. `fail` throws naming the field.
 */
export function resolveAuthConfig(
  input: AuthInput,
  baseDir: string,
  env: NodeJS.ProcessEnv,
  missing: string[],
  fail: (field: string, message: string) => never,
): { auth: AuthConfig; secrets: string[] } {
  const secrets: string[] = [];
  const secret = (value: string, field: string): string => {
    const match = VARIABLE.exec(value);
    if (!match)
      return fail(field, 'a secret belongs in an environment variable: write it as ${NAME}');
    const found = env[match[1]!];
    if (!found) {
      missing.push(`${match[1]} (${field})`);
      return '';
    }
    secrets.push(found);
    return found;
  };
  const url = (value: string, field: string): URL => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return fail(field, `not a URL: ${value}`);
    }
    if (parsed.username || parsed.password || parsed.search || parsed.hash)
      fail(field, 'no credentials, query or fragment');
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed)))
      fail(field, 'must be https (plain http only on 127.0.0.1 or localhost)');
    return parsed;
  };

  const publicUrl = url(input.publicUrl, 'auth.publicUrl');
  if (!publicUrl.pathname.endsWith('/')) publicUrl.pathname += '/';
  const sessionSecret = secret(input.sessionSecret, 'auth.sessionSecret');
  if (sessionSecret && sessionSecret.length < 32)
    fail('auth.sessionSecret', 'the variable must hold at least 32 characters');
  const clientSecret =
    input.oidc.clientSecret === undefined
      ? null
      : secret(input.oidc.clientSecret, 'auth.oidc.clientSecret');
  const scopes = input.oidc.scopes ?? ['openid', 'profile'];
  if (!scopes.includes('openid')) fail('auth.oidc.scopes', 'must include "openid"');
  const devices = input.devices;

  return {
    secrets,
    auth: {
      publicUrl,
      secureCookies: publicUrl.protocol === 'https:',
      sessionSecret,
      oidc: {
        issuer: url(input.oidc.issuer, 'auth.oidc.issuer'),
        clientId: input.oidc.clientId,
        clientSecret,
        scopes,
        claims: {
          name: input.oidc.claims?.name ?? ['name', 'preferred_username', 'sub'],
          roles: input.oidc.claims?.roles ?? 'roles',
          rolePrefix: input.oidc.claims?.rolePrefix ?? '',
        },
        logout: input.oidc.logout ?? true,
        timeoutMs: input.oidc.timeoutMs ?? 10_000,
      },
      sessions: {
        idleMs: (input.sessions?.idleMinutes ?? 120) * 60_000,
        maxMs: (input.sessions?.maxHours ?? 12) * HOUR,
        file: input.sessions?.file ? resolve(baseDir, input.sessions.file) : null,
      },
      devices: devices
        ? {
            file: resolve(baseDir, devices.file),
            sessionMs: (devices.sessionDays ?? 30) * 24 * HOUR,
            rotateMs: (devices.rotateHours ?? 24) * HOUR,
            enrolMs: (devices.enrolHours ?? 72) * HOUR,
          }
        : null,
      audit: { file: resolve(baseDir, input.audit.file) },
      trustProxy: input.trustProxy ?? false,
    },
  };
}

// The relying party: sign-in with the city's identity provider by OpenID Connect (authorization
// code with PKCE, state and nonce), done entirely by this server. The browser sees the provider's
// login page and a session cookie; never a token.
import * as client from 'openid-client';
import type { AuthConfig } from './auth-config';
import { principalFromClaims, type Principal } from './principal';

/** A sign-in under way: what the callback must find again. */
interface Pending {
  verifier: string;
  nonce: string;
  returnTo: string;
  createdAt: number;
}

const PENDING_MS = 10 * 60_000;
const PENDING_MAX = 10_000;

export class SignInError extends Error {}

export interface RelyingParty {
  /** The provider's authorization URL for a new sign-in, and the state to bind to the browser. */
  begin(returnTo: string): Promise<{ url: URL; state: string }>;
  /** Completes a sign-in from the callback's URL (query as received) and the browser's state. */
  complete(
    search: string,
    boundState: string | undefined,
  ): Promise<{ principal: Principal; idToken: string | null; returnTo: string }>;
  /** Where to send a browser that signs out (the provider's end-session endpoint), or null. */
  logoutUrl(idToken: string | null, after: URL): Promise<URL | null>;
}

/** Only a path on this origin: never `//host`, a scheme or a backslash. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || /[\\\s]/.test(value))
    return '/';
  if (value.startsWith('/auth/')) return '/';
  return value.slice(0, 2000);
}

export function relyingParty(config: AuthConfig, now: () => number): RelyingParty {
  const { oidc } = config;
  const redirectUri = new URL('auth/callback', config.publicUrl);
  const pending = new Map<string, Pending>();
  let discovered: Promise<client.Configuration> | null = null;

  // Discovery happens on first use and again after a failure: a provider that is down when the
  // server starts does not keep the dashboard from starting (sign-in says it is unavailable).
  const configuration = (): Promise<client.Configuration> => {
    discovered ??= client
      .discovery(
        oidc.issuer,
        oidc.clientId,
        oidc.clientSecret ? { client_secret: oidc.clientSecret } : undefined,
        oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
        {
          timeout: Math.ceil(oidc.timeoutMs / 1000),
          execute: oidc.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        },
      )
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };

  const sweep = () => {
    const t = now();
    for (const [state, entry] of pending)
      if (t - entry.createdAt > PENDING_MS) pending.delete(state);
    while (pending.size > PENDING_MAX) pending.delete(pending.keys().next().value as string);
  };

  return {
    async begin(returnTo) {
      const configured = await configuration();
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      sweep();
      pending.set(state, { verifier, nonce, returnTo, createdAt: now() });
      const url = client.buildAuthorizationUrl(configured, {
        redirect_uri: redirectUri.href,
        scope: oidc.scopes.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state };
    },

    async complete(search, boundState) {
      const params = new URLSearchParams(search);
      const state = params.get('state') ?? '';
      const entry = pending.get(state);
      // The state must be the one this browser started with (login CSRF), used once, recent.
      if (!entry || state !== boundState)
        throw new SignInError('this sign-in was not started here');
      pending.delete(state);
      if (now() - entry.createdAt > PENDING_MS) throw new SignInError('the sign-in took too long');
      const providerError = params.get('error');
      if (providerError)
        throw new SignInError(`the identity provider refused: ${providerError.slice(0, 100)}`);
      const configured = await configuration();
      const tokens = await client.authorizationCodeGrant(
        configured,
        new URL(`${redirectUri.href}${search}`),
        { pkceCodeVerifier: entry.verifier, expectedState: state, expectedNonce: entry.nonce },
      );
      const claims = tokens.claims();
      if (!claims) throw new SignInError('the identity provider sent no ID token');
      let merged: Record<string, unknown> = { ...claims };
      // Roles and names are often only in UserInfo (the ID token stays small).
      if (configured.serverMetadata().userinfo_endpoint && tokens.access_token) {
        const info = await client.fetchUserInfo(configured, tokens.access_token, claims.sub);
        merged = { ...claims, ...info, sub: claims.sub };
      }
      return {
        principal: principalFromClaims(merged, oidc.claims),
        idToken: tokens.id_token ?? null,
        returnTo: entry.returnTo,
      };
    },

    async logoutUrl(idToken, after) {
      if (!oidc.logout) return null;
      let configured: client.Configuration;
      try {
        configured = await configuration();
      } catch {
        return null;
      }
      if (!configured.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(configured, {
        post_logout_redirect_uri: after.href,
        ...(idToken ? { id_token_hint: idToken } : { client_id: oidc.clientId }),
      });
    },
  };
}

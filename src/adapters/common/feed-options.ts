import type * as z from 'zod/mini';

/**
 * A feed's base URL and the adapter's options written after `#` in it
 * (`https://broker.example/ngsi-ld/v1#type=AirQualityObserved&limit=500`): the fragment is never
 * sent to the server, so the options reach the adapter with no change to the feed's config.
 */
export function splitBaseUrl(baseUrl: string, origin: string): { base: URL; fragment: string } {
  const hash = baseUrl.indexOf('#');
  const path = hash < 0 ? baseUrl : baseUrl.slice(0, hash);
  const fragment = hash < 0 ? '' : baseUrl.slice(hash + 1);
  return { base: new URL(path.replace(/\/$/, '') + '/', origin), fragment };
}

/** The adapter's options, or the first problem with them (named as `#key`). */
export function parseFeedOptions<T>(
  fragment: string,
  schema: z.ZodMiniType<T>,
): { ok: true; options: T } | { ok: false; message: string } {
  const raw = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(fragment)) raw.set(key, value);
  const result = schema.safeParse(Object.fromEntries(raw));
  if (result.success) return { ok: true, options: result.data };
  const issue = result.error.issues[0];
  const key =
    issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.map(String).join('.');
  return { ok: false, message: `baseUrl option #${key ?? '?'}: ${issue?.message ?? 'invalid'}` };
}

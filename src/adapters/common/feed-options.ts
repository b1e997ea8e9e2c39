import * as z from 'zod/mini';

/** An integer option in [min, max], written as a number or as text (`limit=500`). */
export const optionInt = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

/** A yes/no option: `true` or `false`, as JSON or as text. */
export const optionFlag = (fallback: boolean) =>
  z._default(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((v) => v === 'true'),
    ),
    fallback,
  );

/** What a feed's `options` object in config.json may hold: scalar values by option name. */
export type RawFeedOptions = Readonly<Record<string, string | number | boolean>>;

/**
 * A feed's base URL and the adapter's options written after `#` in it
 * (`https://broker.example/ngsi-ld/v1#type=AirQualityObserved&limit=500`): the fragment is never
 * sent to the server.
 */
export function splitBaseUrl(baseUrl: string, origin: string): { base: URL; fragment: string } {
  const hash = baseUrl.indexOf('#');
  const path = hash < 0 ? baseUrl : baseUrl.slice(0, hash);
  const fragment = hash < 0 ? '' : baseUrl.slice(hash + 1);
  return { base: new URL(path.replace(/\/$/, '') + '/', origin), fragment };
}

export type ParsedFeedOptions<T> =
  | { ok: true; options: T }
  | {
      ok: false;
      /** The problem, naming the option as written: `options.limit` or `baseUrl #limit`. */
      message: string;
      /** The config field at fault, below the feed: `options.limit` or `baseUrl`. */
      field: string;
      /** What is wrong with it (the message without the option's name). */
      reason: string;
    };

/**
 * The adapter's options from the feed's `options` object and the `#` fragment of its baseUrl,
 * validated by the adapter's schema; or the first problem, naming where the option was written.
 * An option written in both places is a mistake, not an override.
 */
export function parseFeedOptions<T>(
  fragment: string,
  schema: z.ZodMiniType<T>,
  object: RawFeedOptions = {},
): ParsedFeedOptions<T> {
  const raw = new Map<string, string>();
  const fromObject = new Set<string>();
  for (const [key, value] of new URLSearchParams(fragment)) raw.set(key, value);
  for (const [key, value] of Object.entries(object)) {
    if (raw.has(key))
      return {
        ok: false,
        field: `options.${key}`,
        reason: 'also given after # in baseUrl; write it in one place',
        message: `options.${key}: also given after # in baseUrl; write it in one place`,
      };
    raw.set(key, String(value));
    fromObject.add(key);
  }
  const result = schema.safeParse(Object.fromEntries(raw));
  if (result.success) return { ok: true, options: result.data };
  const issue = result.error.issues[0];
  const key =
    (issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.map(String).join('.')) ??
    '?';
  const reason =
    issue?.code === 'unrecognized_keys' ? 'not an option of this adapter' : (issue?.message ?? '');
  const inObject = fromObject.has(key);
  return {
    ok: false,
    field: inObject ? `options.${key}` : 'baseUrl',
    reason: inObject ? reason : `#${key}: ${reason}`,
    message: inObject ? `options.${key}: ${reason}` : `baseUrl option #${key}: ${reason}`,
  };
}

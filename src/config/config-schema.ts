import { z } from 'zod';
import { FEED_NAMES, lngLat } from '@/domain/common';

/** Extra header sent with every request of a feed (e.g. a bearer token). */
const authSchema = z.object({
  header: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name'),
  value: z.string().min(1),
});

/** When a feed's data counts as ageing, stale and down, by its age (ms since the last good poll). */
const freshnessSchema = z
  .object({
    ageingAfterMs: z.number().int().positive(),
    staleAfterMs: z.number().int().positive(),
    downAfterMs: z.number().int().positive(),
  })
  .refine((f) => f.ageingAfterMs < f.staleAfterMs && f.staleAfterMs < f.downAfterMs, {
    message: 'must satisfy ageingAfterMs < staleAfterMs < downAfterMs',
  });

const feedSchema = z
  .object({
    /** Adapter kind, a key of the adapter registry (`native-rest`). */
    adapter: z.string().min(1),
    /** Base URL of the backend: absolute (`https://…`) or a path on this origin (`/api/v1`). */
    baseUrl: z
      .string()
      .min(1)
      .refine(
        (v) => v.startsWith('/') || /^https?:\/\//.test(v),
        'must start with / or http(s)://',
      ),
    pollIntervalMs: z.number().int().min(500).max(3_600_000),
    freshness: freshnessSchema.optional(),
    auth: authSchema.optional(),
  })
  .transform((f) => ({
    ...f,
    freshness: f.freshness ?? {
      ageingAfterMs: Math.round(f.pollIntervalMs * 1.5),
      staleAfterMs: f.pollIntervalMs * 3,
      downAfterMs: f.pollIntervalMs * 10,
    },
  }));
export type FeedConfig = z.output<typeof feedSchema>;

const localized = z.union([
  z.string().min(1),
  z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }),
]);

export const configSchema = z.object({
  city: z.object({
    name: localized,
    /** The city's division code (6 digits). */
    code: z.string().regex(/^\d{6}$/, 'must be a 6-digit division code'),
    /** GeoJSON of district boundaries (path on this origin). */
    boundaries: z.string().min(1),
    /** Division hierarchy JSON (path on this origin). */
    divisions: z.string().min(1),
    map: z.object({
      center: lngLat,
      zoom: z.number().min(0).max(22),
      minZoom: z.number().min(0).max(22).default(5),
      maxZoom: z.number().min(0).max(22).default(18),
    }),
  }),
  feeds: z.partialRecord(z.enum(FEED_NAMES), feedSchema),
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  display: z
    .object({ profile: z.enum(['desktop', 'wall']).default('desktop') })
    .default({ profile: 'desktop' }),
});
export type AppConfig = z.output<typeof configSchema>;
export type DisplayProfile = AppConfig['display']['profile'];

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}: ${field}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Validates a parsed config; throws ConfigError naming the first offending field. */
export function parseConfig(raw: unknown, file = 'config.json'): AppConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // An unknown key is reported on its parent: name the key itself.
  const path = issue
    ? [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])]
    : [];
  const field = path.length ? path.map(String).join('.') : '(root)';
  throw new ConfigError(file, field, issue?.message ?? 'invalid');
}

import * as z from 'zod/mini';
import { FEED_NAMES, lngLat } from '@/domain/common';
import { DEFAULT_TIME_ZONE, isTimeZone } from '@/domain/city-time';

const positiveInt = z.int().check(z.positive());

/** When a feed's data counts as ageing, stale and down, by its age (ms since the last good poll). */
const freshnessSchema = z
  .object({
    ageingAfterMs: positiveInt,
    staleAfterMs: positiveInt,
    downAfterMs: positiveInt,
  })
  .check(
    z.refine((f) => f.ageingAfterMs < f.staleAfterMs && f.staleAfterMs < f.downAfterMs, {
      message: 'must satisfy ageingAfterMs < staleAfterMs < downAfterMs',
    }),
  );

const feedSchema = z.pipe(
  z.strictObject({
    /** Adapter kind, a key of the adapter registry (`native-rest`). */
    adapter: z.string().check(z.minLength(1)),
    /** Base URL of the backend: absolute (`https://…`) or a path on this origin (`/api/v1`). */
    baseUrl: z.string().check(
      z.minLength(1),
      z.refine(
        (v) => v.startsWith('/') || /^https?:\/\//.test(v),
        'must start with / or http(s)://',
      ),
    ),
    pollIntervalMs: z.int().check(z.minimum(500), z.maximum(3_600_000)),
    freshness: z.optional(freshnessSchema),
    /**
     * Which delta form to ask for: `columns` (the default) asks for the columnar delta, which
     * the backend may or may not send; `items` always asks for whole items.
     */
    delta: z.optional(z.enum(['columns', 'items'])),
    /**
     * The most entities of this feed a browser holds (docs/config.md, "Cities too big for a
     * browser"). Past it, an area shows the source's counts per area one level down, and its
     * entities only once the area in view holds no more than this. Absent: no limit.
     */
    entityBudget: z.optional(z.int().check(z.minimum(1), z.maximum(100_000_000))),
    /**
     * The adapter's own options (docs/adapters.md), checked against the adapter kind at start-up.
     * They may also be written after `#` in `baseUrl`, but each in one place only.
     */
    options: z.optional(
      z.record(
        z.string().check(z.regex(/^[A-Za-z][\w]{0,63}$/, 'must be an option name')),
        z.union([z.string().check(z.maxLength(8000)), z.number(), z.boolean()]),
      ),
    ),
  }),
  z.transform((f) => ({
    ...f,
    freshness: f.freshness ?? {
      ageingAfterMs: Math.round(f.pollIntervalMs * 1.5),
      staleAfterMs: f.pollIntervalMs * 3,
      downAfterMs: f.pollIntervalMs * 10,
    },
  })),
);
export type FeedConfig = z.output<typeof feedSchema>;

const nonEmpty = z.string().check(z.minLength(1));
const localized = z.union([nonEmpty, z.object({ 'zh-CN': nonEmpty, en: nonEmpty })]);
const zoom = z.number().check(z.minimum(0), z.maximum(22));

const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'));

const wallSchema = z.object({
  /** The farthest viewer, m: the smallest text subtends at least 16 arc-minutes there. */
  viewingDistanceM: z._default(z.number().check(z.positive(), z.maximum(100)), 5),
  /** Physical width of the whole wall, m (default: 3.6 m per 1920×1080 module, a 3×3 wall of 55″ panels). */
  widthM: z.optional(z.number().check(z.positive(), z.maximum(100))),
  /** The carousel after the overview: scenario, optional area, dwell ≥ 15 s. Empty: every scenario, 30 s. */
  playlist: z._default(
    z.array(
      z.object({
        scenario: z.string().check(z.minLength(1)),
        area: z.optional(
          z.string().check(z.regex(/^\d{6}(\d{3}){0,2}$/, 'must be a division code')),
        ),
        dwellS: z._default(
          z.number().check(z.minimum(15, 'a slide stays at least 15 s'), z.maximum(3600)),
          30,
        ),
      }),
    ),
    [],
  ),
  /** How long a new critical alarm holds the carousel, s (the banner stays until acknowledged). */
  holdS: z._default(z.number().check(z.minimum(15), z.maximum(3600)), 120),
  /** Night dimming in the city's time zone (burn-in care). */
  night: z._default(
    z.object({
      from: clockTime,
      to: clockTime,
      dim: z.number().check(z.minimum(0), z.maximum(0.8)),
    }),
    { from: '22:00', to: '07:00', dim: 0.4 },
  ),
  /** Where desktops pause and resume the carousel from other machines (GET/POST `{controlUrl}/carousel`). */
  controlUrl: z.optional(
    z.string().check(z.regex(/^(\/|https?:\/\/)/, 'must be a path or an http(s) URL')),
  ),
  /** Bounds past which the wall reloads itself softly. */
  watchdog: z._default(
    z.object({
      heapMb: z.number().check(z.positive()),
      domNodes: z.int().check(z.positive()),
      listeners: z.int().check(z.positive()),
      contexts: z.int().check(z.positive()),
      stallS: z.number().check(z.positive()),
    }),
    { heapMb: 1500, domNodes: 30_000, listeners: 30_000, contexts: 8, stallS: 60 },
  ),
});

export const configSchema = z.object({
  city: z.object({
    name: localized,
    /** The city's division code (6 digits). */
    code: z.string().check(z.regex(/^\d{6}$/, 'must be a 6-digit division code')),
    /** GeoJSON of district boundaries (path on this origin). */
    boundaries: nonEmpty,
    /** Division hierarchy JSON (path on this origin). */
    divisions: nonEmpty,
    /** IANA time zone of the city: "today", hours of the day and midnight follow it. */
    timeZone: z._default(
      z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')),
      DEFAULT_TIME_ZONE,
    ),
    map: z.object({
      center: lngLat,
      zoom,
      minZoom: z._default(zoom, 5),
      maxZoom: z._default(zoom, 18),
    }),
  }),
  feeds: z.partialRecord(z.enum(FEED_NAMES), feedSchema),
  language: z._default(z.enum(['zh-CN', 'en']), 'zh-CN'),
  /**
   * Each scenario's own rules (standards' editions, thresholds, catalogues), by scenario id; each
   * scenario validates its section (`settings` of its descriptor) and names the field when wrong.
   */
  scenarios: z._default(z.record(z.string(), z.unknown()), {}),
  /**
   * Alarm acknowledgements shared through the backend, where it offers them (docs/api.md):
   * the base URL of `POST …/alarm-acks` and `GET …/alarm-acks?since=`.
   */
  alarms: z.optional(
    z.object({
      ackBaseUrl: z.optional(
        z
          .string()
          .check(
            z.refine(
              (v) => v.startsWith('/') || /^https?:\/\//.test(v),
              'must start with / or http(s)://',
            ),
          ),
      ),
    }),
  ),
  display: z._default(z.object({ profile: z._default(z.enum(['desktop', 'wall']), 'desktop') }), {
    profile: 'desktop',
  }),
  /** The operations-centre wall (`/wall`): viewing distance, size, carousel, night, watchdog. */
  wall: z._default(wallSchema, {
    viewingDistanceM: 5,
    holdS: 120,
    playlist: [],
    night: { from: '22:00', to: '07:00', dim: 0.4 },
    watchdog: { heapMb: 1500, domNodes: 30_000, listeners: 30_000, contexts: 8, stallS: 60 },
  }),
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
  // Every browser that opens the page can read config.json: credentials do not belong in it.
  const feeds = (raw as { feeds?: unknown } | null)?.feeds;
  if (feeds && typeof feeds === 'object')
    for (const [feed, value] of Object.entries(feeds))
      if (value && typeof value === 'object' && 'auth' in value)
        throw new ConfigError(
          file,
          `feeds.${feed}.auth`,
          'credentials must not be in config.json, which every browser can read: the same-origin server adds them (docs/deploy.md)',
        );
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

/**
 * Parses one scenario's section of config.json (`scenarios.<id>`) with its schema; an invalid
 * section stops the app on the config screen naming the field (`scenarios.environment.aqi.edition`).
 */
export function parseScenarioSettings<T>(
  id: string,
  schema: z.ZodMiniType<T>,
  raw: unknown,
  file = 'config.json',
): T {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue
    ? [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])]
    : [];
  throw new ConfigError(
    file,
    ['scenarios', id, ...path.map(String)].join('.'),
    issue?.message ?? 'invalid',
  );
}

import * as z from 'zod/mini';
import { isTimeZone } from '@/domain/city-time';
import { NOISE_ZONES } from '@/domain/noise';
import { TICKET_CHANNELS } from '@/domain/ticket';
import { optionInt as int } from '../common/feed-options';

const text = (max: number) => z.optional(z.string().check(z.minLength(1), z.maxLength(max)));

/** The ngsi-ld adapter's options, in the feed's `options` or after `#` in its baseUrl (docs/adapters.md). */
export const ngsiLdOptionsSchema = z.strictObject({
  /** Entity types, comma-separated; default: every type mapped to the feed. */
  type: z.optional(z.string().check(z.regex(/^[\w.:/#-]+(,[\w.:/#-]+)*$/), z.maxLength(1000))),
  q: text(2000),
  attrs: text(2000),
  georel: text(200),
  geometry: z.optional(z.enum(['Point', 'LineString', 'Polygon', 'MultiPolygon'])),
  coordinates: text(8000),
  geoproperty: text(200),
  /** Entities per page: Orion-LD refuses more than 1,000. */
  limit: int(1, 1000, 1000),
  /** Requests per poll at most (pages). */
  maxRequests: int(1, 1000, 50),
  format: z._default(z.enum(['normalized', 'keyValues']), 'normalized'),
  /** The @context to send in the Link header (absent: the broker's core context). */
  context: z.optional(z.string().check(z.regex(/^https?:\/\/\S+$/), z.maxLength(500))),
  tenant: z.optional(z.string().check(z.regex(/^[\w-]{1,64}$/))),
  timeZone: z.optional(z.string().check(z.refine(isTimeZone, 'not an IANA time zone'))),
  noiseZone: z._default(z.enum(NOISE_ZONES), '2'),
  channel: z._default(z.enum(TICKET_CHANNELS), 'web'),
  limitHours: int(1, 2000, 120),
});
export type NgsiLdOptions = z.output<typeof ngsiLdOptionsSchema>;

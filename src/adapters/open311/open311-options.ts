import * as z from 'zod/mini';
import { isTimeZone } from '@/domain/city-time';
import { TICKET_CHANNELS } from '@/domain/ticket';
import { optionFlag, optionInt as int } from '../common/feed-options';

/** The open311 adapter's options, in the feed's `options` or after `#` in its baseUrl (docs/adapters.md). */
export const open311OptionsSchema = z.strictObject({
  format: z._default(z.enum(['json', 'xml']), 'json'),
  jurisdiction_id: z.optional(z.string().check(z.regex(/^[\w.:-]{1,128}$/))),
  service_code: z.optional(z.string().check(z.regex(/^[\w.:,-]{1,512}$/))),
  /** How far back the first poll reaches, days. */
  lookbackDays: int(1, 365, 30),
  /** The widest start_date/end_date window the server accepts (GeoReport: 90 days). */
  windowDays: int(1, 90, 90),
  /** The most results the server returns for one query (GeoReport: 1,000 by default). */
  pageLimit: int(1, 10_000, 1000),
  /** Requests per poll at most. */
  maxRequests: int(1, 500, 30),
  /** Ids per re-fetch of open requests (`service_request_id=a,b,…`). */
  idBatch: int(1, 200, 50),
  /** The server offers `updated_after` (an extension of some GeoReport servers). */
  updatedAfter: optionFlag(false),
  timeZone: z.optional(z.string().check(z.refine(isTimeZone, 'not an IANA time zone'))),
  channel: z._default(z.enum(TICKET_CHANNELS), 'web'),
  /** Time limit of a request without `expected_datetime`, h. */
  limitHours: int(1, 2000, 120),
});
export type Open311Options = z.output<typeof open311OptionsSchema>;

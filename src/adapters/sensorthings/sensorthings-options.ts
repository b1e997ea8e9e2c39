import * as z from 'zod/mini';
import { isTimeZone } from '@/domain/city-time';
import { NOISE_ZONES } from '@/domain/noise';
import { optionFlag, optionInt as int } from '../common/feed-options';

/** The sensorthings adapter's options, in the feed's `options` or after `#` in its baseUrl (docs/adapters.md). */
export const sensorThingsOptionsSchema = z.strictObject({
  /** Things per page ($top). */
  top: int(1, 1000, 100),
  /** Requests per poll at most (pages followed by @iot.nextLink). */
  maxRequests: int(1, 1000, 20),
  /** A `$filter` on Things, passed as it is (e.g. `properties/city eq 'Fuzhou'`). */
  filter: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
  timeZone: z.optional(z.string().check(z.refine(isTimeZone, 'not an IANA time zone'))),
  noiseZone: z._default(z.enum(NOISE_ZONES), '2'),
  /**
   * Between full reads, ask only for Things with an observation newer than the latest one held
   * (`$filter=Datastreams/Observations/phenomenonTime ge …`). `false`: every poll reads all.
   */
  increments: optionFlag(true),
  /** A full read every this many polls (it also drops Things the server no longer has). */
  resyncEvery: int(1, 1000, 12),
  /** How far before the latest observation held the increments start, min (late arrivals). */
  overlapMinutes: int(0, 1440, 90),
});
export type SensorThingsOptions = z.output<typeof sensorThingsOptionsSchema>;

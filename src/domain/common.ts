// Schemas use zod's tree-shakable "mini" build: the same validation at a tenth of the bundle.
// Only the English messages are loaded; they name what is wrong in config errors and quarantine.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
z.config({ jitless: true }); // no `new Function` probe: the app runs under script-src 'self'

/** Division code of a district (6 digits), street (9) or community (12). The length is the level. */
export const districtCode = z.string().check(z.regex(/^\d{6}$/));
export const streetCode = z.string().check(z.regex(/^\d{9}$/));
export const communityCode = z.string().check(z.regex(/^\d{12}$/));

/** `[lng, lat]` in WGS84 degrees. */
export const lngLat = z.tuple([
  z.number().check(z.minimum(-180), z.maximum(180)),
  z.number().check(z.minimum(-90), z.maximum(90)),
]);
export type LngLat = z.infer<typeof lngLat>;

/** Epoch milliseconds. */
export const epochMs = z.int().check(z.nonnegative());

/** Where an entity lies: its point and the codes of every area that contains it. */
export const placed = z.object({
  position: lngLat,
  district: districtCode,
  street: streetCode,
  community: communityCode,
});
export type Placed = z.infer<typeof placed>;

/** A short id: letters, digits, dash, underscore, dot, colon. */
export const entityId = z.string().check(z.regex(/^[\w.:-]{1,64}$/));

/** Free text from a feed (citizen input): bounded, rendered only as text. */
export const feedText = (max: number) => z.string().check(z.maxLength(max));

/** A number within bounds. */
export const bounded = (min: number, max: number) =>
  z.number().check(z.minimum(min), z.maximum(max));

export const FEED_NAMES = ['tickets', 'signals', 'sensors', 'detections'] as const;
export type FeedName = (typeof FEED_NAMES)[number];
export const feedName = z.enum(FEED_NAMES);

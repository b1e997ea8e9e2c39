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

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text without bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * which would reorder the text around them on screen (it is also isolated where shown).
 */
export const stripBidi = (text: string): string =>
  BIDI_CONTROL.test(text) ? text.replace(BIDI_CONTROLS, '') : text;

/** Free text from a feed (citizen input): bounded, without bidi controls, rendered only as text. */
export const feedText = (max: number) =>
  z.pipe(z.string().check(z.maxLength(max)), z.transform(stripBidi));

/** A number within bounds. */
export const bounded = (min: number, max: number) =>
  z.number().check(z.minimum(min), z.maximum(max));

export const FEED_NAMES = ['tickets', 'signals', 'sensors', 'detections'] as const;
export type FeedName = (typeof FEED_NAMES)[number];
export const feedName = z.enum(FEED_NAMES);

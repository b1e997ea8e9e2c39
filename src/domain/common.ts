import { z } from 'zod';

/** Division code of a district (6 digits), street (9) or community (12). The length is the level. */
export const districtCode = z.string().regex(/^\d{6}$/);
export const streetCode = z.string().regex(/^\d{9}$/);
export const communityCode = z.string().regex(/^\d{12}$/);

/** `[lng, lat]` in WGS84 degrees. */
export const lngLat = z.tuple([
  z.number().finite().min(-180).max(180),
  z.number().finite().min(-90).max(90),
]);
export type LngLat = z.infer<typeof lngLat>;

/** Epoch milliseconds. */
export const epochMs = z.number().int().nonnegative();

/** Where an entity lies: its point and the codes of every area that contains it. */
export const placed = z.object({
  position: lngLat,
  district: districtCode,
  street: streetCode,
  community: communityCode,
});
export type Placed = z.infer<typeof placed>;

/** A short id: letters, digits, dash, underscore, dot, colon. */
export const entityId = z.string().regex(/^[\w.:-]{1,64}$/);

/** Free text from a feed (citizen input): bounded, rendered only as text. */
export const feedText = (max: number) => z.string().max(max);

export const FEED_NAMES = ['tickets', 'signals', 'sensors', 'detections'] as const;
export type FeedName = (typeof FEED_NAMES)[number];
export const feedName = z.enum(FEED_NAMES);

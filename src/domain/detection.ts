import * as z from 'zod/mini';
import { entityId, epochMs, placed } from './common';

export const DETECTION_TYPES = [
  'bike_parking',
  'street_vending',
  'umbrella',
  'exposed_garbage',
  'laundry',
  'illegal_parking',
  'uncovered_truck',
  'missing_manhole',
] as const;
export type DetectionType = (typeof DETECTION_TYPES)[number];

export const detectionSchema = z.extend(placed, {
  id: entityId,
  type: z.enum(DETECTION_TYPES),
  source: z.enum(['camera', 'patrol']),
  cameraId: z.nullable(entityId),
  observedAt: epochMs,
  /** Hotspot the detection belongs to, if any (market, station, school gate …). */
  hotspot: z.nullable(entityId),
  status: z.enum(['new', 'reported', 'handled']),
  /** Ticket raised from this detection (same id appears as the ticket's sourceRef). */
  ticketId: z.nullable(entityId),
});
export type Detection = z.infer<typeof detectionSchema>;

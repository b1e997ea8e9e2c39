import * as z from 'zod/mini';
import { entityId, epochMs, placed } from './common';

/**
 * A detection type id: any short id a city uses (its own list is configuration,
 * `scenarios.inspection.types`), names such as `__proto__` included — looked up in Maps only.
 */
export const detectionTypeId = z.string().check(z.regex(/^[\w.:-]{1,64}$/));

/** Fuzhou's detection types (the defaults, and what the simulated city reports). */
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
/** One of Fuzhou's detection types (a feed may carry any `detectionTypeId`). */
export type DetectionType = (typeof DETECTION_TYPES)[number];

/** A detection type as a city lists it: its names and the ticket category it is filed under. */
export interface DetectionTypeDefinition {
  id: string;
  name: { 'zh-CN': string; en: string };
  /** Ticket category (the classification list's id) a case raised from it goes to; null: none. */
  category: string | null;
}

/** Fuzhou's list: 城管 video-AI and patrol findings and where their cases go. */
export const FUZHOU_DETECTION_TYPES: readonly DetectionTypeDefinition[] = [
  {
    id: 'bike_parking',
    name: { 'zh-CN': '非机动车乱停放', en: 'Bikes parked illegally' },
    category: 'traffic',
  },
  {
    id: 'street_vending',
    name: { 'zh-CN': '占道经营', en: 'Street vending' },
    category: 'sanitation',
  },
  { id: 'umbrella', name: { 'zh-CN': '违规撑伞', en: 'Street umbrellas' }, category: 'sanitation' },
  {
    id: 'exposed_garbage',
    name: { 'zh-CN': '暴露垃圾', en: 'Exposed garbage' },
    category: 'sanitation',
  },
  { id: 'laundry', name: { 'zh-CN': '沿街晾挂', en: 'Street laundry' }, category: 'sanitation' },
  {
    id: 'illegal_parking',
    name: { 'zh-CN': '机动车违停', en: 'Illegal car parking' },
    category: 'traffic',
  },
  {
    id: 'uncovered_truck',
    name: { 'zh-CN': '渣土车未覆盖', en: 'Uncovered muck truck' },
    category: 'environment',
  },
  {
    id: 'missing_manhole',
    name: { 'zh-CN': '井盖缺失', en: 'Missing manhole cover' },
    category: 'municipal',
  },
];

export const DETECTION_SOURCES = ['camera', 'patrol'] as const;
export const DETECTION_STATUSES = ['new', 'reported', 'handled'] as const;
export type DetectionStatus = (typeof DETECTION_STATUSES)[number];

export const detectionSchema = z.extend(placed, {
  id: entityId,
  /** The violation found: an id of the city's list (labels come from configuration). */
  type: detectionTypeId,
  source: z.enum(DETECTION_SOURCES),
  cameraId: z.nullable(entityId),
  observedAt: epochMs,
  /** The recognition model's confidence, 0–1 (camera detections; absent or null for patrols). */
  confidence: z.optional(z.nullable(z.number().check(z.minimum(0), z.maximum(1)))),
  /** Hotspot the detection belongs to, if any (market, station, school gate …). */
  hotspot: z.nullable(entityId),
  status: z.enum(DETECTION_STATUSES),
  /** Ticket raised from this detection (same id appears as the ticket's sourceRef). */
  ticketId: z.nullable(entityId),
});
export type Detection = z.infer<typeof detectionSchema>;

/** A readable name for a type id no list names: `street_vending` → `street vending`. */
export const readableTypeId = (id: string): string => {
  const words = id.replace(/[_.:-]+/g, ' ').trim();
  return words.length > 0 ? words : id;
};

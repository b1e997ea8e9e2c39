import { z } from 'zod';
import { lngLat } from '@/domain/common';

const ring = z.array(lngLat).min(4);
const polygon = z.array(ring).min(1);

export const districtFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string().regex(/^\d{6}$/),
  properties: z.object({
    code: z.string().regex(/^\d{6}$/),
    name: z.string().min(1),
    nameEn: z.string().min(1).optional(),
    /** Where the district's name is drawn. */
    label: lngLat.optional(),
  }),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: polygon }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1) }),
  ]),
});
export type DistrictFeature = z.infer<typeof districtFeatureSchema>;

export const boundariesSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(districtFeatureSchema).min(1),
});
export type Boundaries = z.infer<typeof boundariesSchema>;

/** English name of a place (romanised); the Chinese name is used when absent. */
const nameEn = z.string().min(1).optional();

const community = z.object({
  code: z.string().regex(/^\d{12}$/),
  name: z.string().min(1),
  nameEn,
  /** Synthetic position of the community (real ones are not published). */
  anchor: lngLat,
  /** Typical spread of the community's entities around its anchor, m. */
  radius: z.number().positive(),
});
const street = z.object({
  code: z.string().regex(/^\d{9}$/),
  name: z.string().min(1),
  nameEn,
  anchor: lngLat,
  radius: z.number().positive(),
  communities: z.array(community),
});
const district = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string().min(1),
  nameEn,
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  streets: z.array(street),
});
export const divisionsSchema = z.object({
  city: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1), nameEn }),
  districts: z.array(district).min(1),
});
export type Divisions = z.infer<typeof divisionsSchema>;
export type DivisionDistrict = z.infer<typeof district>;
export type DivisionStreet = z.infer<typeof street>;
export type DivisionCommunity = z.infer<typeof community>;

/** Everything the app knows about a city's places. */
export interface GeoBundle {
  boundaries: Boundaries;
  divisions: Divisions;
}

/** Parses both geography files; throws a readable error naming the file and the field. */
export function parseGeoBundle(boundaries: unknown, divisions: unknown): GeoBundle {
  const b = boundariesSchema.safeParse(boundaries);
  if (!b.success) throw new Error(`boundary file: ${formatIssue(b.error)}`);
  const d = divisionsSchema.safeParse(divisions);
  if (!d.success) throw new Error(`divisions file: ${formatIssue(d.error)}`);
  return { boundaries: b.data, divisions: d.data };
}

function formatIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

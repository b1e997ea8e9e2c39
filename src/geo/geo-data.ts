import * as z from 'zod/mini';
import { lngLat } from '@/domain/common';

const ring = z.array(lngLat).check(z.minLength(4));
const polygon = z.array(ring).check(z.minLength(1));

export const districtFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string().check(z.regex(/^\d{6}$/)),
  properties: z.object({
    code: z.string().check(z.regex(/^\d{6}$/)),
    name: z.string().check(z.minLength(1)),
    nameEn: z.optional(z.string().check(z.minLength(1))),
    /**
     * The district's code in the boundary source when a re-division has changed it since
     * (长乐市 350182 → 长乐区 350112): links and feeds using it resolve to `code`.
     */
    sourceCode: z.optional(z.string().check(z.regex(/^\d{6}$/))),
    /** Where the district's name is drawn. */
    label: z.optional(lngLat),
  }),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: polygon }),
    z.object({
      type: z.literal('MultiPolygon'),
      coordinates: z.array(polygon).check(z.minLength(1)),
    }),
  ]),
});
export type DistrictFeature = z.infer<typeof districtFeatureSchema>;

export const boundariesSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(districtFeatureSchema).check(z.minLength(1)),
});
export type Boundaries = z.infer<typeof boundariesSchema>;

/** English name of a place (romanised); the Chinese name is used when absent. */
const nameEn = z.optional(z.string().check(z.minLength(1)));

const community = z.object({
  code: z.string().check(z.regex(/^\d{12}$/)),
  name: z.string().check(z.minLength(1)),
  nameEn,
  /** Synthetic position of the community (real ones are not published). */
  anchor: lngLat,
  /** Typical spread of the community's entities around its anchor, m. */
  radius: z.number().check(z.positive()),
});
const street = z.object({
  code: z.string().check(z.regex(/^\d{9}$/)),
  name: z.string().check(z.minLength(1)),
  nameEn,
  anchor: lngLat,
  radius: z.number().check(z.positive()),
  communities: z.array(community),
});
const district = z.object({
  code: z.string().check(z.regex(/^\d{6}$/)),
  name: z.string().check(z.minLength(1)),
  nameEn,
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  streets: z.array(street),
});
export const divisionsSchema = z.object({
  city: z.object({
    code: z.string().check(z.regex(/^\d{6}$/)),
    name: z.string().check(z.minLength(1)),
    nameEn,
  }),
  districts: z.array(district).check(z.minLength(1)),
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

function formatIssue(error: { issues: readonly z.core.$ZodIssue[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

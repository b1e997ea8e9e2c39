import { describe, expect, it } from 'vitest';
import {
  DETECTION_TYPES,
  FUZHOU_DETECTION_TYPES,
  detectionSchema,
  readableTypeId,
  type Detection,
} from './detection';

const base: Detection = {
  id: 'D-2611221030-0003',
  position: [119.3, 26.08],
  district: '350102',
  street: '350102001',
  community: '350102001001',
  type: 'street_vending',
  source: 'camera',
  cameraId: 'CAM-350102-00001',
  observedAt: Date.UTC(2026, 10, 22, 2),
  confidence: 0.91,
  hotspot: null,
  status: 'new',
  ticketId: null,
};

describe('detection schema', () => {
  it('takes any short type id a city lists, names every object has included', () => {
    for (const type of [
      'bike_parking',
      'shared_bike_pileup',
      '__proto__',
      'constructor',
      'a.b:c-1',
    ])
      expect(detectionSchema.safeParse({ ...base, type }).success, type).toBe(true);
  });

  it('rejects type ids that are empty, long or carry markup', () => {
    for (const type of ['', 'x'.repeat(65), '<b>', 'a b', '占道经营'])
      expect(detectionSchema.safeParse({ ...base, type }).success, type).toBe(false);
  });

  it('takes a confidence in [0, 1], null or none, and nothing else', () => {
    expect(detectionSchema.safeParse({ ...base, confidence: 0 }).success).toBe(true);
    expect(detectionSchema.safeParse({ ...base, confidence: null }).success).toBe(true);
    const { confidence: _, ...without } = base;
    expect(detectionSchema.safeParse(without).success).toBe(true);
    expect(detectionSchema.safeParse({ ...base, confidence: 1.2 }).success).toBe(false);
    expect(detectionSchema.safeParse({ ...base, confidence: Number.NaN }).success).toBe(false);
  });

  it("lists Fuzhou's types with names in both languages and a ticket category", () => {
    expect(FUZHOU_DETECTION_TYPES.map((t) => t.id)).toEqual([...DETECTION_TYPES]);
    for (const t of FUZHOU_DETECTION_TYPES) {
      expect(t.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(t.name.en).toMatch(/^[A-Z]/);
      expect(t.category).toMatch(/^[a-z_]+$/);
    }
  });

  it('gives a readable name for an id no list names', () => {
    expect(readableTypeId('shared_bike_pileup')).toBe('shared bike pileup');
    expect(readableTypeId('__proto__')).toBe('proto');
    expect(readableTypeId('___')).toBe('___');
  });
});

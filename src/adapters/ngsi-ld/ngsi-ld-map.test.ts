import { describe, expect, it } from 'vitest';
import { feedItemSchemas } from '@/domain/feeds';
import { FIXTURE_PLACER } from '../common/testing';
import { mapEntity, type NgsiMapOptions } from './ngsi-ld-map';

const options: NgsiMapOptions = {
  timeZone: 'Europe/Madrid',
  profile: 'desktop',
  place: FIXTURE_PLACER,
  noiseZone: '2',
  channel: 'web',
  limitHours: 120,
};
const location = { type: 'GeoProperty', value: { type: 'Point', coordinates: [-3.7, 40.42] } };
const prop = (value: unknown) => ({ type: 'Property', value });

describe('ngsi-ld mapping', () => {
  it('maps WaterQualityObserved from the Smart Data Model names, classed by GB 3838', () => {
    const mapped = mapEntity(
      'sensors',
      {
        id: 'urn:ngsi-ld:WaterQualityObserved:river-1',
        type: 'WaterQualityObserved',
        location,
        dateObserved: prop({ '@type': 'DateTime', '@value': '2026-05-01T10:00:00Z' }),
        pH: prop(7.2),
        O2: prop(6.5),
        codMn: prop(3.1),
        NH4: prop(0.5),
        PO4: prop(0.3),
      },
      options,
    );
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    const reading = feedItemSchemas.sensors.parse(mapped.item);
    expect(reading).toMatchObject({ id: 'water:river-1', kind: 'water', waterClass: 2 });
    if (reading.kind !== 'water') return;
    expect(reading.values.nh3n).toBeCloseTo(0.388, 3);
    expect(reading.values.tp).toBeCloseTo(0.0978, 3);
  });

  it('quarantines a water reading without CODMn, naming it', () => {
    const mapped = mapEntity(
      'sensors',
      {
        id: 'urn:ngsi-ld:WaterQualityObserved:river-2',
        type: 'WaterQualityObserved',
        location,
        dateObserved: prop('2026-05-01T10:00:00Z'),
        pH: prop(7.2),
        O2: prop(6.5),
        NH4: prop(0.5),
        PO4: prop(0.3),
      },
      options,
    );
    expect(mapped).toMatchObject({ ok: false, dropped: { path: 'codMn', rule: 'missing_value' } });
  });

  it('maps an Alert to a detection, a camera source making it a camera detection', () => {
    const mapped = mapEntity(
      'detections',
      {
        id: 'urn:ngsi-ld:Alert:a1',
        type: 'Alert',
        location,
        category: prop('environment'),
        subCategory: prop('exposed_garbage'),
        dateIssued: prop('2026-05-01T10:00:00+02:00'),
        alertSource: { type: 'Relationship', object: 'urn:ngsi-ld:Camera:c7' },
      },
      options,
    );
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(feedItemSchemas.detections.parse(mapped.item)).toMatchObject({
      id: 'alert:a1',
      type: 'exposed_garbage',
      source: 'camera',
      cameraId: 'cam:c7',
      observedAt: Date.parse('2026-05-01T08:00:00Z'),
      status: 'new',
    });
  });

  it('maps the TrafficSignalController type to a signal state', () => {
    const mapped = mapEntity(
      'signals',
      {
        id: 'urn:ngsi-ld:TrafficSignalController:x1',
        type: 'TrafficSignalController',
        location,
        name: 'Gran Vía / Alcalá',
        dateObserved: '2026-05-01T10:00:00Z',
        mode: 'adaptive',
        cycle: 120,
        phases: [40, 30, 30],
        flow: 1800,
        speed: 32,
        queue: 80,
        saturation: 0.8,
        delay: 25,
      },
      options,
    );
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(feedItemSchemas.signals.parse(mapped.item)).toMatchObject({
      id: 'sig:x1',
      mode: 'adaptive',
      phases: [40, 30, 30],
      adjustment: 0,
    });
  });

  it('refuses a type mapped to another feed and an entity without id or type', () => {
    expect(mapEntity('tickets', { id: 'a', type: 'Alert' }, options)).toMatchObject({
      ok: false,
      dropped: { rule: 'unsupported_type' },
    });
    expect(mapEntity('tickets', { type: 'Alert' }, options)).toMatchObject({
      dropped: { rule: 'missing_id' },
    });
    expect(mapEntity('tickets', null, options)).toMatchObject({
      dropped: { rule: 'invalid_type' },
    });
  });
});

describe('ngsi-ld observation times', () => {
  const noise = (patch: Record<string, unknown>) => ({
    id: 'urn:ngsi-ld:NoiseLevelObserved:n1',
    type: 'NoiseLevelObserved',
    location,
    ...patch,
  });

  it('falls back on the attributes’ observedAt, the latest of them', () => {
    const mapped = mapEntity(
      'sensors',
      noise({
        LAeq: { type: 'Property', value: 55, observedAt: '2026-05-01T10:00:00Z' },
        LAmax: { type: 'Property', value: 70, observedAt: '2026-05-01T10:05:00Z' },
      }),
      options,
    );
    expect(mapped).toMatchObject({
      ok: true,
      item: { observedAt: Date.parse('2026-05-01T10:05:00Z') },
    });
  });

  it('quarantines an entity with no time, or a bad observedAt', () => {
    expect(mapEntity('sensors', noise({ LAeq: prop(55) }), options)).toMatchObject({
      dropped: { rule: 'missing_time' },
    });
    expect(
      mapEntity(
        'sensors',
        noise({ LAeq: { type: 'Property', value: 55, observedAt: 'yesterday' } }),
        options,
      ),
    ).toMatchObject({ dropped: { path: 'observedAt', rule: 'invalid_time' } });
  });
});

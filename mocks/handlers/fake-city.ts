import type { FeedName } from '../../src/domain/common';
import type { Detection } from '../../src/domain/detection';
import type { FeedItems } from '../../src/domain/feeds';
import type { SensorReading } from '../../src/domain/sensor';
import type { SignalState } from '../../src/domain/signal';
import { TICKET_STAGES, type Ticket } from '../../src/domain/ticket';
import type { GeoBundle } from '../../src/geo/geo-data';
import type { CityOptions, IncidentSpec, SimCity } from '../sim/types';

/** A tiny deterministic stand-in for the simulated city, for tests of the handlers. */
export const FAKE_GEO: GeoBundle = {
  boundaries: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: '350102',
        properties: { code: '350102', name: '鼓楼区' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [119.24, 26.06],
              [119.32, 26.06],
              [119.32, 26.12],
              [119.24, 26.06],
            ],
          ],
        },
      },
    ],
  },
  divisions: {
    city: { code: '350100', name: '福州市' },
    districts: [
      {
        code: '350102',
        name: '鼓楼区',
        bbox: [119.24, 26.06, 119.32, 26.12],
        streets: [
          {
            code: '350102001',
            name: '鼓东街道',
            anchor: [119.28, 26.07],
            radius: 800,
            communities: [
              { code: '350102001001', name: '中山社区', anchor: [119.28, 26.07], radius: 300 },
            ],
          },
        ],
      },
    ],
  },
};

const PLACE = { district: '350102', street: '350102001', community: '350102001001' } as const;
const TICKET_EVERY_MS = 90_000;
const TICKET_LIFE_MS = 2 * 3_600_000;
const STAGE_MS = 900_000;

export function createFakeCity(options: Partial<CityOptions> = {}): SimCity {
  const full: CityOptions = { seed: 42, scale: 1, geo: FAKE_GEO, ...options };
  const incidents: IncidentSpec[] = [...(full.incidents ?? [])];
  const at = (i: number): [number, number] => [119.28 + (i % 50) * 0.001, 26.07 + (i % 37) * 0.001];

  const ticket = (index: number, t: number, incident = false): Ticket => {
    const reported = index * TICKET_EVERY_MS;
    const stage =
      TICKET_STAGES[Math.min(TICKET_STAGES.length - 1, Math.floor((t - reported) / STAGE_MS))] ??
      'reported';
    const stages: Ticket['stages'] = { reported };
    TICKET_STAGES.slice(1, TICKET_STAGES.indexOf(stage) + 1).forEach((name, k) => {
      stages[name] = reported + (k + 1) * STAGE_MS;
    });
    const phone = `138${String(10_000_000 + ((index * 7919 + full.seed) % 89_999_999)).padStart(8, '0')}`;
    return {
      id: `${incident ? 'TI' : 'T'}-${String(index).padStart(9, '0')}`,
      position: at(index),
      ...PLACE,
      channel: 'hotline',
      type: 'complaint',
      category: incident ? 'drainage' : 'municipal',
      urgent: incident,
      title: `路灯不亮 ${index}`,
      description: '晚上路灯不亮',
      department: stage === 'reported' || stage === 'registered' ? null : 'municipal',
      stage,
      stages,
      deadline: reported + 3 * 86_400_000,
      reworkCount: 0,
      rating: stage === 'rated' ? 'satisfied' : null,
      repeatOf: null,
      sourceRef: null,
      photos: { before: true, after: stage === 'closed' || stage === 'rated' },
      address: `福州市鼓楼区鼓东街道${index}号`,
      reporter: { name: '张三', phone, idNumber: '350102199001011234' },
    };
  };

  const tickets = (t: number): Ticket[] => {
    const count = Math.max(1, Math.round(TICKET_LIFE_MS / TICKET_EVERY_MS) * full.scale);
    const newest = Math.floor(t / TICKET_EVERY_MS);
    const list: Ticket[] = [];
    for (let index = newest - count + 1; index <= newest; index += 1) list.push(ticket(index, t));
    for (const incident of activeIncidents(t)) {
      const first = Math.ceil(incident.start / TICKET_EVERY_MS);
      for (let index = first; index <= newest; index += 1) list.push(ticket(index, t, true));
    }
    return list.sort((a, b) => a.id.localeCompare(b.id));
  };

  const signals = (t: number): SignalState[] =>
    Array.from({ length: 10 * full.scale }, (_, i): SignalState => {
      const step = Math.floor(t / (5000 * (i + 1)));
      return {
        id: `S-${String(i).padStart(4, '0')}`,
        position: at(i),
        ...PLACE,
        name: `路口 ${i}`,
        mode: 'adaptive',
        cycle: 120,
        phases: [40, 30, 30],
        flow: 500 + (step % 100),
        speed: 30 + (step % 20),
        queue: step % 200,
        saturation: 0.5 + (step % 50) / 100,
        delay: 20,
        adjustment: (step % 11) - 5,
        observedAt: step * 5000 * (i + 1),
      };
    });

  const sensors = (t: number): SensorReading[] =>
    Array.from({ length: 5 * full.scale }, (_, i): SensorReading => {
      const step = Math.floor(t / 60_000) + i;
      return {
        id: `E-${String(i).padStart(4, '0')}`,
        position: at(i + 100),
        ...PLACE,
        name: `空气站 ${i}`,
        kind: 'air',
        status: 'normal',
        observedAt: Math.floor(t / 60_000) * 60_000,
        values: { pm25: 20 + (step % 30), pm10: 40, o3: 60, no2: 20, so2: 5, co: 0.6 },
        aqi: 50 + (step % 30),
        primary: null,
      };
    });

  const detections = (t: number): Detection[] => {
    const newest = Math.floor(t / 120_000);
    return Array.from({ length: 20 * full.scale }, (_, k): Detection => {
      const index = newest - k;
      return {
        id: `D-${String(index).padStart(9, '0')}`,
        position: at(index),
        ...PLACE,
        type: 'street_vending',
        source: 'camera',
        cameraId: 'C-0001',
        observedAt: index * 120_000,
        hotspot: null,
        status: k < 3 ? 'new' : 'reported',
        ticketId: null,
      };
    }).sort((a, b) => a.id.localeCompare(b.id));
  };

  const byFeed: { [F in FeedName]: (t: number) => FeedItems[F][] } = {
    tickets,
    signals,
    sensors,
    detections,
  };

  function activeIncidents(t: number): IncidentSpec[] {
    return incidents.filter((incident) => incident.start <= t && t < incident.start + 3_600_000);
  }

  return {
    options: full,
    snapshot: <F extends FeedName>(feed: F, t: number): FeedItems[F][] => byFeed[feed](t),
    trigger: (spec) => {
      incidents.push(spec);
    },
    activeIncidents,
  };
}

/** A controllable real-time source for a sim clock. */
export function manualTime(start = 0): { realNow: () => number; advance: (ms: number) => void } {
  let now = start;
  return {
    realNow: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

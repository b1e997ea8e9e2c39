import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import { TICKET_STAGES, type Ticket } from '@/domain/ticket';
import type { Detection } from '@/domain/detection';
import { createCity } from '../../../mocks/sim/city';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import { joinDetections } from './detection-join';
import { detectionColumns, joinColumns } from './detection-columns';
import { hotspotGrid, loadHotspotGrid } from './hotspot-service';
import { simInput } from './sim-input';

await loadHotspotGrid();

const time = cityTimeOf('Asia/Shanghai');
const T = Date.UTC(2026, 10, 19, 7);
const city = createCity({ seed: 7, scale: 1, geo: loadGeo() });
const input = simInput(city, T);
const detections = input.all('detections') as ReadonlyMap<string, Detection>;
const tickets = input.all('tickets') as ReadonlyMap<string, Ticket>;
const heldFrom = time.dayStart(time.dayStart(T) - 1);

describe('the detections as columns', () => {
  it('are the items read field by field, in the store order', () => {
    const grid = hotspotGrid()!;
    const cols = detectionColumns(9001, detections, grid);
    const items = [...detections.values()];
    expect(cols.n).toBe(items.length);
    items.forEach((d, i) => {
      expect(cols.items[i]).toBe(d);
      expect(cols.at[i]).toBe(d.observedAt);
      expect(cols.types.codes[cols.type[i]!]).toBe(d.type);
      expect(cols.districts.codes[cols.district[i]!]).toBe(d.district);
      expect(cols.streets.codes[cols.street[i]!]).toBe(d.street);
      expect(cols.communities.codes[cols.community[i]!]).toBe(d.community);
      expect(cols.camera[i]).toBe(d.source === 'camera' ? 1 : 0);
      expect(cols.handled[i]).toBe(d.status === 'handled' ? 1 : 0);
      expect(cols.base[i]).toBe(grid.baseIndexOf(d));
    });
    expect([...cols.named]).toEqual(items.flatMap((d, i) => (d.ticketId !== null ? [i] : [])));
  });

  it('a new revision with some items as new objects gives the columns of the same items', () => {
    const grid = hotspotGrid()!;
    const before = detectionColumns(9002, detections, grid);
    const at = Array.from(before.at);
    const base = Array.from(before.base);
    const copies = new Map([...detections].map(([id, d], i) => [id, i % 3 ? d : { ...d }]));
    const after = detectionColumns(9003, copies, grid);
    expect(Array.from(after.at)).toEqual(at);
    expect(Array.from(after.base)).toEqual(base);
  });

  it("the joined tickets' stage times are each stage's time, in TICKET_STAGES order", () => {
    const grid = hotspotGrid()!;
    const cols = detectionColumns(9004, detections, grid);
    const index = joinDetections(detections, tickets, heldFrom);
    const join = joinColumns(cols, index, 77);
    expect(join.tickets.length).toBeGreaterThan(0);
    join.tickets.forEach((t, k) =>
      TICKET_STAGES.forEach((stage, s) =>
        expect(join.stageTimes[k * TICKET_STAGES.length + s]).toBe(t.stages[stage] ?? NaN),
      ),
    );
  });
});

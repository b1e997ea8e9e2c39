import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import { cellOf } from '@/geo/cells';
import {
  GUDONG,
  NOW,
  P,
  QINGCHENG,
  SNAPSHOT,
  ZHONGSHAN,
  viewContext,
} from '../../../tests/integration/fixtures/ticket-snapshot';
import {
  buildTicketLayers,
  cellFillColor,
  TICKET_POINT_COLORS,
  type TicketLayerMode,
  type TicketLayerUi,
} from './layers';
import { buildTicketView, type RankingEntry } from './ticket-view';
import { loadGrid } from '@/feeds/area-filter';

// Views of streets, communities and cells group by grid cell: H3 loads on demand.
await loadGrid();

const context = viewContext(NOW);
const cityView = buildTicketView(SNAPSHOT, { area: null }, context);
const streetView = buildTicketView(SNAPSHOT, { area: GUDONG }, context);

const ui = (patch: Partial<TicketLayerUi> = {}): TicketLayerUi => ({
  mode: 'points',
  selectedIndex: -1,
  selectedCell: null,
  pickPoints: true,
  hexRadius: 800,
  ...patch,
});

function byId(layers: Layer[]): Record<string, Layer> {
  return Object.fromEntries(layers.map((l) => [l.id, l]));
}

interface BinaryData {
  length: number;
  attributes: Record<string, { value: ArrayLike<number>; size: number; normalized?: boolean }>;
}
const binaryOf = (layer: Layer) => layer.props.data as unknown as BinaryData;
type Accessor<D, R> = (d: D, info: { index: number }) => R;
const prop = <T>(layer: Layer, name: string) => (layer.props as Record<string, unknown>)[name] as T;

describe('buildTicketLayers', () => {
  it('returns only the layers that draw: one of points, heat or hexbin by the mode, then the ring', () => {
    const ids = (view: typeof cityView | undefined, mode: TicketLayerMode) =>
      buildTicketLayers(view, ui({ mode })).map((l) => l.id);
    expect(ids(cityView, 'points')).toEqual(['tickets-points', 'tickets-selected']);
    expect(ids(cityView, 'heat')).toEqual(['tickets-heat', 'tickets-selected']);
    expect(ids(cityView, 'hex')).toEqual(['tickets-hex', 'tickets-selected']);
    // Grid cells come first, under the points, where the view has them.
    expect(ids(streetView, 'points')).toEqual([
      'tickets-cells',
      'tickets-points',
      'tickets-selected',
    ]);
    expect(ids(streetView, 'heat')).toEqual(['tickets-cells', 'tickets-heat', 'tickets-selected']);
    expect(ids(undefined, 'points')).toEqual(['tickets-points', 'tickets-selected']);
    // No layer is left hidden: a hidden deck layer is still initialised (shaders, GPU buffers).
    for (const mode of ['points', 'heat', 'hex'] as TicketLayerMode[])
      for (const layer of buildTicketLayers(streetView, ui({ mode })))
        expect(layer.props.visible).toBe(true);
  });

  it('keeps the colour ranges of heat and hexbin the same objects between builds', () => {
    // A new colorRange array makes deck.gl rebuild its colour texture on every poll.
    const range = (mode: TicketLayerMode, id: string) =>
      prop<unknown>(byId(buildTicketLayers(cityView, ui({ mode })))[id]!, 'colorRange');
    expect(range('heat', 'tickets-heat')).toBe(range('heat', 'tickets-heat'));
    expect(range('hex', 'tickets-hex')).toBe(range('hex', 'tickets-hex'));
  });

  it('feeds the points layer the view’s own position column, one point per open ticket', () => {
    const points = byId(buildTicketLayers(cityView, ui()))['tickets-points']!;
    const data = binaryOf(points);
    expect(data.length).toBe(cityView.points.length);
    expect(data.length).toBe(cityView.rows.length);
    expect(data.attributes.getPosition!.value).toBe(cityView.points.positions);
    expect(data.attributes.getPosition!.size).toBe(2);
    expect(data.attributes.getFillColor!.value).toHaveLength(cityView.points.length * 4);
    expect(data.attributes.getRadius!.value).toHaveLength(cityView.points.length);
    expect(points.props.pickable).toBe(true);
  });

  it('colours each point by its time limit with the status palette', () => {
    const data = binaryOf(byId(buildTicketLayers(cityView, ui()))['tickets-points']!);
    const colors = data.attributes.getFillColor!.value;
    const radii = data.attributes.getRadius!.value;
    // Open: T11 T01 T02 on track, T09 T07 overdue, T06 T13 due soon.
    expect([...cityView.points.sla].sort()).toEqual([0, 0, 0, 1, 1, 2, 2]);
    for (let i = 0; i < cityView.points.length; i++) {
      const sla = cityView.points.sla[i]!;
      expect(Array.from(colors).slice(i * 4, i * 4 + 4)).toEqual(TICKET_POINT_COLORS[sla]);
    }
    // Overdue points are drawn larger than due-soon ones, which are larger than on-track ones.
    const radiusOf = (sla: number) => radii[cityView.points.sla.indexOf(sla)]!;
    expect(radiusOf(2)).toBeGreaterThan(radiusOf(1));
    expect(radiusOf(1)).toBeGreaterThan(radiusOf(0));
    // The three statuses have three different colours.
    const palette = [0, 1, 2].map((s) => TICKET_POINT_COLORS[s]!.join(','));
    expect(new Set(palette).size).toBe(3);
  });

  it('draws the colour columns the worker built, not columns of its own', () => {
    const data = binaryOf(byId(buildTicketLayers(cityView, ui()))['tickets-points']!);
    expect(data.attributes.getFillColor!.value).toBe(cityView.points.colors);
    expect(data.attributes.getRadius!.value).toBe(cityView.points.radii);
  });

  it('computes the colour columns once per data version', () => {
    const a = binaryOf(
      byId(buildTicketLayers(cityView, ui({ mode: 'points' })))['tickets-points']!,
    );
    const b = binaryOf(
      byId(buildTicketLayers(cityView, ui({ selectedIndex: 1 })))['tickets-points']!,
    );
    expect(b.attributes.getFillColor!.value).toBe(a.attributes.getFillColor!.value);
    expect(b.attributes.getRadius!.value).toBe(a.attributes.getRadius!.value);
  });

  it('hands deck the same data containers while the view is the same (selection and mode changes re-process nothing)', () => {
    const dataOf = (view: typeof cityView, selectedIndex = -1) =>
      (['points', 'heat', 'hex'] as const).map((mode) => {
        const layers = buildTicketLayers(view, ui({ mode, selectedIndex }));
        return byId(layers)[mode === 'points' ? 'tickets-points' : `tickets-${mode}`]!.props.data;
      });
    const before = dataOf(cityView);
    const after = dataOf(cityView, 2);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBe(before[i]);
    // A new data version brings new containers.
    const next = buildTicketView(SNAPSHOT.slice(1), { area: null }, context);
    const changed = dataOf(next);
    for (let i = 0; i < before.length; i++) expect(changed[i]).not.toBe(before[i]);
    expect(binaryOf(byId(buildTicketLayers(next, ui()))['tickets-points']!).length).toBe(6);
  });

  it('gives heat and hexbin the same positions as the points', () => {
    for (const mode of ['heat', 'hex'] as const) {
      const layer = byId(buildTicketLayers(cityView, ui({ mode })))[`tickets-${mode}`]!;
      expect((layer.props.data as { length: number }).length).toBe(cityView.points.length);
      const getPosition = prop<Accessor<unknown, [number, number]>>(layer, 'getPosition');
      const positions = cityView.rows.map((_, index) => getPosition(null, { index }));
      // Row 0 is T11 in 天华, row 6 is T13 in 庆城.
      expect(positions).toHaveLength(7);
      for (let i = 0; i < positions.length; i++)
        expect(positions[i]).toEqual([
          cityView.points.positions[i * 2],
          cityView.points.positions[i * 2 + 1],
        ]);
      expect(positions[6]).toEqual(P[QINGCHENG]!.map(Math.fround));
    }
  });

  it('rings the selected ticket at its row’s position', () => {
    const index = cityView.rows.findIndex((r) => r.id === 'T13');
    const selected = byId(buildTicketLayers(cityView, ui({ selectedIndex: index })))[
      'tickets-selected'
    ]!;
    expect(selected.props.data).toEqual([P[QINGCHENG]!.map(Math.fround)]);
    expect(selected.props.visible).toBe(true);
  });

  it('rings nothing when no ticket or an index past the rows is selected', () => {
    for (const selectedIndex of [-1, cityView.rows.length, 99]) {
      const selected = byId(buildTicketLayers(cityView, ui({ selectedIndex })))[
        'tickets-selected'
      ]!;
      expect(selected.props.data).toEqual([]);
    }
  });

  it('draws grid cells only when the view has them (street level and below)', () => {
    expect(byId(buildTicketLayers(cityView, ui()))['tickets-cells']).toBeUndefined();

    const street = byId(buildTicketLayers(streetView, ui()))['tickets-cells']!;
    expect(street.props.visible).toBe(true);
    expect(street.props.data).toBe(streetView.cells);
    const getHexagon = prop<(c: RankingEntry) => string>(street, 'getHexagon');
    expect(streetView.cells.map(getHexagon)).toEqual([
      cellOf(P[ZHONGSHAN]!),
      cellOf(P[QINGCHENG]!),
    ]);
  });

  it('outlines the selected cell and re-evaluates outlines when the selection changes', () => {
    const selectedCell = cellOf(P[QINGCHENG]!);
    const street = byId(buildTicketLayers(streetView, ui({ selectedCell })))['tickets-cells']!;
    const lineColor = prop<(c: RankingEntry) => number[]>(street, 'getLineColor');
    const lineWidth = prop<(c: RankingEntry) => number>(street, 'getLineWidth');
    const [zhongshan, qingcheng] = streetView.cells as [RankingEntry, RankingEntry];
    expect(lineWidth(qingcheng)).toBeGreaterThan(lineWidth(zhongshan));
    expect(lineColor(qingcheng)).not.toEqual(lineColor(zhongshan));
    const triggers = prop<Record<string, unknown>>(street, 'updateTriggers');
    expect(triggers.getLineColor).toBe(selectedCell);
    expect(triggers.getLineWidth).toBe(selectedCell);
  });

  it('builds empty layers, not an error, before the first data', () => {
    const layers = byId(buildTicketLayers(undefined, ui({ selectedIndex: 0 })));
    expect(binaryOf(layers['tickets-points']!).length).toBe(0);
    expect(layers['tickets-selected']!.props.data).toEqual([]);
    expect(layers['tickets-cells']).toBeUndefined();
  });
});

describe('cellFillColor', () => {
  const cell = (open: number): RankingEntry => ({ key: 'x', today: 0, open, overdue: 0 });

  it('ramps from dark to light with the share of the busiest cell', () => {
    const lightness = (open: number) =>
      cellFillColor(cell(open), 8)
        .slice(0, 3)
        .reduce((a, b) => a + b);
    expect(lightness(0)).toBeLessThan(lightness(3));
    expect(lightness(3)).toBeLessThan(lightness(5));
    expect(lightness(5)).toBeLessThan(lightness(8));
    expect(cellFillColor(cell(8), 8)[3]).toBe(cellFillColor(cell(0), 8)[3]);
  });

  it('does not divide by zero when no cell has open tickets', () => {
    expect(cellFillColor(cell(0), 0)).toEqual(cellFillColor(cell(0), 8));
  });
});

describe('picking', () => {
  it('makes points clickable only when asked (not at city level, where a click drills)', () => {
    const pickable = (pickPoints: boolean) =>
      byId(buildTicketLayers(cityView, ui({ pickPoints })))['tickets-points']!.props.pickable;
    expect(pickable(true)).toBe(true);
    expect(pickable(false)).toBe(false);
  });
});

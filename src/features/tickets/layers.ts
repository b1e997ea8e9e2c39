import { ScatterplotLayer } from '@deck.gl/layers';
import { HexagonLayer } from '@deck.gl/aggregation-layers';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { Layer } from '@deck.gl/core';
import { CityHeatmapLayer } from '@/map/heatmap-layer';
import type { RankingEntry, TicketPoints, TicketSummary, TicketView } from './ticket-view';

export type TicketLayerMode = 'points' | 'heat' | 'hex';

export interface TicketLayerUi {
  mode: TicketLayerMode;
  /** Index into `view.points` of the selected ticket, or -1. */
  selectedIndex: number;
  /** The selected grid cell, outlined. */
  selectedCell: string | null;
  /**
   * Whether a click on a point opens its ticket. At city level a click on the map drills into the
   * district instead: thousands of points cover the urban districts there.
   */
  pickPoints: boolean;
  /** Hexbin radius, m: a few hexes across the area shown. */
  hexRadius: number;
}

const CELL_RAMP: [number, number, number][] = [
  [18, 58, 92],
  [47, 111, 168],
  [90, 177, 239],
  [191, 227, 255],
];

/** Grid cells coloured by open tickets (quantity ramp), overdue ones outlined in alarm red. */
export function cellFillColor(cell: RankingEntry, max: number): [number, number, number, number] {
  const share = max > 0 ? cell.open / max : 0;
  const c = CELL_RAMP[Math.min(CELL_RAMP.length - 1, Math.floor(share * CELL_RAMP.length))]!;
  return [c[0], c[1], c[2], 150];
}

import { TICKET_POINT_COLORS } from './point-style';

export { TICKET_POINT_COLORS };

const EMPTY_POINTS: TicketPoints = {
  length: 0,
  positions: new Float32Array(0),
  sla: new Uint8Array(0),
  ids: { bytes: new Uint8Array(0), offsets: new Uint32Array(1) },
  colors: new Uint8Array(0),
  radii: new Float32Array(0),
};

// The data containers too are made once per data version: deck.gl treats a new container as new
// data (re-uploads the columns, re-aggregates heat and hexbins) even when the columns are the same.
function makePointData(points: TicketPoints) {
  const { colors, radii } = points;
  return {
    binary: {
      length: points.length,
      attributes: {
        getPosition: { value: points.positions, size: 2 },
        getFillColor: { value: colors, size: 4, normalized: true },
        getRadius: { value: radii, size: 1 },
      },
    },
    counted: { length: points.length },
  };
}
const dataCache = new WeakMap<TicketPoints, ReturnType<typeof makePointData>>();

function pointData(points: TicketPoints) {
  let data = dataCache.get(points);
  if (!data) dataCache.set(points, (data = makePointData(points)));
  return data;
}

const positionOf =
  (points: TicketPoints) =>
  (_: unknown, { index }: { index: number }) =>
    [points.positions[index * 2]!, points.positions[index * 2 + 1]!] as [number, number];

const HEAT_COLORS: [number, number, number][] = [
  [18, 58, 92],
  [47, 111, 168],
  [90, 177, 239],
  [120, 210, 240],
  [191, 227, 255],
  [240, 248, 255],
];
const HEX_COLORS: [number, number, number][] = [
  [18, 58, 92],
  [35, 86, 132],
  [47, 111, 168],
  [70, 150, 210],
  [90, 177, 239],
  [191, 227, 255],
];

/**
 * The tickets scenario's map layers: open tickets as points coloured by their time limit, or a
 * heat / hexbin of the same points; grid cells where the view has them; the selected ticket's ring.
 *
 * Only the layers that draw something are returned (stable ids, stable order). deck.gl initialises
 * hidden layers too: their shaders would be compiled before the first frame (hundreds of ms each
 * in software WebGL) and their GPU resources held for nothing. Switching the mode creates the new
 * mode's layer and finalises the old one.
 */
export function buildTicketLayers(view: TicketView | undefined, ui: TicketLayerUi): Layer[] {
  const points = view?.points ?? EMPTY_POINTS;
  const { binary, counted } = pointData(points);
  const selected =
    ui.selectedIndex >= 0 && ui.selectedIndex < points.length ? ui.selectedIndex : -1;
  const selectedPosition: [number, number][] =
    selected >= 0 ? [[points.positions[selected * 2]!, points.positions[selected * 2 + 1]!]] : [];

  const cells = view?.cells ?? [];
  const maxOpen = cells.reduce((m, c) => Math.max(m, c.open), 0);
  const layers: Layer[] = [];
  if (cells.length > 0)
    layers.push(
      new H3HexagonLayer<RankingEntry>({
        id: 'tickets-cells',
        data: cells,
        getHexagon: (c) => c.key,
        getFillColor: (c) => cellFillColor(c, maxOpen),
        getLineColor: (c) =>
          c.key === ui.selectedCell
            ? [76, 158, 255, 255]
            : c.overdue > 0
              ? [232, 48, 74, 200]
              : [60, 110, 145, 160],
        getLineWidth: (c) => (c.key === ui.selectedCell ? 3 : 1),
        lineWidthUnits: 'pixels',
        extruded: false,
        stroked: true,
        filled: true,
        highPrecision: true,
        pickable: true,
        updateTriggers: {
          getFillColor: maxOpen,
          getLineColor: ui.selectedCell,
          getLineWidth: ui.selectedCell,
        },
      }),
    );
  if (ui.mode === 'points')
    layers.push(
      new ScatterplotLayer({
        id: 'tickets-points',
        data: binary,
        radiusUnits: 'pixels',
        radiusMinPixels: 3,
        stroked: false,
        pickable: ui.pickPoints,
      }),
    );
  if (ui.mode === 'heat')
    layers.push(
      new CityHeatmapLayer<unknown>({
        id: 'tickets-heat',
        data: counted,
        getPosition: positionOf(points),
        getWeight: 1,
        radiusPixels: 40,
        intensity: 1,
        threshold: 0.05,
        colorRange: HEAT_COLORS,
        updateTriggers: { getPosition: points },
      }),
    );
  if (ui.mode === 'hex')
    layers.push(
      new HexagonLayer<unknown>({
        id: 'tickets-hex',
        data: counted,
        getPosition: positionOf(points),
        radius: ui.hexRadius,
        extruded: false,
        coverage: 0.9,
        opacity: 0.75,
        colorRange: HEX_COLORS,
        pickable: false,
        updateTriggers: { getPosition: points },
      }),
    );
  layers.push(
    new ScatterplotLayer<[number, number]>({
      id: 'tickets-selected',
      data: selectedPosition,
      getPosition: (d) => d,
      radiusUnits: 'pixels',
      getRadius: 12,
      stroked: true,
      filled: false,
      getLineColor: [76, 158, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      pickable: false,
    }),
  );
  return layers;
}

interface BinaryPoints {
  length: number;
  attributes: Record<
    string,
    { value: Float32Array | Uint8Array; size: number; normalized?: boolean }
  >;
}
const summaryCache = new WeakMap<TicketSummary['late'], { binary: BinaryPoints }>();

/**
 * The overview's tickets layer: only the open tickets that need attention, overdue ones (alarm
 * red, larger) above due-soon ones (attention yellow).
 */
export function buildTicketSummaryLayers(summary: TicketSummary | undefined): Layer[] {
  if (!summary || summary.late.length === 0) return [];
  const { late } = summary;
  let data = summaryCache.get(late);
  if (!data) {
    const colors = new Uint8Array(late.length * 4);
    const radii = new Float32Array(late.length);
    for (let i = 0; i < late.length; i++) {
      colors.set(late.overdue[i] ? TICKET_POINT_COLORS[2]! : TICKET_POINT_COLORS[1]!, i * 4);
      radii[i] = late.overdue[i] ? 3.5 : 2.5;
    }
    data = {
      binary: {
        length: late.length,
        attributes: {
          getPosition: { value: late.positions, size: 2 },
          getFillColor: { value: colors, size: 4, normalized: true },
          getRadius: { value: radii, size: 1 },
        },
      },
    };
    summaryCache.set(late, data);
  }
  return [
    new ScatterplotLayer({
      id: 'tickets-summary',
      data: data.binary,
      radiusUnits: 'pixels',
      radiusMinPixels: 2,
      stroked: false,
      pickable: false,
    }),
  ];
}

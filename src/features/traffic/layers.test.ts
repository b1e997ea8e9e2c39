import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import { cityTimeOf } from '@/domain/city-time';
import { loadGrid } from '@/feeds/area-filter';
import { contextAt } from '@/feeds/view-builder';
import { ICON_PX, ICONS, drawIconAtlas, iconOf } from './icon-atlas';
import {
  buildTrafficLayers,
  buildTrafficSummaryLayers,
  pointAttributes,
  pointColor,
  pointSize,
} from './layers';
import { NO_LEVEL } from './signal-state';
import { MIN, NOW, REF, bins, signal } from './test-signals';
import { FAULT_HEX, LEVEL_HEX, hexRgb } from './traffic-style';
import { buildTrafficSummary, buildTrafficView } from './traffic-view';

await loadGrid();

const context = {
  ...contextAt(NOW, cityTimeOf('Asia/Shanghai')),
  version: 1,
  revision: 1,
  generatedAt: NOW,
  droppedLast: 0,
  droppedTotal: 0,
};
const items = [
  signal({ id: 'a', speed: 45, flow: 15_000 }),
  signal({ id: 'b', speed: 8, flow: 0 }),
  signal({ id: 'f', mode: 'fault' }),
  signal({ id: 'o', mode: 'offline', observedAt: NOW - 30 * MIN }),
  signal({ id: 'm', mode: 'manual', bins: bins(undefined, REF, [1, 1, 1, 0.6]) }),
];
const ids = (layers: Layer[]) => layers.map((l) => l.id);

describe('the icon atlas', () => {
  const atlas = drawIconAtlas(32);
  const alpha = (icon: string, x: number, y: number) => {
    const k = ICONS.indexOf(icon as (typeof ICONS)[number]);
    return atlas.data[(y * atlas.width + k * 32 + x) * 4 + 3]!;
  };

  it('draws every icon side by side, white with coverage as alpha', () => {
    expect(atlas.width).toBe(32 * ICONS.length);
    expect(atlas.mapping.fault).toEqual({ x: 3 * 32, y: 0, width: 32, height: 32, mask: true });
    expect(atlas.data[0]).toBe(255);
    expect(ICON_PX).toBe(64);
  });

  it('gives each state its own shape: filled, hollow, a square with a hole, a dashed ring', () => {
    expect(alpha('circle', 16, 16)).toBe(255);
    expect(alpha('circle-hollow', 16, 16)).toBe(0);
    expect(alpha('circle', 1, 1)).toBe(0);
    // The square's corner is filled, the circle's is not.
    expect(alpha('fault', 3, 3)).toBe(255);
    // The "!" is cut out of the square.
    expect(alpha('fault', 16, 10)).toBe(0);
    expect(alpha('triangle', 16, 4)).toBeGreaterThan(0);
    expect(alpha('triangle', 3, 4)).toBe(0);
    // The dashed ring: on and off around it.
    const ring = Array.from({ length: 32 }, (_, x) => alpha('offline', x, 3));
    expect(ring.some((a) => a === 255)).toBe(true);
    expect(alpha('offline', 16, 16)).toBe(0);
  });

  it('picks the icon from the state, hollow for an incomplete log', () => {
    expect(iconOf(0, false)).toBe('circle');
    expect(iconOf(0, true)).toBe('circle-hollow');
    expect(iconOf(1, true)).toBe('triangle-hollow');
    expect(iconOf(2, false)).toBe('diamond');
    expect(iconOf(3, true)).toBe('fault');
    expect(iconOf(4, false)).toBe('offline');
  });
});

describe('points', () => {
  it('are coloured by level, faults alarm red and offline grey; sized by volume', () => {
    expect(pointColor(0, 4).slice(0, 3)).toEqual(hexRgb(LEVEL_HEX.severe));
    expect(pointColor(3, 0).slice(0, 3)).toEqual(hexRgb(FAULT_HEX));
    expect(pointColor(0, NO_LEVEL)[3]).toBeGreaterThan(0);
    expect(pointSize(0, 0)).toBe(7);
    expect(pointSize(0, 15_000)).toBe(16);
    expect(pointSize(0, 99_999)).toBe(16);
    expect(pointSize(3, 0)).toBe(16);
  });

  it('get their columns once per view', () => {
    const view = buildTrafficView(items, { area: null }, context, REF);
    const a = pointAttributes(view.points);
    expect(pointAttributes(view.points)).toBe(a);
    const at = (id: string) => view.points.ids.indexOf(id);
    expect(a.icons[at('f')]).toBe('fault');
    expect(a.icons[at('o')]).toBe('offline');
    expect(a.icons[at('m')]).toBe('triangle-hollow');
    expect(a.sizes[at('a')]).toBe(16);
  });
});

describe('the layers', () => {
  it('draw the intersections, the cells at street level, and the selection only when there is one', () => {
    const city = buildTrafficView(items, { area: null }, context, REF);
    expect(ids(buildTrafficLayers(city, { selectedIndex: -1, selectedCell: null }))).toEqual([
      'traffic-points',
    ]);
    const street = buildTrafficView(items, { area: '350102001' }, context, REF);
    const layers = buildTrafficLayers(street, { selectedIndex: 2, selectedCell: null });
    expect(ids(layers)).toEqual(['traffic-cells', 'traffic-points', 'traffic-selected']);
    expect((layers[1]!.props.data as { length: number }).length).toBe(items.length);
    expect(buildTrafficLayers(undefined, { selectedIndex: -1, selectedCell: null })).toEqual([]);
  });

  it('keep the same data container while the view is the same (deck.gl re-uploads new ones)', () => {
    const view = buildTrafficView(items, { area: null }, context, REF);
    const ui = { selectedIndex: -1, selectedCell: null };
    const a = buildTrafficLayers(view, ui)[0]!;
    const b = buildTrafficLayers(view, ui)[0]!;
    expect(a.props.data).toBe(b.props.data);
  });

  it('give the overview only the trouble, and nothing when there is none', () => {
    const summary = buildTrafficSummary(items, { area: null }, context, REF);
    const layers = buildTrafficSummaryLayers(summary);
    expect(ids(layers)).toEqual(['traffic-summary']);
    expect((layers[0]!.props.data as { length: number }).length).toBe(summary.trouble.length);
    expect(summary.trouble.ids.sort()).toEqual(['b', 'f', 'o']);
    const calm = buildTrafficSummary([signal({ speed: 45 })], { area: null }, context, REF);
    expect(buildTrafficSummaryLayers(calm)).toEqual([]);
  });
});

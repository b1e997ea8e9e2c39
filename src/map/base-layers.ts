import { TextLayer } from '@deck.gl/layers';
import { CollisionFilterExtension, type CollisionFilterExtensionProps } from '@deck.gl/extensions';
import type { Boundaries } from '@/geo/geo-data';

export const MAP_FONT_FAMILY =
  'Inter, "Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

export interface DistrictLabel {
  code: string;
  name: string;
  position: [number, number];
  /** Larger districts win when names collide (the urban core at city zoom). */
  priority: number;
}

function ringArea(ring: [number, number][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return Math.abs(a / 2);
}

export function districtLabels(boundaries: Boundaries): DistrictLabel[] {
  return boundaries.features
    .filter((f) => f.properties.label)
    .map((f) => {
      const polygons =
        f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const area = polygons.reduce((sum, p) => sum + ringArea(p[0] ?? []), 0);
      return {
        code: f.properties.code,
        name: f.properties.name,
        position: f.properties.label!,
        priority: area,
      };
    });
}

/** District names, drawn by deck.gl so no glyph server is needed (CJK included). */
export function buildDistrictLabelLayer(
  labels: DistrictLabel[],
  names: ReadonlyMap<string, string>,
  selected: string | null,
) {
  return new TextLayer<DistrictLabel, CollisionFilterExtensionProps<DistrictLabel>>({
    id: 'district-labels',
    data: labels,
    getPosition: (d) => d.position,
    getText: (d) => names.get(d.code) ?? d.name,
    getSize: 16,
    getColor: (d) =>
      selected && d.code !== selected ? [143, 166, 191, 110] : [143, 166, 191, 255],
    fontFamily: MAP_FONT_FAMILY,
    characterSet: 'auto',
    outlineWidth: 2,
    outlineColor: [11, 21, 34, 255],
    fontSettings: { sdf: true },
    billboard: true,
    // Clicking a name selects its district, even where the map is dense with points.
    pickable: true,
    // Names that would overlap give way: the selected district first, then the larger ones.
    extensions: [new CollisionFilterExtension()],
    collisionEnabled: true,
    getCollisionPriority: (d) => (d.code === selected ? 1000 : Math.min(999, d.priority * 1000)),
    collisionTestProps: { sizeScale: 1.6 },
    updateTriggers: { getText: names, getColor: selected, getCollisionPriority: selected },
  });
}

/** Screen position of a map point. */
export type Projector = (point: [number, number]) => { x: number; y: number };

let measureContext: CanvasRenderingContext2D | null | undefined;
/** Width of a label in CSS pixels at the map's label size (an estimate without a canvas). */
function labelWidth(text: string, size: number): number {
  if (measureContext === undefined)
    measureContext =
      typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (measureContext) {
    measureContext.font = `${size}px ${MAP_FONT_FAMILY}`;
    return measureContext.measureText(text).width;
  }
  return [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? size : size * 0.6), 0);
}

/**
 * The labels that fit on screen without overlapping, the selected district first, then the larger
 * districts (a greedy placement on their boxes, recomputed when the camera comes to rest). The
 * GPU collision filter does the same in the map's own frames where the device supports it.
 */
export function declutterLabels(
  labels: readonly DistrictLabel[],
  names: ReadonlyMap<string, string>,
  project: Projector | null,
  selected: string | null,
  size = 16,
): DistrictLabel[] {
  if (!project) return [...labels];
  const order = [...labels].sort(
    (a, b) =>
      Number(b.code === selected) - Number(a.code === selected) ||
      b.priority - a.priority ||
      (a.code < b.code ? -1 : 1),
  );
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const kept = new Set<string>();
  const pad = 4;
  for (const label of order) {
    const { x, y } = project(label.position);
    const w = labelWidth(names.get(label.code) ?? label.name, size) / 2 + pad;
    const h = size / 2 + pad;
    const box = { x0: x - w, y0: y - h, x1: x + w, y1: y + h };
    if (placed.some((p) => box.x0 < p.x1 && box.x1 > p.x0 && box.y0 < p.y1 && box.y1 > p.y0))
      continue;
    placed.push(box);
    kept.add(label.code);
  }
  return labels.filter((l) => kept.has(l.code));
}

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

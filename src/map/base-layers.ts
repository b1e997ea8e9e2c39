import { TextLayer } from '@deck.gl/layers';
import type { Boundaries } from '@/geo/geo-data';

export const MAP_FONT_FAMILY =
  'Inter, "Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

export interface DistrictLabel {
  code: string;
  name: string;
  position: [number, number];
}

export function districtLabels(boundaries: Boundaries): DistrictLabel[] {
  return boundaries.features
    .filter((f) => f.properties.label)
    .map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      position: f.properties.label!,
    }));
}

/** District names, drawn by deck.gl so no glyph server is needed (CJK included). */
export function buildDistrictLabelLayer(
  labels: DistrictLabel[],
  names: Record<string, string>,
  selected: string | null,
) {
  return new TextLayer<DistrictLabel>({
    id: 'district-labels',
    data: labels,
    getPosition: (d) => d.position,
    getText: (d) => names[d.code] ?? d.name,
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
    updateTriggers: { getText: names, getColor: selected },
  });
}

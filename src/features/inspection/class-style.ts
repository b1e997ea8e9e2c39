// How each hot-spot class is drawn, on the map and in the legend alike: colour, outline pattern
// and width, and a mark for lists — never colour alone (docs/VISUAL). Worsening classes are warm
// and solid or long-dashed, chronic ones rose and violet, improving ones cool and dotted.
import { classCode, HOTSPOT_CLASSES, type HotspotClass } from './hotspot-classes';

export type HotClass =
  | 'new-hot'
  | 'consecutive-hot'
  | 'intensifying-hot'
  | 'persistent-hot'
  | 'diminishing-hot'
  | 'sporadic-hot'
  | 'oscillating-hot'
  | 'historical-hot';

export interface ClassStyle {
  /** RGB. */
  color: [number, number, number];
  /** Outline width, px. */
  width: number;
  /** Dash and gap in multiples of the width; [0, 0] is solid. */
  dash: [number, number];
  /** A mark for lists and the legend (symbols every CJK font has). */
  mark: string;
}

/** The order the legend lists them: what needs action first. */
export const HOT_CLASSES: readonly HotClass[] = [
  'intensifying-hot',
  'new-hot',
  'consecutive-hot',
  'persistent-hot',
  'sporadic-hot',
  'oscillating-hot',
  'diminishing-hot',
  'historical-hot',
];

export const CLASS_STYLE: Readonly<Record<HotClass, ClassStyle>> = {
  'intensifying-hot': { color: [242, 84, 91], width: 4, dash: [0, 0], mark: '↑' },
  'new-hot': { color: [255, 197, 61], width: 3, dash: [3, 1], mark: '★' },
  'consecutive-hot': { color: [255, 138, 61], width: 3, dash: [5, 2], mark: '◎' },
  'persistent-hot': { color: [217, 96, 140], width: 2.5, dash: [0, 0], mark: '□' },
  'sporadic-hot': { color: [192, 138, 240], width: 2, dash: [1, 2], mark: '◇' },
  'oscillating-hot': { color: [227, 166, 216], width: 2, dash: [4, 2], mark: '※' },
  'diminishing-hot': { color: [90, 177, 239], width: 2, dash: [2, 2], mark: '↓' },
  'historical-hot': { color: [143, 163, 184], width: 1.5, dash: [1, 3], mark: '○' },
};

const BY_CODE = new Map<number, ClassStyle>(
  HOT_CLASSES.map((name) => [classCode(name), CLASS_STYLE[name]] as const),
);

/** The style of a class code; null for classes the map does not outline (cold, none). */
export const styleOfCode = (code: number): ClassStyle | null => BY_CODE.get(code) ?? null;

export const isStyledClass = (name: HotspotClass): name is HotClass =>
  (HOT_CLASSES as readonly string[]).includes(name);

/** The CSS colour of a style. */
export const cssColor = (s: ClassStyle, alpha = 1): string =>
  `rgba(${s.color[0]}, ${s.color[1]}, ${s.color[2]}, ${alpha})`;

/** An SVG `stroke-dasharray` for a style (empty when solid). */
export const svgDash = (s: ClassStyle): string =>
  s.dash[0] === 0 ? '' : `${s.dash[0] * s.width} ${s.dash[1] * s.width}`;

export const codeName = (code: number): HotspotClass => HOTSPOT_CLASSES[code] ?? 'unclassified';

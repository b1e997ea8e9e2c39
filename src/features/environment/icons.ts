// The map's shapes: one per sensor kind (● air, ▼ water, ■ noise, ◆ waterlogging, ▲ slope, and a
// workshop for the 散乱污 enterprises), each filled (a reading), hollow (stale), dashed (offline)
// or struck through (out of range). Drawn once on a canvas; deck.gl tints them (mask icons).

export const SHAPES = ['circle', 'triangleDown', 'square', 'diamond', 'triangleUp'] as const;
export type Shape = (typeof SHAPES)[number];
export const VARIANTS = ['filled', 'hollow', 'dashed', 'struck'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Shape of each MAP_KINDS entry (national and micro air stations are both circles). */
export const KIND_SHAPE: readonly Shape[] = [
  'circle',
  'circle',
  'triangleDown',
  'square',
  'diamond',
  'triangleUp',
];
/** Glyphs of the same shapes, for legends and lists. */
export const SHAPE_GLYPH: Readonly<Record<Shape | 'workshop', string>> = {
  circle: '●',
  triangleDown: '▼',
  square: '■',
  diamond: '◆',
  triangleUp: '▲',
  workshop: '⌂',
};

const CELL = 64;
const COLUMNS = 6;

export const iconName = (shape: Shape, variant: Variant) => `${shape}-${variant}`;

export interface IconAtlas {
  canvas: HTMLCanvasElement;
  mapping: Record<string, { x: number; y: number; width: number; height: number; mask: boolean }>;
}

function path(ctx: CanvasRenderingContext2D, shape: Shape, cx: number, cy: number, r: number) {
  ctx.beginPath();
  switch (shape) {
    case 'circle':
      ctx.arc(cx, cy, r, 0, Math.PI * 2);
      break;
    case 'square':
      ctx.rect(cx - r * 0.85, cy - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'diamond':
      ctx.moveTo(cx, cy - r);
      ctx.lineTo(cx + r, cy);
      ctx.lineTo(cx, cy + r);
      ctx.lineTo(cx - r, cy);
      ctx.closePath();
      break;
    case 'triangleUp':
      ctx.moveTo(cx, cy - r);
      ctx.lineTo(cx + r, cy + r * 0.8);
      ctx.lineTo(cx - r, cy + r * 0.8);
      ctx.closePath();
      break;
    case 'triangleDown':
      ctx.moveTo(cx - r, cy - r * 0.8);
      ctx.lineTo(cx + r, cy - r * 0.8);
      ctx.lineTo(cx, cy + r);
      ctx.closePath();
      break;
  }
}

let atlas: IconAtlas | null | undefined;

/** The atlas, drawn on first use; null where there is no canvas (tests outside a browser). */
export function iconAtlas(): IconAtlas | null {
  if (atlas !== undefined) return atlas;
  const names = [
    ...SHAPES.flatMap((shape) => VARIANTS.map((variant) => iconName(shape, variant))),
    'workshop',
  ];
  const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : null;
  const ctx = canvas?.getContext('2d') ?? null;
  if (!canvas || !ctx) return (atlas = null);
  const rows = Math.ceil(names.length / COLUMNS);
  canvas.width = CELL * COLUMNS;
  canvas.height = CELL * rows;
  const mapping: IconAtlas['mapping'] = {};
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#fff';
  names.forEach((name, i) => {
    const x = (i % COLUMNS) * CELL;
    const y = Math.floor(i / COLUMNS) * CELL;
    mapping[name] = { x, y, width: CELL, height: CELL, mask: true };
    const cx = x + CELL / 2;
    const cy = y + CELL / 2;
    const r = CELL / 2 - 6;
    if (name === 'workshop') {
      // A workshop: a block with a saw-tooth roof and a chimney.
      ctx.beginPath();
      ctx.moveTo(cx - r, cy + r * 0.8);
      ctx.lineTo(cx - r, cy - r * 0.1);
      ctx.lineTo(cx - r * 0.35, cy - r * 0.5);
      ctx.lineTo(cx - r * 0.35, cy - r * 0.1);
      ctx.lineTo(cx + r * 0.3, cy - r * 0.5);
      ctx.lineTo(cx + r * 0.3, cy - r);
      ctx.lineTo(cx + r * 0.75, cy - r);
      ctx.lineTo(cx + r, cy - r * 0.1);
      ctx.lineTo(cx + r, cy + r * 0.8);
      ctx.closePath();
      ctx.fill();
      return;
    }
    const [shape, variant] = name.split('-') as [Shape, Variant];
    ctx.save();
    ctx.lineWidth = 7;
    ctx.setLineDash(variant === 'dashed' ? [9, 7] : []);
    path(ctx, shape, cx, cy, variant === 'filled' ? r : r - 3);
    if (variant === 'filled') ctx.fill();
    else ctx.stroke();
    if (variant === 'struck') {
      ctx.beginPath();
      ctx.moveTo(cx - r, cy + r);
      ctx.lineTo(cx + r, cy - r);
      ctx.stroke();
    }
    ctx.restore();
  });
  return (atlas = { canvas, mapping });
}

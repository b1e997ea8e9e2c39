// Hexagon marks of the hot-spot classes for the city's map, where a 2.4 km cell is a few pixels
// wide: each class's colour, outline dash and width, as the legend draws them. Drawn once on a
// canvas (colour icons, not tinted).
import { CLASS_STYLE, HOT_CLASSES, type HotClass } from './class-style';

const CELL = 64;

export interface ClassIconAtlas {
  canvas: HTMLCanvasElement;
  mapping: Record<string, { x: number; y: number; width: number; height: number; mask: boolean }>;
}

let atlas: ClassIconAtlas | null | undefined;

/** The atlas, drawn on first use; null where there is no canvas (tests outside a browser). */
export function classIconAtlas(): ClassIconAtlas | null {
  if (atlas !== undefined) return atlas;
  const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : null;
  const ctx = canvas?.getContext('2d') ?? null;
  if (!canvas || !ctx) return (atlas = null);
  canvas.width = CELL * HOT_CLASSES.length;
  canvas.height = CELL;
  const mapping: ClassIconAtlas['mapping'] = {};
  // The icon is drawn at 64 px and shown at about 26: widths and dashes scale by 64 / 26.
  const k = CELL / 26;
  HOT_CLASSES.forEach((name: HotClass, i) => {
    const style = CLASS_STYLE[name];
    const [r, g, b] = style.color;
    const cx = i * CELL + CELL / 2;
    const cy = CELL / 2;
    const w = style.width * k;
    const radius = CELL / 2 - w / 2 - 1;
    ctx.beginPath();
    for (let v = 0; v < 6; v++) {
      const a = (Math.PI / 3) * v + Math.PI / 6;
      const x = cx + radius * Math.cos(a);
      const y = cy + radius * Math.sin(a);
      if (v === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.closePath();
    ctx.fillStyle = `rgba(${r}, ${g}, ${b}, 0.22)`;
    ctx.fill();
    ctx.lineWidth = w;
    ctx.lineJoin = 'round';
    ctx.setLineDash(style.dash[0] === 0 ? [] : [style.dash[0] * w, style.dash[1] * w]);
    ctx.strokeStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.stroke();
    mapping[name] = { x: i * CELL, y: 0, width: CELL, height: CELL, mask: false };
  });
  return (atlas = { canvas, mapping });
}

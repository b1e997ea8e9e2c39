/** On track, due soon (attention), overdue (alarm): status colours of docs/VISUAL. */
export const TICKET_POINT_COLORS: Record<number, [number, number, number, number]> = {
  0: [90, 177, 239, 220],
  1: [255, 212, 59, 235],
  2: [232, 48, 74, 255],
};
const RADIUS_BY_SLA = [3, 4, 5.5];
/** The colours by code, flat (an unknown code is drawn on track). */
const PALETTE = Uint8Array.from([0, 1, 2].flatMap((code) => TICKET_POINT_COLORS[code]!));

/** What the map draws of each open ticket besides its position. */
export interface TicketPointStyle {
  /** RGBA per point. */
  colors: Uint8Array;
  /** Radius per point, px. */
  radii: Float32Array;
}

/**
 * The colour and radius columns of points by their SLA codes (0 on track, 1 due soon, 2 overdue).
 * Built in the worker with the view and transferred, so the page's main thread does nothing per
 * point when a view of 300,000 open tickets arrives.
 */
export function ticketPointStyle(sla: Uint8Array): TicketPointStyle {
  const colors = new Uint8Array(sla.length * 4);
  const radii = new Float32Array(sla.length);
  for (let i = 0; i < sla.length; i++) {
    const code = sla[i]!;
    const from = code < 3 ? code * 4 : 0;
    const to = i * 4;
    colors[to] = PALETTE[from]!;
    colors[to + 1] = PALETTE[from + 1]!;
    colors[to + 2] = PALETTE[from + 2]!;
    colors[to + 3] = PALETTE[from + 3]!;
    radii[i] = RADIUS_BY_SLA[code] ?? 4;
  }
  return { colors, radii };
}

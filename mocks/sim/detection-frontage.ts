// Scenario 4: 门前三包 — each street-front business is scored monthly on keeping the pavement in
// front of it clean, in order and unobstructed. The simulated city scores the businesses of its
// urban communities: a community mean that stays a little lower where a hotspot draws violations,
// and moves from day to day. The month-to-date mean per community is the `detections/frontage`
// endpoint (docs/api.md).
import { DAY, TZ_OFFSET, localDayStart } from './clock';
import type { Hotspot } from './detections';
import type { Community, Places } from './places';
import { hash, hashString, unit } from './prng';
import { remember } from './slot-cache';
import type { SimAnswer } from './types';

const STREAM = hashString('frontage');

export interface FrontageArea {
  community: string;
  businesses: number;
  score: number;
}

/** `YYYY-MM` and the local start of that month, for `t`. */
export function localMonth(t: number): { month: string; start: number } {
  const d = new Date(t + TZ_OFFSET);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return {
    month: `${y}-${String(m + 1).padStart(2, '0')}`,
    start: Date.UTC(y, m, 1) - TZ_OFFSET,
  };
}

export function createFrontage(
  places: Places,
  seed: number,
  scale: number,
  hotspots: () => readonly Hotspot[],
) {
  let scored: { community: Community; businesses: number; base: number }[] | null = null;
  const days = new Map<number, SimAnswer>();

  const communities = () => {
    if (scored) return scored;
    const near = new Set(hotspots().map((h) => h.community));
    scored = places.communities
      .filter((c) => c.street.urban && !c.village)
      .map((c) => {
        const h = hash(seed, STREAM, c.index);
        const penalty = near.has(c) ? 4 + 5 * unit(hash(h, 2)) : 0;
        return {
          community: c,
          businesses: Math.max(1, Math.round((12 + 70 * unit(hash(h, 1))) * scale)),
          base: 86 + 9 * unit(h) - penalty,
        };
      });
    return scored;
  };

  return (now: number): SimAnswer => {
    const today = localDayStart(now);
    const hit = days.get(today);
    if (hit) return hit;
    const { month, start } = localMonth(now);
    const dayCount = Math.round((today - start) / DAY) + 1;
    const areas: FrontageArea[] = communities().map(({ community, businesses, base }) => {
      let sum = 0;
      for (let d = 0; d < dayCount; d += 1) {
        const day = Math.round((start + d * DAY) / DAY);
        sum += Math.min(
          100,
          Math.max(40, base + (unit(hash(seed, STREAM, community.index, day)) - 0.5) * 8),
        );
      }
      return {
        community: community.code,
        businesses,
        score: Math.round((sum / dayCount) * 10) / 10,
      };
    });
    return remember(
      days,
      today,
      { status: 200, body: { feed: 'detections', month, updatedAt: today, areas } },
      4,
    );
  };
}

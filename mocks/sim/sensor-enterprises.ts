// Scattered-polluting enterprises (散乱污) under rectification: small workshops in villages and at
// the urban fringe, a static list drawn from the seed (the `sensors/enterprises` endpoint).
import type { Places } from './places';
import { Rng, hash, hashString } from './prng';

const INDUSTRIES = [
  ['metal', '五金加工点'],
  ['plastics', '塑料制品作坊'],
  ['dyeing', '印染作坊'],
  ['furniture', '家具喷涂作坊'],
  ['recycling', '废品回收站'],
  ['stone', '石材加工场'],
  ['chemicals', '小化工作坊'],
  ['food', '食品加工作坊'],
] as const;

/** 整改中 rectifying, 已整改 rectified, 关停取缔 shut down. */
const STATUSES = [
  ['rectifying', 0.5],
  ['rectified', 0.35],
  ['shutdown', 0.15],
] as const;

export interface Enterprise {
  id: string;
  name: string;
  industry: string;
  position: [number, number];
  district: string;
  street: string;
  community: string;
  status: 'rectifying' | 'rectified' | 'shutdown';
  /** When it was listed for rectification (epoch ms). */
  since: number;
}

/** 60 at ×1, more with the scale; the list is computed once. */
export function createEnterprises(places: Places, seed: number, scale: number): () => Enterprise[] {
  let list: Enterprise[] | null = null;
  return () => {
    if (list) return list;
    const key = hashString('enterprises');
    const sampler = places.sampler((c) => (c.village ? 3 : c.street.urban ? 0.5 : 2));
    const rng = new Rng(hash(seed, key));
    const count = Math.max(1, Math.round(60 * scale));
    const base = Date.UTC(2025, 6, 1);
    const counters = new Map<string, number>();
    const out: Enterprise[] = [];
    for (let i = 0; i < count && sampler.size > 0; i += 1) {
      const c = sampler.draw(rng);
      const [industry, label] = INDUSTRIES[Math.floor(rng.next() * INDUSTRIES.length)]!;
      let draw = rng.next();
      let status: Enterprise['status'] = 'rectifying';
      for (const [s, p] of STATUSES) {
        if (draw < p) {
          status = s;
          break;
        }
        draw -= p;
      }
      const n = (counters.get(c.district.code) ?? 0) + 1;
      counters.set(c.district.code, n);
      out.push({
        id: `ENT-${c.district.code}-${String(n).padStart(4, '0')}`,
        name: `${c.short}${label}`,
        industry,
        position: places.scatter(c, hash(seed, key, i)),
        district: c.district.code,
        street: c.street.code,
        community: c.code,
        status,
        since: base + Math.floor(rng.next() * 300) * 86_400_000,
      });
    }
    list = out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return list;
  };
}

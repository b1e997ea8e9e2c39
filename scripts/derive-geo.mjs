// Derives the embedded city's geography under public/geo/<city>/ from the source files
// (see public/geo/fuzhou/SOURCES.md). Deterministic: same sources → byte-identical output.
//   node scripts/derive-geo.mjs [sourceDir]   (default ../shared/geo)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topology } from 'topojson-server';
import { presimplify, simplify as simplifyTopology, quantile } from 'topojson-simplify';
import { feature as topoFeature } from 'topojson-client';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import bbox from '@turf/bbox';
import { pinyin } from 'pinyin-pro';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = resolve(root, process.argv[2] ?? '../shared/geo');
const out = resolve(root, 'public/geo/fuzhou');
mkdirSync(out, { recursive: true });

/** Boundary codes that predate a re-division, mapped to today's code (长乐市 became 长乐区 in 2017). */
const CODE_ALIASES = { 350182: { code: '350112', name: '长乐区' } };

const boundaries = JSON.parse(readFileSync(resolve(src, 'fuzhou-districts.geojson'), 'utf8'));
const divisions = JSON.parse(readFileSync(resolve(src, 'fuzhou-divisions.json'), 'utf8'));

// English names: the stem in pinyin (standard place-name romanisation), the level in English.
const SUFFIXES = [
  ['街道办事处', 'Subdistrict'],
  ['街道', 'Subdistrict'],
  ['居委会', 'Community'],
  ['村委会', 'Village'],
  ['社区', 'Community'],
  ['区', 'District'],
  ['县', 'County'],
  ['市', 'City'],
  ['镇', 'Town'],
  ['乡', 'Township'],
  ['村', 'Village'],
];
export function englishName(name) {
  const [suffix, level] = SUFFIXES.find(([s]) => name.endsWith(s) && name.length > s.length) ?? [
    '',
    '',
  ];
  const stem = name.slice(0, name.length - suffix.length);
  // A syllable starting with a, o or e after another takes an apostrophe: 晋安 → Jin'an.
  const romanised = pinyin(stem, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .map((syllable, i) => (i > 0 && /^[aoe]/.test(syllable) ? `'${syllable}` : syllable))
    .join('');
  const word = romanised.charAt(0).toUpperCase() + romanised.slice(1);
  return level ? `${word} ${level}` : word;
}

const round = (v) => Math.round(v * 1e5) / 1e5;
const roundCoords = (c) =>
  typeof c[0] === 'number' ? [round(c[0]), round(c[1])] : c.map(roundCoords);

// Drops repeated vertices and islets too small to be a polygon, which the simplifier rejects.
function cleanRing(ring) {
  const outRing = ring.filter(
    (c, i) => i === 0 || c[0] !== ring[i - 1][0] || c[1] !== ring[i - 1][1],
  );
  return outRing.length >= 4 ? outRing : null;
}
function cleanPolygon(rings) {
  const cleaned = rings.map(cleanRing);
  return cleaned[0] ? cleaned.filter(Boolean) : null;
}
function cleanFeature(f) {
  const g = f.geometry;
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    .map(cleanPolygon)
    .filter(Boolean);
  return {
    ...f,
    geometry:
      polys.length === 1
        ? { type: 'Polygon', coordinates: polys[0] }
        : { type: 'MultiPolygon', coordinates: polys },
  };
}

// Simplify all districts as one topology so shared borders stay shared: no overlaps, no gaps.
const cleaned = { type: 'FeatureCollection', features: boundaries.features.map(cleanFeature) };
const topo = presimplify(topology({ districts: cleaned }, 1e6));
const simplified = topoFeature(
  simplifyTopology(topo, quantile(topo, 0.12)),
  topo.objects.districts,
);

const features = boundaries.features.map((f, index) => {
  const alias = CODE_ALIASES[f.id];
  const code = alias ? alias.code : String(f.id);
  const simple = simplified.features[index];
  return {
    type: 'Feature',
    id: code,
    properties: {
      code,
      name: alias ? alias.name : f.properties.name,
      nameEn: englishName(alias ? alias.name : f.properties.name),
      sourceCode: String(f.id),
      label: f.properties.cp,
    },
    geometry: { type: simple.geometry.type, coordinates: roundCoords(simple.geometry.coordinates) },
  };
});
const byCode = new Map(features.map((f) => [f.id, f]));

// Street and community positions are not published: place a synthetic anchor for each, spread
// over its district (streets) and its street's share of the district (communities) by k-means
// on seeded samples inside the real polygon.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function samplesIn(feature, n, rand) {
  const [x0, y0, x1, y1] = bbox(feature);
  const others = features.filter((f) => f !== feature);
  const pts = [];
  let guard = 0;
  while (pts.length < n && guard++ < n * 200) {
    const p = [x0 + rand() * (x1 - x0), y0 + rand() * (y1 - y0)];
    if (booleanPointInPolygon(p, feature) && !others.some((o) => booleanPointInPolygon(p, o)))
      pts.push(p);
  }
  return pts;
}
function kmeans(points, k, rand) {
  const centres = [];
  const used = new Set();
  while (centres.length < k) {
    const i = Math.floor(rand() * points.length);
    if (!used.has(i) || used.size >= points.length) {
      used.add(i);
      centres.push([...points[i]]);
    }
  }
  let assign = new Array(points.length).fill(0);
  for (let iter = 0; iter < 12; iter++) {
    assign = points.map((p) => {
      let best = 0;
      let bd = Infinity;
      centres.forEach((c, j) => {
        const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2;
        if (d < bd) {
          bd = d;
          best = j;
        }
      });
      return best;
    });
    const sums = centres.map(() => [0, 0, 0]);
    points.forEach((p, i) => {
      const s = sums[assign[i]];
      s[0] += p[0];
      s[1] += p[1];
      s[2] += 1;
    });
    sums.forEach((s, j) => {
      if (s[2] > 0) centres[j] = [s[0] / s[2], s[1] / s[2]];
    });
  }
  // Snap each centre to its nearest member sample so the anchor lies inside the polygon.
  const snapped = centres.map((c, j) => {
    let best = null;
    let bd = Infinity;
    points.forEach((p, i) => {
      if (assign[i] !== j) return;
      const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2;
      if (d < bd) {
        bd = d;
        best = p;
      }
    });
    return best ?? points[Math.floor(rand() * points.length)];
  });
  return { centres: snapped, assign };
}
const metresPerDeg = 111_320;
function nearestDistanceM(points) {
  return points.map((p, i) => {
    let bd = Infinity;
    points.forEach((q, j) => {
      if (i === j) return;
      const dx = (p[0] - q[0]) * Math.cos((p[1] * Math.PI) / 180);
      const dy = p[1] - q[1];
      bd = Math.min(bd, Math.hypot(dx, dy));
    });
    return Number.isFinite(bd) ? Math.round(bd * metresPerDeg) : 2000;
  });
}

const hierarchy = {
  city: { ...divisions.city, nameEn: englishName(divisions.city.name).replace(/ City$/, '') },
  districts: divisions.districts.map((d) => {
    const feature = byCode.get(d.code);
    if (!feature) throw new Error(`no boundary for district ${d.code}`);
    const rand = mulberry32(Number(d.code));
    const pts = samplesIn(feature, Math.max(600, d.streets.length * 60), rand);
    const streetsKm = kmeans(pts, d.streets.length, rand);
    const streetR = nearestDistanceM(streetsKm.centres);
    return {
      code: d.code,
      name: d.name,
      nameEn: englishName(d.name),
      bbox: bbox(feature).map(round),
      streets: d.streets.map((s, si) => {
        let members = pts.filter((_, i) => streetsKm.assign[i] === si);
        if (members.length < s.communities.length) members = [streetsKm.centres[si]];
        const k = Math.min(s.communities.length, members.length);
        const cKm = kmeans(members, k, rand);
        const anchors = s.communities.map((_, ci) => cKm.centres[ci % k]);
        const cR = nearestDistanceM(anchors);
        return {
          code: s.code,
          name: s.name,
          nameEn: englishName(s.name),
          anchor: roundCoords(streetsKm.centres[si]),
          radius: Math.max(300, Math.min(streetR[si] / 2, 8000)),
          communities: s.communities.map((c, ci) => ({
            code: c.code,
            name: c.name,
            nameEn: englishName(c.name),
            anchor: roundCoords(anchors[ci]),
            radius: Math.max(150, Math.min(cR[ci] / 2, 3000)),
          })),
        };
      }),
    };
  }),
};

writeFileSync(
  resolve(out, 'districts.geojson'),
  JSON.stringify({ type: 'FeatureCollection', features }),
);
writeFileSync(resolve(out, 'divisions.json'), JSON.stringify(hierarchy));
writeFileSync(
  resolve(out, 'SOURCES.md'),
  readFileSync(resolve(src, 'SOURCES.md'), 'utf8') +
    `\n## Derived here (scripts/derive-geo.mjs)\n\n` +
    `- districts.geojson: the 13 boundaries simplified together as one topology (shared borders stay shared),\n` +
    `  coordinates rounded to 1e-5°; the\n` +
    `  old 长乐市 350182 feature carries today's code 350112 (长乐区), its source code kept in \`sourceCode\`.\n` +
    `- divisions.json: the hierarchy unchanged, plus \`nameEn\` (pinyin of the name with its level in English)\n` +
    `  and a synthetic \`anchor\` point and \`radius\` (m) for every\n` +
    `  street and community. Their real positions are not published: anchors are spread over the real district\n` +
    `  polygon by seeded k-means, so they are plausible, not surveyed.\n`,
);
console.log(
  `wrote ${features.length} districts, ${hierarchy.districts.reduce((a, d) => a + d.streets.length, 0)} streets to ${out}`,
);

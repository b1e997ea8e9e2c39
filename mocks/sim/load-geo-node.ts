// Node-only helper for tests and scripts: reads a city's derived geography from public/geo.
// The simulator itself never touches the file system.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeoBundle } from '../../src/geo/geo-data';

export function loadGeo(dir = join(process.cwd(), 'public/geo/fuzhou')): GeoBundle {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  // The derived files are checked by the app's loader; here they are trusted as they are.
  return { boundaries: read('districts.geojson'), divisions: read('divisions.json') } as GeoBundle;
}

// Node-only helper for tests and scripts: reads a city's derived geography from public/geo.
// The simulator itself never touches the file system.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeoBundle } from '../../src/geo/geo-data';

/**
 * `loadGeo()` is Fuzhou; `loadGeo('zhangzhou')` a city folder under public/geo; anything with a
 * slash a directory holding districts.geojson and divisions.json.
 */
export function loadGeo(dir = join(process.cwd(), 'public/geo/fuzhou')): GeoBundle {
  const folder = /[\\/]/.test(dir) ? dir : join(process.cwd(), 'public/geo', dir);
  const read = (name: string): unknown => JSON.parse(readFileSync(join(folder, name), 'utf8'));
  // The derived files are checked by the app's loader; here they are trusted as they are.
  return { boundaries: read('districts.geojson'), divisions: read('divisions.json') } as GeoBundle;
}

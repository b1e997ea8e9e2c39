// The detections source's optional endpoints (docs/api.md): `series` (history per H3 cell and
// bin), `cameras` (each camera's status) and `frontage` (门前三包 scores). Registered in city.ts.
import { createDetectionHistory } from './detection-history';
import { createFrontage } from './detection-frontage';
import type { DetectionWorld } from './detections';
import type { Places } from './places';
import type { SimEndpoint } from './types';

export function createDetectionEndpoints(
  places: Places,
  seed: number,
  scale: number,
  world: DetectionWorld,
): SimEndpoint {
  const series = createDetectionHistory(world);
  const frontage = createFrontage(places, seed, scale, world.hotspots);
  return (path, params, t) => {
    if (path === 'series') return series(params, t);
    if (path === 'frontage') return frontage(t);
    if (path === 'cameras')
      return {
        status: 200,
        body: {
          feed: 'detections',
          generatedAt: t,
          cameras: world.cameras().map((c) => {
            const since = world.cameraStatus.offlineSince(c, t);
            return {
              id: c.id,
              position: c.position,
              district: c.community.district.code,
              street: c.community.street.code,
              community: c.community.code,
              hotspot: c.hotspot ? c.hotspot.id : null,
              status: since === null ? 'online' : 'offline',
              since,
            };
          }),
        },
      };
    return null;
  };
}

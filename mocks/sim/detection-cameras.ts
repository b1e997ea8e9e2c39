// Scenario 4: whether each camera is online. Two kinds of outage, both pure functions of the seed
// and the time: a camera on its own (a 6-hour window, about 1.2 % of them), and a street's cameras
// together (a network or power fault of 40–120 minutes that takes most of a street's cameras down,
// a few times a day across the city). An offline camera detects nothing.
import type { Street } from './places';
import { HOUR, MINUTE } from './clock';
import { hash, hashString, unit } from './prng';

/** What the status model needs of a camera. */
export interface CameraLike {
  index: number;
  id: string;
  community: { street: Street };
}

/** One camera's own outage: per 6-hour window (phased per camera), this chance. */
const SOLO_WINDOW = 6 * HOUR;
const SOLO_SHARE = 0.012;
/** A street's cluster outage: per 4-hour block, this chance per street with enough cameras. */
const CLUSTER_BLOCK = 4 * HOUR;
const CLUSTER_CHANCE = 0.008;
/** Streets with fewer cameras have no cluster outages (there is no cluster to lose). */
export const CLUSTER_MIN_CAMERAS = 3;
/** Share of the street's cameras a cluster outage takes down. */
const CLUSTER_REACH = 0.85;

const SOLO = hashString('camera-outage');
const CLUSTER = hashString('camera-cluster-outage');

export interface ClusterOutage {
  street: Street;
  start: number;
  end: number;
}

export interface CameraStatus {
  /** When the camera went offline, if it is offline at t; null when online. */
  offlineSince(camera: CameraLike, t: number): number | null;
  /** The street's cluster outage covering t, if any. */
  clusterAt(street: Street, t: number): ClusterOutage | null;
}

export function createCameraStatus(
  seed: number,
  cameras: () => readonly CameraLike[],
): CameraStatus {
  let perStreet: Map<Street, number> | null = null;
  const camerasOn = (street: Street): number => {
    if (!perStreet) {
      perStreet = new Map();
      for (const c of cameras())
        perStreet.set(c.community.street, (perStreet.get(c.community.street) ?? 0) + 1);
    }
    return perStreet.get(street) ?? 0;
  };

  const clusterAt = (street: Street, t: number): ClusterOutage | null => {
    if (camerasOn(street) < CLUSTER_MIN_CAMERAS) return null;
    const block = Math.floor(t / CLUSTER_BLOCK);
    const h = hash(seed, CLUSTER, street.index, block);
    if (unit(h) >= CLUSTER_CHANCE) return null;
    // Starts in the block's first two hours and lasts 40–120 minutes: it ends within the block.
    const start = block * CLUSTER_BLOCK + Math.floor(unit(hash(h, 1)) * 2 * HOUR);
    const end = start + Math.round((40 + 80 * unit(hash(h, 2))) * MINUTE);
    return t >= start && t < end ? { street, start, end } : null;
  };

  return {
    clusterAt,
    offlineSince(camera, t) {
      let since: number | null = null;
      const phase = hash(seed, SOLO, camera.index) % SOLO_WINDOW;
      const window = Math.floor((t + phase) / SOLO_WINDOW);
      if (unit(hash(seed, SOLO, camera.index, window)) < SOLO_SHARE)
        since = window * SOLO_WINDOW - phase;
      const street = camera.community.street;
      const cluster = clusterAt(street, t);
      if (
        cluster &&
        unit(hash(seed, CLUSTER, street.index, Math.floor(t / CLUSTER_BLOCK), camera.index + 1)) <
          CLUSTER_REACH
      )
        since = since === null ? cluster.start : Math.min(since, cluster.start);
      return since;
    },
  };
}

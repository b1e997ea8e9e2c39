// The simulated city: a deterministic function of (options, triggered incidents, t) per feed.
import type { FeedName } from '../../src/domain/common';
import type { FeedItems } from '../../src/domain/feeds';
import { createDetectionEndpoints } from './detection-endpoints';
import { createDetectionWorld } from './detections';
import { createIncidentBook } from './incidents';
import { createPlaces } from './places';
import { createSensorWorld } from './sensors';
import { createSignalWorld } from './signals';
import { createTicketWorld } from './tickets';
import type { CityOptions, IncidentSpec, SimCity } from './types';

export function createCity(options: CityOptions): SimCity {
  if (!Number.isFinite(options.seed)) throw new RangeError('seed must be a finite number');
  if (!(options.scale > 0) || !Number.isFinite(options.scale)) {
    throw new RangeError(`scale must be a positive number, got ${options.scale}`);
  }
  const seed = Math.floor(Math.abs(options.seed)) % 4_294_967_296;
  const scale = options.scale;
  const places = createPlaces(options.geo);
  const book = createIncidentBook(
    places,
    seed,
    options.incidents ?? [],
    options.incidentLoop ?? false,
  );
  const detections = createDetectionWorld(places, seed, scale, book);
  const tickets = createTicketWorld(
    places,
    options.geo.divisions.city.name,
    seed,
    scale,
    options.hostileText ?? false,
    book,
    detections,
    options.ticketCatalog,
  );
  const signals = createSignalWorld(places, seed, scale, book);
  const sensors = createSensorWorld(places, seed, scale, book);

  const feeds: { [F in FeedName]: (t: number) => FeedItems[F][] } = {
    tickets: (t) => tickets.snapshot(t),
    signals: (t) => signals.snapshot(t),
    sensors: (t) => sensors.snapshot(t),
    detections: (t) => detections.snapshot(t),
  };

  return {
    options,
    snapshot<F extends FeedName>(feed: F, t: number): FeedItems[F][] {
      if (!Number.isFinite(t) || t < 0) throw new RangeError(`t must be epoch ms, got ${t}`);
      const run = feeds[feed] as (t: number) => FeedItems[F][];
      return run(Math.floor(t));
    },
    trigger(spec: IncidentSpec) {
      book.add(spec);
    },
    signalData: signals,
    // Optional endpoints of the other feeds' sources, one line per feed that has some.
    endpoints: {
      detections: createDetectionEndpoints(places, seed, scale, detections),
      sensors: sensors.endpoint,
    },
    activeIncidents(t: number): IncidentSpec[] {
      return book.active(t).map(({ kind, start, place }) => ({ kind, start, place }));
    },
  };
}

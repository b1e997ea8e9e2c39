import type * as z from 'zod/mini';
import type { FeedName } from './common';
import { detectionSchema, type Detection } from './detection';
import { sensorSchema, type SensorReading } from './sensor';
import { signalSchema, type SignalState } from './signal';
import { ticketSchema, type Ticket } from './ticket';

/** The item type of each feed. */
export interface FeedItems {
  tickets: Ticket;
  signals: SignalState;
  sensors: SensorReading;
  detections: Detection;
}

export const feedItemSchemas: { [F in FeedName]: z.ZodMiniType<FeedItems[F]> } = {
  tickets: ticketSchema,
  signals: signalSchema,
  sensors: sensorSchema,
  detections: detectionSchema,
};

/** Full snapshot on the native contract: `GET {base}/{feed}`. */
export interface SnapshotPayload<T = unknown> {
  feed: FeedName;
  version: number;
  generatedAt: number;
  items: T[];
}

/** Delta on the native contract: `GET {base}/{feed}?since={version}`. */
export interface DeltaPayload<T = unknown> {
  feed: FeedName;
  version: number;
  since: number;
  generatedAt: number;
  upserts: T[];
  removed: string[];
}

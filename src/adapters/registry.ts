import type { FeedAdapterFactory } from './feed-adapter';
import { createNativeRestAdapter } from './native-rest/native-rest-adapter';
import { createNgsiLdAdapter } from './ngsi-ld/ngsi-ld-adapter';
import { createOpen311Adapter } from './open311/open311-adapter';
import { createSensorThingsAdapter } from './sensorthings/sensorthings-adapter';

/**
 * Adapter kinds a feed's `adapter` field may name. Adding a kind: one line here. Without a
 * prototype, so a kind such as `constructor` or `toString` names nothing.
 */
export const adapterRegistry: Readonly<Record<string, FeedAdapterFactory | undefined>> =
  Object.assign(Object.create(null) as Record<string, FeedAdapterFactory>, {
    'native-rest': createNativeRestAdapter,
    'ngsi-ld': createNgsiLdAdapter,
    open311: createOpen311Adapter,
    sensorthings: createSensorThingsAdapter,
  });

export const adapterKinds = (): string[] => Object.keys(adapterRegistry);

import type { FeedAdapterFactory } from './feed-adapter';
import { createNativeRestAdapter } from './native-rest/native-rest-adapter';

/** Adapter kinds a feed's `adapter` field may name. Adding a kind: one line here. */
export const adapterRegistry: Readonly<Record<string, FeedAdapterFactory>> = {
  'native-rest': createNativeRestAdapter,
};

export const adapterKinds = (): string[] => Object.keys(adapterRegistry);

/**
 * The adapter kinds a feed's `adapter` may name, without their code: the page checks the config
 * against this list at start-up, and only the feed worker loads the adapters themselves.
 * Keep in step with `registry.ts` (a test checks).
 */
export const ADAPTER_KINDS: readonly string[] = [
  'native-rest',
  'ngsi-ld',
  'open311',
  'sensorthings',
];

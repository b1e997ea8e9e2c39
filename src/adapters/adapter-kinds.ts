import type * as z from 'zod/mini';
import { ngsiLdOptionsSchema } from './ngsi-ld/ngsi-ld-options';
import { open311OptionsSchema } from './open311/open311-options';
import { sensorThingsOptionsSchema } from './sensorthings/sensorthings-options';

/**
 * The adapter kinds a feed's `adapter` may name, each with the schema of its options (null: it
 * takes none), without their code: the page checks the config against them at start-up, and only
 * the feed worker loads the adapters themselves. Keep in step with `registry.ts` (a test checks).
 * Without a prototype, so a kind such as `constructor` names nothing.
 */
export const ADAPTER_OPTIONS: Readonly<Record<string, z.ZodMiniType | null | undefined>> =
  Object.assign(Object.create(null) as Record<string, z.ZodMiniType | null>, {
    'native-rest': null,
    'ngsi-ld': ngsiLdOptionsSchema,
    open311: open311OptionsSchema,
    sensorthings: sensorThingsOptionsSchema,
  });

export const ADAPTER_KINDS: readonly string[] = Object.keys(ADAPTER_OPTIONS);

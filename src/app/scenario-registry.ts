import type { ScenarioDescriptor } from '@/state/scenario';
import { pickScenarioModules } from './scenario-ids';

const modules = import.meta.glob<{ scenario: ScenarioDescriptor }>('../features/*/scenario.tsx', {
  eager: true,
});

/** Every scenario's page descriptor, in registry order. */
export const scenarios: readonly ScenarioDescriptor[] = pickScenarioModules(
  modules,
  'scenario.tsx',
).map((m) => m.scenario);

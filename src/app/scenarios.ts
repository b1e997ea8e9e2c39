import type { ScenarioDescriptor } from '@/state/scenario';
import { ticketsScenario } from '@/features/tickets/tickets-scenario';

/** Every governance scenario, in the order the app and the wall carousel show them. */
export const scenarios: readonly ScenarioDescriptor[] = [ticketsScenario];

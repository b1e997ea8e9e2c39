// What the tickets scenario registers in the feed worker.
import { sanitizeTicket } from '@/domain/personal-data';
import { defineScenarioWorker } from '@/feeds/scenario-worker';
import { overdueSurgeRule, urgentOverdueRule } from './alarm-rules';
import { ticketOverviewView, ticketSummaryView } from './ticket-view';

export const scenarioWorker = defineScenarioWorker({
  id: 'tickets',
  views: [ticketOverviewView, ticketSummaryView],
  sanitizers: { tickets: sanitizeTicket },
  alarmRules: [overdueSurgeRule, urgentOverdueRule],
});

// What the traffic scenario registers in the feed worker.
import { defineScenarioWorker } from '@/feeds/scenario-worker';
import { controllerFaultRule, severeCongestionRule } from './alarm-rules';
import {
  trafficIntersectionView,
  trafficOverviewView,
  trafficSummaryView,
} from './view-definitions';

export const scenarioWorker = defineScenarioWorker({
  id: 'traffic',
  views: [trafficOverviewView, trafficSummaryView, trafficIntersectionView],
  alarmRules: [controllerFaultRule, severeCongestionRule],
});

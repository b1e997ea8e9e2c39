// What the environment scenario registers in the feed worker.
import { defineScenarioWorker } from '@/feeds/scenario-worker';
import { ENVIRONMENT_ALARM_RULES } from './alarm-rules';
import { environmentOverviewView, environmentSummaryView } from './environment-view';
import { environmentSensorView } from './sensor-detail';
import { environmentSurfaceView } from './surface';

export const scenarioWorker = defineScenarioWorker({
  id: 'environment',
  views: [
    environmentOverviewView,
    environmentSurfaceView,
    environmentSummaryView,
    environmentSensorView,
  ],
  alarmRules: ENVIRONMENT_ALARM_RULES,
});

/// <reference lib="webworker" />
// The feed worker: adapters, feed stores, views and alarms run here, off the main thread. Each
// scenario registers its views, personal-data rules and alarm rules from its own folder.
import { startFeedWorker } from '@/feeds/worker-host';
import type { ScenarioWorker } from '@/feeds/scenario-worker';
import { pickScenarioModules } from './scenario-ids';

const modules = import.meta.glob<{ scenarioWorker: ScenarioWorker }>('../features/*/worker.ts', {
  eager: true,
});

startFeedWorker(
  self as unknown as Parameters<typeof startFeedWorker>[0],
  pickScenarioModules(modules, 'worker.ts').map((m) => m.scenarioWorker),
);

/// <reference lib="webworker" />
// The sim worker (demo mode): the simulated city, its clock and the feed server run here, off the
// page's main thread. The page's MSW handlers forward requests to it (sim-bridge.ts).
import { hostSim } from './sim-host';
import type { FromSim, SimPort, ToSim } from './sim-protocol';

hostSim(self as unknown as SimPort<ToSim, FromSim>);

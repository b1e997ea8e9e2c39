// The simulated city's HTTP server in a process of its own (tests/bench/lib/sim-process.ts starts
// it): its CPU time and heap are then not the measuring process's. Options come as JSON in argv[2];
// over IPC it answers `stats` (the requests served since the last `reset`, and its heap) and
// `close`.
import { startSimServer, type ServedRequest } from '../../../mocks/server/serve';
import type { SimChildMessage, SimChildOptions, SimChildReply } from './sim-process';

const options = JSON.parse(process.argv[2] ?? '{}') as SimChildOptions;
const served: ServedRequest[] = [];
const t0 = performance.now();
const server = await startSimServer({
  port: 0,
  scale: options.scale,
  start: options.start,
  speed: options.speed,
  paused: options.paused,
  incidents: false,
  onServed: (request) => served.push(request),
});

const reply = (message: SimChildReply): void => {
  process.send?.(message);
};

reply({
  type: 'ready',
  url: server.url,
  origin: server.origin,
  startMs: performance.now() - t0,
  version: server.feeds.version(),
});

process.on('message', (message: SimChildMessage) => {
  switch (message.type) {
    case 'stats':
      reply({
        type: 'stats',
        served: served.slice(),
        heapMb: Math.round(process.memoryUsage().heapUsed / 1e5) / 10,
        rssMb: Math.round(process.memoryUsage().rss / 1e5) / 10,
        version: server.feeds.version(),
      });
      break;
    case 'reset':
      served.length = 0;
      reply({ type: 'reset' });
      break;
    case 'close':
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
      break;
  }
});
process.on('disconnect', () => process.exit(0));

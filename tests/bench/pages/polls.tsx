// Bench 3: polls that bring nothing new must cost nothing downstream. The real feed worker and
// client, TanStack Query with the app's defaults and hooks, the real MapView (maplibre + deck
// overlay) and the real EChart host; counted: React commits of the data subtree (Profiler), deck
// attribute updates (deck's debug hook), ECharts setOption calls. `?mode=naive` hands out a new
// object every poll, as a client without revision tracking would.
import { Profiler, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { parseConfig, type AppConfig } from '@/config/config-schema';
import { EChart } from '@/charts/echart';
import { echarts, type ChartOption } from '@/charts/echarts-setup';
import type { FeedClient } from '@/feeds/feed-client';
import { createQueryClient } from '@/feeds/query-client';
import { useViewData } from '@/feeds/use-view';
import type { PointColumns } from '@/feeds/point-columns';
import { parseGeoBundle } from '@/geo/geo-data';
import { createGeoIndex } from '@/geo/geo-index';
import { MapView } from '@/map/map-view';
import { RuntimeProvider, type Runtime } from '@/state/runtime';
import { SENSOR_POINTS, SENSORS_CONFIG, startSensorClient } from './shared/bench-worker';
import { installDeckCounters, type DeckCounters } from './shared/deck-counters';
import { binarySensorLayer } from './shared/sensor-layers';

export interface PollCounters {
  polls: number;
  commits: number;
  setOption: number;
  /** Distinct view objects the client handed out. */
  viewObjects: number;
  deck: DeckCounters;
}

export interface PollsBench {
  ready: boolean;
  counters(): PollCounters;
  reset(): void;
}

const POLL_MS = Number(new URLSearchParams(location.search).get('pollMs') ?? '10');
const NAIVE = new URLSearchParams(location.search).get('mode') === 'naive';
const PARAMS = { area: null };

const config: AppConfig = {
  city: {
    name: 'Fuzhou',
    code: '350100',
    boundaries: 'geo/fuzhou/districts.geojson',
    divisions: 'geo/fuzhou/divisions.json',
    timeZone: 'Asia/Shanghai',
    map: { center: [119.35, 26.0], zoom: 8.6, minZoom: 6, maxZoom: 17 },
  },
  // The bench's only departure from a real config: a poll interval below the schema's 500 ms
  // minimum, so that 1,000 polls take seconds.
  feeds: { sensors: { ...SENSORS_CONFIG, pollIntervalMs: POLL_MS } },
  language: 'en',
  display: { profile: 'desktop' },
  scenarios: {},
  wall: parseConfig({
    city: {
      name: 'x',
      code: '350100',
      boundaries: 'b',
      divisions: 'd',
      map: { center: [0, 0], zoom: 1 },
    },
    feeds: {},
  }).wall,
};

const deckCounters = installDeckCounters();
let polls = 0;
let commits = 0;
let setOption = 0;
const views = new WeakSet<object>();
let viewObjects = 0;
let firstView = false;
let mapLoaded = false;

// Count setOption on every ECharts instance: wrap the shared prototype once.
{
  const probe = document.createElement('div');
  probe.style.cssText = 'width:10px;height:10px';
  document.body.append(probe);
  const instance = echarts.init(probe);
  const proto = Object.getPrototypeOf(instance) as { setOption: (...args: unknown[]) => unknown };
  const original = proto.setOption;
  proto.setOption = function (this: unknown, ...args: unknown[]) {
    setOption += 1;
    return original.apply(this, args);
  };
  instance.dispose();
  probe.remove();
}

let copies = 0;
/** What a client without revisions hands out: new arrays every poll, nothing to recognise. */
function fresh(view: PointColumns): PointColumns {
  copies += 1;
  return {
    ...view,
    positions: view.positions.slice(),
    status: view.status.slice(),
    counts: { ...view.counts },
    layoutKey: `copy-${copies}`,
    statusKey: `copy-${copies}`,
  };
}

function countingClient(client: FeedClient): FeedClient {
  return {
    ...client,
    async view<V>(...args: Parameters<FeedClient['view']>) {
      const envelope = await client.view<V>(...args);
      polls += 1;
      const handed = NAIVE
        ? { ...envelope, view: fresh(envelope.view as PointColumns) as V }
        : envelope;
      if (!views.has(handed.view as object)) {
        views.add(handed.view as object);
        viewObjects += 1;
      }
      firstView = true;
      return handed;
    },
  };
}

const STATUS_ORDER = ['normal', 'warning', 'alarm', 'offline'];

function countsOption(view: PointColumns | undefined): ChartOption {
  return {
    animation: false,
    grid: { left: 60, right: 10, top: 10, bottom: 30 },
    xAxis: { type: 'category', data: STATUS_ORDER },
    yAxis: { type: 'value' },
    series: [
      {
        id: 'counts',
        type: 'bar',
        data: STATUS_ORDER.map((s) => view?.counts[s] ?? 0),
      },
    ],
  };
}

function SensorMap({ runtime }: { runtime: Runtime }) {
  const view = useViewData<PointColumns>(SENSOR_POINTS, PARAMS);
  const layers = useMemo(() => [binarySensorLayer(view)], [view]);
  const { map } = runtime.config.city;
  return (
    <MapView
      boundaries={runtime.geo.boundaries}
      center={map.center}
      zoom={map.zoom}
      minZoom={map.minZoom}
      maxZoom={map.maxZoom}
      layers={layers}
      selectedDistrict={null}
      focus={null}
      onLoad={onMapLoad}
      label="sensors"
    />
  );
}

function onMapLoad() {
  mapLoaded = true;
}

function SensorChart() {
  const view = useViewData<PointColumns>(SENSOR_POINTS, PARAMS);
  const option = useMemo(() => countsOption(view), [view]);
  return <EChart option={option} label="sensors by status" testId="counts" />;
}

async function main() {
  const read = async (path: string) => (await fetch(`/${path}`)).json() as Promise<unknown>;
  const geo = parseGeoBundle(await read(config.city.boundaries), await read(config.city.divisions));
  const client = countingClient(await startSensorClient(POLL_MS));
  const runtime: Runtime = {
    config,
    geo: createGeoIndex(geo),
    feeds: client,
    demo: false,
    profile: 'desktop',
    acknowledge: () => undefined,
    settings: new Map(),
  };
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <QueryClientProvider client={createQueryClient()}>
      <RuntimeProvider runtime={runtime}>
        <Profiler id="data" onRender={() => (commits += 1)}>
          <SensorMap runtime={runtime} />
          <SensorChart />
        </Profiler>
      </RuntimeProvider>
    </QueryClientProvider>,
  );
}

const bench: PollsBench = {
  get ready() {
    return firstView && mapLoaded;
  },
  counters: () => ({
    polls,
    commits,
    setOption,
    viewObjects,
    deck: structuredClone(deckCounters),
  }),
  reset() {
    polls = 0;
    commits = 0;
    setOption = 0;
    viewObjects = 0;
    deckCounters.attributeUpdates = {};
    deckCounters.attributeUpdatesTotal = 0;
    deckCounters.glUploads = 0;
    deckCounters.glUploadBytes = 0;
  },
};
(window as unknown as { bench: PollsBench }).bench = bench;

void main();

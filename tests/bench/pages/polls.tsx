// Bench 3: polls that bring nothing new must cost nothing downstream. The product: the real feed
// worker and client, the environment scenario's view, TanStack Query with the app's defaults and
// hooks, the scenario's own layer and chart builders, the real MapView (maplibre + deck overlay)
// and EChart host. `?mode=naive` is the baseline a good developer would write without our design:
// TanStack Query with its defaults (structural sharing on) polling the feed's JSON, accessors over
// the readings, the same hosts. Counted: React commits of the data subtree (Profiler), deck
// attribute updates (deck's debug hook), bytes given to WebGL, ECharts setOption calls.
import type { Layer } from '@deck.gl/core';
import { Profiler, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { parseConfig, type AppConfig } from '@/config/config-schema';
import { EChart } from '@/charts/echart';
import { echarts, type ChartOption } from '@/charts/echarts-setup';
import type { SensorReading } from '@/domain/sensor';
import type { FeedClient } from '@/feeds/feed-client';
import { createQueryClient } from '@/feeds/query-client';
import { useViewData } from '@/feeds/use-view';
import type { EnvironmentView } from '@/features/environment/environment-view';
import { buildChildrenOption } from '@/features/environment/options';
import { parseGeoBundle } from '@/geo/geo-data';
import { createGeoIndex } from '@/geo/geo-index';
import { MapView } from '@/map/map-view';
import { RuntimeProvider, type Runtime } from '@/state/runtime';
import { SENSOR_VIEW, SENSORS_CONFIG, startSensorClient } from './shared/bench-worker';
import { installDeckCounters, type DeckCounters } from './shared/deck-counters';
import { baselineSensorLayers, productSensorLayers } from './shared/scenario-layers';

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

function countingClient(client: FeedClient): FeedClient {
  return {
    ...client,
    async view<V>(...args: Parameters<FeedClient['view']>) {
      const envelope = await client.view<V>(...args);
      polls += 1;
      seen(envelope.view);
      return envelope;
    },
  };
}

function seen(view: unknown) {
  if (!views.has(view as object)) {
    views.add(view as object);
    viewObjects += 1;
  }
  firstView = true;
}

const LABELS = {
  aqi: 'AQI',
  level: (level: number | null) => String(level ?? '—'),
  pollutant: (p: string) => p,
};

function PipelineMap({ runtime }: { runtime: Runtime }) {
  const view = useViewData<EnvironmentView>(SENSOR_VIEW, PARAMS);
  const layers = useMemo(() => productSensorLayers(view), [view]);
  return <SensorMapView runtime={runtime} layers={layers} />;
}

function PipelineChart({ runtime }: { runtime: Runtime }) {
  const view = useViewData<EnvironmentView>(SENSOR_VIEW, PARAMS);
  const option = useMemo(
    () =>
      buildChildrenOption(
        view?.air.children ?? [],
        (key) => runtime.geo.area(key)?.name ?? key,
        LABELS,
      ).option,
    [view, runtime],
  );
  return <EChart option={option} label="air by district" testId="children" />;
}

const SENSORS_URL = '/api/v1/sensors';
interface Snapshot {
  version: number;
  items: SensorReading[];
}

/** The baseline's query: the feed's JSON, every poll, TanStack Query's defaults otherwise. */
function useSensors(): SensorReading[] | undefined {
  const { data } = useQuery({
    queryKey: ['sensors'],
    queryFn: async ({ signal }) => {
      const body = (await (await fetch(SENSORS_URL, { signal })).json()) as Snapshot;
      polls += 1;
      return body;
    },
    refetchInterval: POLL_MS,
  });
  if (data) seen(data);
  return data?.items;
}

const STATUS_ORDER = ['normal', 'warning', 'alarm', 'offline'] as const;

function BaselineMap({ runtime }: { runtime: Runtime }) {
  const items = useSensors();
  const layers = useMemo(() => baselineSensorLayers(items ?? []), [items]);
  return <SensorMapView runtime={runtime} layers={layers} />;
}

function BaselineChart() {
  const items = useSensors();
  const option = useMemo((): ChartOption => {
    const counts = new Map<string, number>();
    for (const r of items ?? []) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    return {
      animation: false,
      grid: { left: 60, right: 10, top: 10, bottom: 30 },
      xAxis: { type: 'category', data: [...STATUS_ORDER] },
      yAxis: { type: 'value' },
      series: [{ id: 'counts', type: 'bar', data: STATUS_ORDER.map((s) => counts.get(s) ?? 0) }],
    };
  }, [items]);
  return <EChart option={option} label="sensors by status" testId="counts" />;
}

function SensorMapView({ runtime, layers }: { runtime: Runtime; layers: Layer[] }) {
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

async function main() {
  const read = async (path: string) => (await fetch(`/${path}`)).json() as Promise<unknown>;
  const geo = parseGeoBundle(await read(config.city.boundaries), await read(config.city.divisions));
  const client = NAIVE ? null : countingClient(await startSensorClient(POLL_MS));
  const runtime: Runtime = {
    config,
    geo: createGeoIndex(geo),
    // The baseline never asks the worker (nothing is configured for it to poll either way).
    feeds: client ?? (null as unknown as FeedClient),
    demo: false,
    profile: 'desktop',
    acknowledge: () => undefined,
    settings: new Map(),
  };
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <QueryClientProvider client={NAIVE ? new QueryClient() : createQueryClient()}>
      <RuntimeProvider runtime={runtime}>
        <Profiler id="data" onRender={() => (commits += 1)}>
          {NAIVE ? <BaselineMap runtime={runtime} /> : <PipelineMap runtime={runtime} />}
          {NAIVE ? <BaselineChart /> : <PipelineChart runtime={runtime} />}
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

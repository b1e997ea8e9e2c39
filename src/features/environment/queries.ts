import { useView } from '@/feeds/use-view';
import type { EnvironmentSummary, EnvironmentView } from './environment-view';
import type { SensorDetail } from './sensor-detail';
import type { Surface } from './surface';
import {
  ENVIRONMENT_OVERVIEW,
  ENVIRONMENT_SENSOR,
  ENVIRONMENT_SUMMARY,
  ENVIRONMENT_SURFACE,
} from './views';

const paramsOf = (area: string | null) => ({ area });

/** The environment view of an area: one worker-built object per data revision and time boundary. */
export const useEnvironmentView = (area: string | null, enabled = true) =>
  useView<EnvironmentView>(ENVIRONMENT_OVERVIEW, paramsOf(area), enabled)?.view;

/** The interpolated AQI surface of an area. */
export const useEnvironmentSurface = (area: string | null, enabled = true) =>
  useView<Surface>(ENVIRONMENT_SURFACE, paramsOf(area), enabled)?.view;

/** The overview's summary of the environment of an area. */
export const useEnvironmentSummary = (area: string | null, enabled = true) =>
  useView<EnvironmentSummary>(ENVIRONMENT_SUMMARY, paramsOf(area), enabled)?.view;

/** One sensor for the drawer. */
export const useSensorDetail = (id: string | null) =>
  useView<SensorDetail>(ENVIRONMENT_SENSOR, { id: id ?? '' }, id !== null)?.view;

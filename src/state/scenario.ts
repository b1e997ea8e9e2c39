import type { ComponentType } from 'react';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { FeedName } from '@/domain/common';

export interface ScenarioProps {
  /** The selected area: division code or grid cell; null = the whole city. */
  area: string | null;
}

/**
 * How much a scenario draws on the shared map: `full` on its own screen, `summary` on the
 * overview (one light layer per scenario), `off` elsewhere.
 */
export type MapMode = 'full' | 'summary' | 'off';

/** What a scenario puts on the shared map for the current area. */
export interface ScenarioMap {
  layers: Layer[];
  /** The scenario's data for the area has arrived (its layers carry data). */
  ready: boolean;
  /** Where the area's entities are: the map fits streets and communities to it. */
  extent: [number, number, number, number] | null;
  /** Handles a click on one of its objects; returns whether it did. */
  onPick(info: PickingInfo): boolean;
}

/** A scenario's strings, in every language the app speaks, under its own namespace (its id). */
export interface ScenarioMessages {
  'zh-CN': Record<string, unknown>;
  en: Record<string, unknown>;
}

export interface DrawerProps {
  id: string;
  onClose: () => void;
}

/**
 * One governance scenario, as the page sees it. Exported as `scenario` from
 * `src/features/<id>/scenario.tsx`; the app, the overview and the wall read the registry of these
 * (`src/app/scenario-ids.ts`). Adding a scenario touches its own folder and one registry line.
 */
export interface ScenarioDescriptor {
  /** Its folder's name and i18n namespace. */
  id: string;
  /** Route of its full screen, e.g. `/tickets`. */
  path: string;
  /** i18n key of its title. */
  titleKey: string;
  /** Feeds it cannot work without: when one is missing from config.json its tile says so. */
  feeds: readonly FeedName[];
  messages: ScenarioMessages;
  /** Layers for the shared map; called on every render in registry order. */
  useMap(area: string | null, mode: MapMode): ScenarioMap;
  /** Above the map. */
  Kpis: ComponentType<ScenarioProps>;
  /** Left and right columns of its screen. */
  Left: ComponentType<ScenarioProps>;
  Right: ComponentType<ScenarioProps>;
  /** Its tile on the overview: headline figures and state. */
  Tile: ComponentType<ScenarioProps>;
  /**
   * One headline for the wall's title bar, read from across the room on every slide (the city's
   * AQI): short, labelled, status in colour, shape and word. Optional.
   */
  Chip?: ComponentType<ScenarioProps>;
  /** Entities of these feeds open in its drawer (`?select=<feed>:<id>`). */
  drawers?: Partial<Record<FeedName, ComponentType<DrawerProps>>>;
  /**
   * Validates its section of config.json (`scenarios.<id>`, absent → defaults) with
   * `parseScenarioSettings`; the result reaches its views (`ctx.settings`) and panels
   * (`useScenarioSettings`). Throws (or rejects with) a ConfigError naming the field. A section
   * may name files on this origin (a catalogue, a table): `load.json` fetches them before the app
   * starts. The result crosses to the feed worker: plain data.
   */
  settings?: (raw: unknown, load: SettingsLoader) => unknown;
}

/** What a scenario's settings may load at start-up, besides its section of config.json. */
export interface SettingsLoader {
  /**
   * The parsed JSON of a file on this origin (`catalogs/fuzhou-12345.json`), named in config.json
   * by `field` (`scenarios.tickets.catalog`). Rejects with a ConfigError naming the field and
   * the file when it cannot be fetched or is not JSON.
   */
  json(path: string, field: string): Promise<unknown>;
}

import type { ComponentType } from 'react';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { FeedName } from '@/domain/common';

export interface ScenarioProps {
  /** The selected area: division code or grid cell; null = the whole city. */
  area: string | null;
}

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

/**
 * One governance scenario. The app and the wall carousel read the registry of these; adding a
 * scenario touches its own folder and one registry line.
 */
export interface ScenarioDescriptor {
  id: string;
  /** Route of its full screen, e.g. `/tickets`. */
  path: string;
  /** i18n key of its title. */
  titleKey: string;
  feeds: FeedName[];
  /** Layers for the shared map; called on every render in registry order, `active` false when hidden. */
  useMap(area: string | null, active: boolean): ScenarioMap;
  /** Above the map. */
  Kpis: ComponentType<ScenarioProps>;
  /** Left and right columns. */
  Left: ComponentType<ScenarioProps>;
  Right: ComponentType<ScenarioProps>;
  /** A short summary for the overview screen's left column. */
  Summary: ComponentType<ScenarioProps>;
  /** The overview screen's right column: the scenario's headline trends. */
  Highlights: ComponentType<ScenarioProps>;
}

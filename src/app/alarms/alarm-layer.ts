import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Alarm, AlarmSeverity } from '@/feeds/alarms';

const COLORS: Record<AlarmSeverity, [number, number, number]> = {
  critical: [232, 48, 74],
  major: [232, 116, 26],
  minor: [255, 212, 59],
  warning: [61, 139, 255],
};

/**
 * Alarms on the map: a ring per active or unacknowledged alarm, in its severity's colour. Critical
 * unacknowledged ones blink (the marker, never the text: 1 Hz, half on), others stay steady.
 */
export function buildAlarmLayer(alarms: readonly Alarm[], blinkOn: boolean): Layer[] {
  const shown = alarms.filter((a) => a.position && (a.state === 'active' || !a.ack));
  if (shown.length === 0) return [];
  return [
    new ScatterplotLayer<Alarm>({
      id: 'alarms',
      data: shown,
      getPosition: (a) => a.position!,
      getRadius: (a) => (a.severity === 'critical' ? 16 : 12),
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (a) => (a.ack ? 2 : 3),
      getLineColor: (a) => {
        const [r, g, b] = COLORS[a.severity];
        const blinking = a.severity === 'critical' && !a.ack;
        return [r, g, b, blinking && !blinkOn ? 40 : a.state === 'cleared' ? 120 : 255];
      },
      pickable: false,
      updateTriggers: { getLineColor: blinkOn },
    }),
  ];
}

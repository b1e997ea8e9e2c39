import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { busiestDistrict } from '@/geo/geo-index';
import { useRuntime } from '@/state/runtime';
import { useAreaCode } from '@/state/url-state';
import type { DemoHandle } from './demo-handle';

const SPEEDS = [1, 10, 60, 300, 600];
const INCIDENTS = ['rainstorm', 'pollution', 'signal-faults', 'hotspot-surge', 'crash'] as const;

/** Demo builds: speed up the simulated clock and start an incident. */
export function DemoControl({ demo }: { demo: DemoHandle }) {
  const { t } = useTranslation();
  const [speed, setSpeed] = useState(demo.speed());
  // The simulated time is the city clock, shown at the title bar's left.
  // Incidents unfold in the district being looked at; from the city view, in the city's busiest
  // district (the most urban communities), whatever the city.
  const { geo } = useRuntime();
  const busiest = useMemo(() => busiestDistrict(geo)?.code ?? null, [geo]);
  const area = useAreaCode();
  const node = area ? geo.area(area) : undefined;
  const district =
    (node && geo.path(node.code).find((n) => n.level === 'district')?.code) ?? busiest;
  return (
    <div className="demo-control" data-testid="demo-control">
      <label>
        {t('demo.speed')}
        <select
          value={speed}
          onChange={(e) => {
            const v = Number(e.target.value);
            demo.setSpeed(v);
            setSpeed(v);
          }}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              ×{s}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('demo.incident')}
        <select
          value=""
          data-district={district ?? ''}
          disabled={!district}
          onChange={(e) => {
            const kind = e.target.value as (typeof INCIDENTS)[number];
            if (kind && district) demo.trigger(kind, district);
          }}
        >
          <option value="">—</option>
          {INCIDENTS.map((k) => (
            <option key={k} value={k}>
              {t(`demo.incidents.${k}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuntime } from '@/state/runtime';
import { urlActions } from '@/state/url-state';
import type { ScenarioDescriptor } from '@/state/scenario';
import { ErrorBoundary } from '@/ui/error-boundary';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { Panel } from '@/ui/panel';
import { scenarios } from './scenario-registry';
import { AlarmList, SEVERITY_MARK, useAlarmCounts } from './alarms/alarm-list';
import { Covered } from './coverage';

/** One scenario on the overview: its headline figures, its worst alarm and its data's age. */
function ScenarioTile({ scenario, area }: { scenario: ScenarioDescriptor; area: string | null }) {
  const { t } = useTranslation();
  const { config } = useRuntime();
  const missing = scenario.feeds.filter((feed) => !config.feeds[feed]);
  const { worst, unacked } = useAlarmCounts(scenario.feeds);
  const title = t(scenario.titleKey);
  return (
    <section
      className="panel tile"
      data-testid={`tile-${scenario.id}`}
      data-worst={worst ?? 'none'}
      aria-label={title}
    >
      <header className="panel-header">
        <h2>
          <a
            href={scenario.path}
            onClick={(e) => {
              e.preventDefault();
              urlActions.pathChanged(scenario.path);
            }}
          >
            {title}
          </a>
        </h2>
        <div className="panel-aside">
          {missing.length === 0 ? (
            <>
              <span className={`tile-alarm sev-${worst ?? 'none'}`} data-testid="tile-alarm">
                {worst ? (
                  <>
                    <span aria-hidden="true">{SEVERITY_MARK[worst]} </span>
                    {t(`alarms.severity.${worst}`)} · {unacked}
                  </>
                ) : (
                  t('overview.noAlarm')
                )}
              </span>
              <FreshnessBadge feeds={scenario.feeds} testId={`tile-${scenario.id}-freshness`} />
            </>
          ) : null}
        </div>
      </header>
      <div className="panel-body">
        {missing.length ? (
          <p className="panel-state panel-unconfigured" data-testid="tile-unconfigured">
            — {t('overview.notConfigured', { feeds: missing.map((f) => `feeds.${f}`).join(', ') })}
          </p>
        ) : (
          <ErrorBoundary what={title}>
            <Suspense fallback={<p className="panel-state">{t('app.loading')}</p>}>
              <Covered scenario={scenario} area={area} part="tile">
                <scenario.Tile area={area} />
              </Covered>
            </Suspense>
          </ErrorBoundary>
        )}
      </div>
    </section>
  );
}

/**
 * The overview is the city, not the first scenario: every registered scenario's tile (left), the
 * alarm list (right), and the map with each scenario's summary layer (centre, shared with the
 * scenarios' screens). No scenario is first among equals.
 */
export function OverviewTiles({ area }: { area: string | null }) {
  return (
    <>
      {scenarios.map((scenario) => (
        <ScenarioTile key={scenario.id} scenario={scenario} area={area} />
      ))}
    </>
  );
}

export function OverviewAlarms({ area }: { area: string | null }) {
  const { t } = useTranslation();
  return (
    <Panel title={t('alarms.title')} testId="panel-alarms" className="panel-tall">
      <AlarmList area={area} />
    </Panel>
  );
}

import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatHours, formatPercent } from '@/ui/format';
import { useAreaName } from '@/ui/use-area-name';
import { useCityFormat } from '@/ui/use-city-format';
import { JOIN_ISSUES } from './detection-join';
import type { CaseStage, InspectionView } from './inspection-view';
import { useTypeName } from './labels';

const STAGE_SHADE: Record<CaseStage, string> = {
  reported: '#BFE3FF',
  registered: '#8CCBF5',
  dispatched: '#5AB1EF',
  processing: '#3F8FD0',
  feedback: '#2F6FA8',
  closed: '#A9B8C9',
  rated: '#8193A8',
  missing: '#6B7A8C',
};

/**
 * What today's detections became: the share that became cases, where those cases stand now
 * (their tickets' stages, from the tickets feed), how fast cases since yesterday closed, whether
 * both feeds name each other — and the latest cases, each opening its detection.
 */
export const CasesPanel = memo(function CasesPanel({
  view,
  selected,
  onSelect,
}: {
  view: InspectionView;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const format = useCityFormat();
  const nameOf = useAreaName();
  const typeName = useTypeName();
  const { join } = view;
  const issues = JOIN_ISSUES.reduce((n, k) => n + join.issues[k], 0);
  return (
    <div className="cases" data-testid="cases">
      <dl className="cases-figures">
        <div>
          <dt>{t('inspection.join.share')}</dt>
          <dd className="num" data-testid="join-share">
            {formatPercent(join.share, locale)}
          </dd>
        </div>
        <div>
          <dt>{t('inspection.join.closed')}</dt>
          <dd className="num">{formatPercent(join.closedShare, locale)}</dd>
        </div>
        <div>
          <dt>{t('inspection.join.median')}</dt>
          <dd className="num">
            {formatHours(join.closeMedianHours, locale)} {t('inspection.units.hours')}
          </dd>
        </div>
      </dl>
      {join.tickets ? (
        <>
          <div className="stage-bar" data-testid="stage-bar" aria-hidden="true">
            {join.stages
              .filter((s) => s.count > 0)
              .map((s) => (
                <span
                  key={s.stage}
                  style={{ flexGrow: s.count, background: STAGE_SHADE[s.stage] }}
                  title={`${t(`inspection.stages.${s.stage}`)} ${s.count}`}
                />
              ))}
          </div>
          <ul className="stage-list" data-testid="stage-list">
            {join.stages.map((s) => (
              <li key={s.stage} data-stage={s.stage}>
                <span className="stage-dot" style={{ background: STAGE_SHADE[s.stage] }} />
                {t(`inspection.stages.${s.stage}`)}{' '}
                <span className="num">{formatCount(s.count, locale)}</span>
              </li>
            ))}
          </ul>
          <p
            className={issues > 0 ? 'join-quality join-issues' : 'join-quality'}
            data-testid="join-quality"
            data-issues={issues}
          >
            {issues > 0 ? (
              <>
                <span aria-hidden="true">◆ </span>
                {t('inspection.join.issues', { count: issues })}:{' '}
                {JOIN_ISSUES.filter((k) => join.issues[k] > 0)
                  .map((k) => `${t(`inspection.join.kinds.${k}`)} ${join.issues[k]}`)
                  .join(' · ')}
              </>
            ) : (
              <>● {t('inspection.join.noIssues')}</>
            )}
          </p>
        </>
      ) : (
        <p className="panel-unconfigured panel-state" data-testid="join-no-tickets">
          — {t('inspection.join.noTickets')}
        </p>
      )}
      <h3 className="cases-title">{t('inspection.recentCases')}</h3>
      {view.cases.length === 0 ? (
        <p className="panel-state">{t('inspection.noCases')}</p>
      ) : (
        <ol className="case-rows" data-testid="case-rows">
          {view.cases.map((c) => (
            <li key={c.detection}>
              <button
                type="button"
                className={`case-row${selected === c.detection ? ' selected' : ''}`}
                data-testid="case-row"
                data-id={c.detection}
                data-ticket={c.ticket}
                onClick={() => onSelect(c.detection)}
              >
                <span className="num case-time">{format.clock(c.observedAt)}</span>
                <span className="case-what">
                  <bdi>{typeName(c.type)}</bdi> · <bdi>{nameOf(c.community)}</bdi>
                </span>
                <span className={`case-stage stage-${c.stage}`}>
                  {t(`inspection.stages.${c.stage}`)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
});

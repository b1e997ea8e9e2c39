export interface KpiTileProps {
  label: string;
  value: string;
  unit?: string;
  /** e.g. "+12 vs same time yesterday". */
  comparison?: string;
  tone?: 'normal' | 'attention' | 'warning' | 'alarm';
  testId?: string;
}

const TONE_MARK: Record<NonNullable<KpiTileProps['tone']>, string> = {
  normal: '',
  attention: '▲',
  warning: '◆',
  alarm: '■',
};

export function KpiTile({ label, value, unit, comparison, tone = 'normal', testId }: KpiTileProps) {
  return (
    <div className={`kpi-tile tone-${tone}`} data-testid={testId}>
      <div className="kpi-label">
        {TONE_MARK[tone] ? (
          <span className="kpi-mark" aria-hidden="true">
            {TONE_MARK[tone]}
          </span>
        ) : null}
        {label}
      </div>
      <div className="kpi-value">
        <span className="kpi-number" data-testid={testId ? `${testId}-value` : undefined}>
          {value}
        </span>
        {unit ? <span className="kpi-unit">{unit}</span> : null}
      </div>
      {comparison ? <div className="kpi-compare">{comparison}</div> : null}
    </div>
  );
}

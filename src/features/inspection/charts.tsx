import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '@/charts/echart';
import { formatCount } from '@/ui/format';
import { rowsFor, useHeight } from '@/ui/use-height';
import { useAreaName } from '@/ui/use-area-name';
import type { InspectionView } from './inspection-view';
import { useTypeName } from './labels';
import { buildMatrix, buildTypeHourOption, buildTypeOption } from './options';

export const TypeChart = memo(function TypeChart({ view }: { view: InspectionView }) {
  const { t, i18n } = useTranslation();
  const typeName = useTypeName();
  const [ref, height] = useHeight<HTMLDivElement>();
  // As many bars as the panel holds with their labels readable; the table keeps every type.
  const rows = rowsFor(height, i18n.language, 8);
  const spec = useMemo(
    () =>
      buildTypeOption(
        view,
        typeName,
        { today: t('inspection.today'), yesterday: t('inspection.yesterday') },
        rows,
      ),
    [view, typeName, t, rows],
  );
  return (
    <div className="chart-fill" ref={ref}>
      <EChart
        option={spec.option}
        table={spec.table}
        label={t('inspection.types')}
        testId="chart-types"
      />
    </div>
  );
});

export const TypeHourChart = memo(function TypeHourChart({ view }: { view: InspectionView }) {
  const { t } = useTranslation();
  const typeName = useTypeName();
  const spec = useMemo(
    () =>
      buildTypeHourOption(view, typeName, {
        others: t('inspection.others'),
        partial: t('inspection.partialHour'),
        total: t('inspection.total'),
      }),
    [view, typeName, t],
  );
  return (
    <EChart
      option={spec.option}
      table={spec.table}
      label={t('inspection.typeHours')}
      testId="chart-type-hours"
    />
  );
});

/** Today's detections per child area and type, every value written in its shaded cell. */
export const MatrixTable = memo(function MatrixTable({
  view,
  onSelect,
}: {
  view: InspectionView;
  onSelect: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const areaName = useAreaName();
  const typeName = useTypeName();
  const [ref, height] = useHeight<HTMLDivElement>();
  // Header two lines, rows one: as many rows as the panel holds (no scrollbar on a wall).
  const maxRows = height > 0 ? Math.max(2, Math.floor((height - 40) / 24)) : Infinity;
  const width = ref.current?.clientWidth ?? 0;
  // Type columns of at least 44 px in the three quarters beside the names, "others" and the total
  // among them.
  const maxTypes = width > 0 ? Math.max(2, Math.floor((width * 0.74) / 44) - 2) : Infinity;
  const model = useMemo(
    () =>
      buildMatrix(
        view,
        areaName,
        typeName,
        {
          others: t('inspection.others'),
          total: t('inspection.total'),
          more: (count) => t('inspection.more', { count }),
        },
        maxRows,
        maxTypes,
      ),
    [view, areaName, typeName, t, maxRows, maxTypes],
  );
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <div className="matrix-frame" ref={ref}>
      <table className="matrix" data-testid="matrix">
        <thead>
          <tr>
            <th />
            {model.columns.map((c) => (
              <th key={c} scope="col">
                <bdi>{c}</bdi>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((r) => (
            <tr key={r.key ?? '\u0000rest'} data-testid="matrix-row">
              <th scope="row">
                {r.key ? (
                  <button type="button" className="link-button" onClick={() => onSelect(r.key!)}>
                    <bdi>{r.name}</bdi>
                  </button>
                ) : (
                  <bdi>{r.name}</bdi>
                )}
              </th>
              {r.cells.map((c, i) => (
                <td key={i} className={`num shade-${c.shade}`}>
                  {n(c.value)}
                </td>
              ))}
              <td className="num matrix-total">{n(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

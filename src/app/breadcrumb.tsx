import { useTranslation } from 'react-i18next';
import { useRuntime } from '@/state/runtime';
import { urlActions, useAreaScope } from '@/state/url-state';
import { useAreaName } from '@/ui/use-area-name';

export interface Crumb {
  code: string | null;
  /** A grid cell rather than a division. */
  cell: boolean;
  name: string;
}

/** 福州市 › 鼓楼区 › 鼓东街道 › 中山社区 › cell, each step clickable. */
export function useCrumbs(area: string | null, cell: string | null): Crumb[] {
  const { geo } = useRuntime();
  const { t } = useTranslation();
  const nameOf = useAreaName();
  const path = geo.path(area ?? geo.cityCode);
  const crumbs: Crumb[] = (path.length ? path : geo.path(geo.cityCode)).map((node) => ({
    code: node.level === 'city' ? null : node.code,
    cell: false,
    name: nameOf(node.code),
  }));
  if (cell)
    crumbs.push({ code: cell, cell: true, name: t('area.cell', { id: cell.slice(-9, -3) }) });
  return crumbs;
}

export function Breadcrumb({ crumbs }: { crumbs: Crumb[] }) {
  // Areas above the signed-in user's own are named, not offered.
  const scope = useAreaScope();
  const above = (crumb: Crumb) =>
    scope !== null && !crumb.cell && !scope.some((area) => (crumb.code ?? '').startsWith(area));
  return (
    <nav className="breadcrumb" aria-label="breadcrumb" data-testid="breadcrumb">
      <ol>
        {crumbs.map((crumb, i) => (
          <li key={crumb.code ?? 'city'}>
            {above(crumb) ? (
              <span data-testid="crumb-above">{crumb.name}</span>
            ) : i < crumbs.length - 1 ? (
              <button
                type="button"
                onClick={() =>
                  crumb.cell
                    ? urlActions.cellSelected(crumb.code)
                    : urlActions.areaSelected(crumb.code)
                }
                data-testid="crumb"
              >
                {crumb.name}
              </button>
            ) : (
              <span aria-current="page" data-testid="crumb-current">
                {crumb.name}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedFreshness } from '@/feeds/use-freshness';
import { formatCount } from './format';

/**
 * Why items of a feed were not shown as they came: quarantined (by field and rule, with the
 * count), sent twice in one response, or placed outside the area their codes name.
 */
export function QuarantinePanel({ each, onClose }: { each: FeedFreshness[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div
      className="quarantine"
      role="dialog"
      aria-label={t('quarantine.title')}
      data-testid="quarantine"
    >
      <header>
        <strong>{t('quarantine.title')}</strong>
        <button type="button" onClick={onClose} aria-label={t('quarantine.close')}>
          ✕
        </button>
      </header>
      {each.map(({ feed, health }) =>
        health ? (
          <section key={feed}>
            <h3>{t(`feeds.${feed}`)}</h3>
            <table>
              <thead>
                <tr>
                  <th>{t('quarantine.field')}</th>
                  <th>{t('quarantine.rule')}</th>
                  <th className="num">{t('quarantine.last')}</th>
                  <th className="num">{t('quarantine.total')}</th>
                </tr>
              </thead>
              <tbody>
                {health.reasons.map((r) => (
                  <tr key={`${r.path}\u0000${r.rule}`} data-testid="quarantine-reason">
                    <td>
                      <bdi>{r.path}</bdi>
                    </td>
                    <td title={r.example}>
                      <bdi>{t(`quarantine.rules.${r.rule}`, { defaultValue: r.rule })}</bdi>
                    </td>
                    <td className="num">{n(r.last)}</td>
                    <td className="num">{n(r.total)}</td>
                  </tr>
                ))}
                <tr data-testid="quarantine-duplicates">
                  <td>id</td>
                  <td>{t('quarantine.duplicates')}</td>
                  <td className="num">{n(health.duplicatesLast)}</td>
                  <td className="num">{n(health.duplicatesTotal)}</td>
                </tr>
                <tr data-testid="quarantine-out-of-area">
                  <td>position</td>
                  <td>{t('quarantine.outOfArea')}</td>
                  <td className="num">{n(health.flagged.outOfArea)}</td>
                  <td />
                </tr>
                <tr>
                  <td>community</td>
                  <td>{t('quarantine.unknownArea')}</td>
                  <td className="num">{n(health.flagged.unknownArea)}</td>
                  <td />
                </tr>
              </tbody>
            </table>
            {health.flagged.examples.length ? (
              <p className="quarantine-examples">
                {t('quarantine.examples')}{' '}
                {health.flagged.examples.map((id) => (
                  <bdi key={id} className="num">
                    {id}{' '}
                  </bdi>
                ))}
              </p>
            ) : null}
          </section>
        ) : null,
      )}
    </div>
  );
}

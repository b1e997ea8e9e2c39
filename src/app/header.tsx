import { useTranslation } from 'react-i18next';
import { useCityNow } from '@/state/clock';
import { useRuntime } from '@/state/runtime';
import { urlActions, usePath } from '@/state/url-state';
import { useCityFormat } from '@/ui/use-city-format';
import type { DemoHandle } from './demo-handle';
import { DemoControl } from './demo-control';
import { scenarios } from './scenario-registry';
import { SEVERITY_MARK, useAlarmCounts } from './alarms/alarm-list';
import { SessionChip } from './auth/session-chip';

/** The city clock (the simulated city's in demo mode): date, weekday, time to the second. */
function Clock() {
  const now = useCityNow();
  const { t } = useTranslation();
  const format = useCityFormat();
  return (
    <time
      className="clock num"
      dateTime={new Date(now).toISOString()}
      title={t('app.cityTime')}
      data-testid="city-clock"
    >
      <span className="clock-date">{format.date(now)}</span> {format.clock(now, true)}
    </time>
  );
}

/** Active unacknowledged alarms, shaped by the worst severity. */
function AlarmChip() {
  const { t } = useTranslation();
  const { unacked, worst } = useAlarmCounts();
  return (
    <span
      className={`alarm-chip sev-${worst ?? 'none'}`}
      data-testid="alarm-chip"
      data-count={unacked}
      title={t('alarms.title')}
    >
      {worst ? <span aria-hidden="true">{SEVERITY_MARK[worst]} </span> : null}
      {t('alarms.count', { count: unacked })}
    </span>
  );
}

export function Header({ demo }: { demo: DemoHandle | null }) {
  const { t, i18n } = useTranslation();
  const { config } = useRuntime();
  const path = usePath();
  const cityName =
    typeof config.city.name === 'string'
      ? config.city.name
      : config.city.name[i18n.language === 'en' ? 'en' : 'zh-CN'];
  const switchLanguage = () => {
    const next = i18n.language === 'en' ? 'zh-CN' : 'en';
    void i18n.changeLanguage(next);
    const url = new URL(window.location.href);
    url.searchParams.set('lang', next);
    window.history.replaceState(window.history.state, '', url);
  };
  const nav = [
    { path: '/', key: 'app.nav.overview' },
    ...scenarios.map((s) => ({ path: s.path, key: s.titleKey })),
  ];
  return (
    <header className="topbar">
      <div className="topbar-left">
        <Clock />
        {demo ? (
          <span className="demo-mark" data-testid="demo-mark">
            {t('app.demo')}
          </span>
        ) : null}
        <AlarmChip />
      </div>
      <h1 className="title">
        {cityName} · {t('app.title')}
      </h1>
      <div className="topbar-right">
        <nav className="nav">
          {nav.map((item) => (
            <a
              key={item.path}
              href={item.path}
              aria-current={path === item.path ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                urlActions.pathChanged(item.path);
              }}
            >
              {t(item.key)}
            </a>
          ))}
        </nav>
        {demo ? <DemoControl demo={demo} /> : null}
        <SessionChip />
        <button
          type="button"
          className="lang"
          onClick={switchLanguage}
          aria-label={t('app.languageLabel')}
          data-testid="lang-switch"
        >
          {t('app.language')}
        </button>
      </div>
    </header>
  );
}

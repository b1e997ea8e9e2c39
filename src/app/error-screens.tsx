import { useTranslation } from 'react-i18next';
import type { ConfigError } from '@/config/config-schema';

/** A bad config stops the app here, naming the file and the field: never a white page. */
export function ConfigErrorScreen({ error }: { error: ConfigError }) {
  const { t } = useTranslation();
  return (
    <main className="boot-error" data-testid="config-error" role="alert">
      <h1>{t('configError.title')}</h1>
      <dl>
        <dt>{t('configError.file')}</dt>
        <dd data-testid="config-error-file">{error.file}</dd>
        <dt>{t('configError.field')}</dt>
        <dd data-testid="config-error-field">{error.field}</dd>
        <dt>{t('configError.detail')}</dt>
        <dd>{error.detail}</dd>
      </dl>
      <p>{t('configError.hint')}</p>
    </main>
  );
}

export function BootErrorScreen({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <main className="boot-error" data-testid="boot-error" role="alert">
      <h1>{t('bootError.title')}</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </main>
  );
}

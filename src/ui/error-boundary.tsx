import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** What failed, for the message (a panel's title, "the map"). */
  what: string;
  /** A new key clears the error and tries again (the next data). */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: unknown;
}

function Failed({ what, error, onRetry }: { what: string; error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="render-error" role="alert" data-testid="render-error">
      <p>
        <span aria-hidden="true">■ </span>
        {t('errors.render', { what })}
      </p>
      <p className="render-error-detail">{error.message.slice(0, 200)}</p>
      <button type="button" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </div>
  );
}

/**
 * A render error in one panel (or the map) shows an error state in that panel; the rest of the
 * page stays up. It tries again when its `resetKey` changes (new data) or on request.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { key: props.resetKey, error: null } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`[render] ${this.props.what}: ${error.message}`, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (error)
      return (
        <Failed
          what={this.props.what}
          error={error}
          onRetry={() => this.setState({ error: null })}
        />
      );
    return this.props.children;
  }
}

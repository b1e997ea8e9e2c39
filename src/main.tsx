import { createRoot } from 'react-dom/client';
import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import './app/styles.css';
import { boot } from './app/boot';
import { CONFIG_FILE } from './config/load-config';
import { getSession, startSession } from './state/session';

const container = document.getElementById('root');
if (container) {
  const root = createRoot(container);
  // The configuration is asked for beside the session, not after it: one round trip fewer before
  // the map (unused when the session sends the page to sign in).
  const config = fetch(`${import.meta.env.BASE_URL}${CONFIG_FILE}`, { cache: 'no-cache' });
  config.catch(() => undefined);
  // Who is signed in first (with sign-in configured on the server): the app starts in their areas.
  void startSession(__DEMO__).then(async (outcome) => {
    if (outcome === 'start') return boot(root, config);
    if (outcome === 'no-access')
      (await import('./app/auth/no-access')).renderNoAccess(root, getSession());
  });
}

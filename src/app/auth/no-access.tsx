import type { Root } from 'react-dom/client';
import { signedIn, type Session } from '@/state/session';

/** Signed in, but without a role for the dashboard: nothing to show, a way out. */
export function renderNoAccess(root: Root, session: Session): void {
  const name = signedIn(session)?.name ?? '';
  root.render(
    <main className="boot-error" data-testid="no-access">
      <h1>没有访问权限 · No access</h1>
      <p>
        <bdi>{name}</bdi>：您的账号没有城市运行管理中心的角色，请联系管理员。
      </p>
      <p>Your account has no role for the city operations dashboard: ask your administrator.</p>
      <form method="post" action="/auth/logout">
        <button type="submit">退出登录 · Sign out</button>
      </form>
    </main>,
  );
}

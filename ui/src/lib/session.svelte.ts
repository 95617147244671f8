// App-wide state: who is signed in, which screen is shown, the notice bar.
import type { AppInfo, Person } from './bindings';
import { commands } from './bindings';
import { call, asAppError, errorTitle } from './api';
import { i18n } from './i18n/index.svelte';

export type Route =
  | { name: 'mywork' }
  | { name: 'pieces' }
  | { name: 'review' }
  | { name: 'contracts' }
  | { name: 'search'; q?: string }
  | { name: 'settings' }
  | { name: 'library' }
  | { name: 'piece'; id: string };

export type Notice = { kind: 'ok' | 'error'; title: string; detail?: string };

export const session = $state<{
  info: AppInfo | null;
  user: Person | null;
  route: Route;
  back: Route | null;
  notice: Notice | null;
}>({ info: null, user: null, route: { name: 'mywork' }, back: null, notice: null });

export function go(route: Route) {
  if (route.name === 'piece') session.back = session.route;
  session.route = route;
}

export function home(): Route {
  return session.user?.role === 'reporter' ? { name: 'mywork' } : session.user?.role === 'head' ? { name: 'contracts' } : { name: 'review' };
}

export function notify(title: string) {
  session.notice = { kind: 'ok', title };
}

/** Shows a failed command: translated title, the core's specific detail. */
export function fail(e: unknown) {
  const err = asAppError(e);
  session.notice = { kind: 'error', title: errorTitle(err), detail: err.detail };
}

export async function refreshInfo() {
  const info = await call(commands.appInfo());
  session.info = info;
  session.user = info.user;
  i18n.lang = info.language;
}

// App-wide state: who is signed in, which screen is shown, the notice bar.
import type { AppInfo, Capability, Person } from './bindings';
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
  | { name: 'inbox' }
  | { name: 'team' }
  | { name: 'merge'; id: string }
  | { name: 'planning' }
  | { name: 'people' }
  | { name: 'agencies' }
  | { name: 'agency'; id: string }
  | { name: 'policy'; id: string }
  | { name: 'feedback'; policy?: string }
  | { name: 'period' }
  | { name: 'piece'; id: string };

/** What the notice bar shows: a confirmation (`ok`, fades), a warning
 *  (`warn`: saved, but something needs a look; stays until closed) or an
 *  error (stays until closed). */
export type Notice = { kind: 'ok' | 'warn' | 'error'; title: string; detail?: string };

export const session = $state<{
  info: AppInfo | null;
  user: Person | null;
  /** What the signed-in person's role lets them do (from the core's workflow). */
  can: Capability[];
  route: Route;
  back: Route | null;
  notice: Notice | null;
  /** The newsroom's name (the sidebar, new contracts), once it has one. */
  newsroom: string | null;
}>({ info: null, user: null, can: [], route: { name: 'mywork' }, back: null, notice: null, newsroom: null });

export function go(route: Route) {
  if ((route.name === 'piece' || route.name === 'merge') && session.route.name !== 'piece' && session.route.name !== 'merge')
    session.back = session.route;
  session.route = route;
}

/** Whether the signed-in person may do `c` (see `session.can`). */
export function can(c: Capability): boolean {
  return session.can.includes(c);
}

/** The first screen after sign-in: one's own work, the contracts for those
 *  who manage them, else the review queue. */
export function home(): Route {
  return can('own-work') ? { name: 'mywork' } : can('manage-contracts') ? { name: 'contracts' } : { name: 'review' };
}

/** Sets the signed-in person and what their role lets them do; a different
 *  person starts on their first screen, set in the same step so no screen of
 *  the previous person is ever drawn for them. */
export async function setUser(user: Person | null) {
  const can = user ? await call(commands.capabilities()) : [];
  session.newsroom = user ? await call(commands.newsroomName()).catch(() => null) : null;
  const changed = user?.login !== session.user?.login;
  session.can = can;
  session.user = user;
  if (changed) {
    // Nothing of the previous person's work is shown to the next one.
    session.notice = null;
    if (user) session.route = home();
  }
}

export function notify(title: string) {
  session.notice = { kind: 'ok', title };
}

/** A confirmation with warnings: the change was made, and each warning
 *  stays on screen until the person closes it (no warning: a confirmation). */
export function notifyWarnings(title: string, warnings: string[]) {
  session.notice = warnings.length ? { kind: 'warn', title, detail: warnings.join('; ') } : { kind: 'ok', title };
}

/** Shows a failed command: translated title, the core's specific detail. */
export function fail(e: unknown) {
  const err = asAppError(e);
  session.notice = { kind: 'error', title: errorTitle(err), detail: err.detail };
}

/** Runs `work` (calls into the core); when it throws, `onError` runs, the
 *  error is shown with {@link fail} and the result is `undefined`. The one
 *  way screens call and show a translated error. */
export async function guarded<T>(work: () => Promise<T>, onError?: () => void): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    onError?.();
    fail(e);
    return undefined;
  }
}

/**
 * The profile chooser's data, asked for at start-up together with the app
 * info instead of after it (the first screen needs both: one round trip less
 * before it paints). Taken once by the sign-in screen; on any error it asks
 * again itself.
 */
let signInEarly: Promise<[Person[], string[]]> | null = null;

export function prefetchSignIn() {
  signInEarly = Promise.all([call(commands.people()), call(commands.lockedProfiles())]);
  signInEarly.catch(() => {});
}

export function takeSignInPrefetch(): Promise<[Person[], string[]]> | null {
  const early = signInEarly;
  signInEarly = null;
  return early;
}

export async function refreshInfo() {
  const info = await call(commands.appInfo());
  session.info = info;
  await setUser(info.user);
  i18n.lang = info.language;
}

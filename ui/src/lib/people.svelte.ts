// The newsroom's people by login, so that every screen names a person, never
// shows a login: "Phạm Thị Lan yêu cầu sửa bài", not "lan yêu cầu sửa bài".
// Loaded after sign-in and again after each sync that brings changes (a
// person added or renamed on another workbench).
import type { Person } from './bindings';
import { commands } from './bindings';
import { call } from './api';
import { t } from './i18n/index.svelte';

const directory = $state<{ byLogin: Record<string, Person> }>({ byLogin: {} });

/** Fills the directory from a list of people (tests, and `loadPeople`). */
export function setPeople(people: Person[]) {
  const byLogin: Record<string, Person> = {};
  for (const p of people) byLogin[p.login] = p;
  directory.byLogin = byLogin;
}

/** Loads the directory from the core; a failure keeps the one there was. */
export async function loadPeople() {
  try {
    setPeople(await call(commands.people()));
  } catch {
    // Names fall back to what the directory held; nothing else depends on it.
  }
}

/** The name a person goes by in the newsroom (their real name) for a login;
 *  `system` (migrations, upgrades) is "Hệ thống"; an unknown login is shown
 *  as given. */
export function who(login: string | null | undefined): string {
  if (!login) return '';
  if (login === 'system') return t('people.system');
  return directory.byLogin[login]?.real_name ?? login;
}

// A value a screen loads from the core: value, loading, error and reload in
// one place, loaded again when a sync brings rows (the team generation) or
// when a reactive value the loader reads before its first `await` changes.
// The load / error / empty / list block that goes with it is Listing.svelte.
import { untrack } from 'svelte';
import { fail } from './session.svelte';
import { generation } from './team.svelte';

export interface Resource<T> {
  /** The last value loaded; `null` until the first load ends (or when it failed). */
  readonly value: T | null;
  /** A load is under way (the previous value stays shown meanwhile). */
  readonly loading: boolean;
  /** Why the last load failed, or `null`. */
  readonly error: unknown;
  /** Loads again now; resolves when done. */
  reload(): Promise<void>;
}

/**
 * Creates the resource in a component's initialisation. `load` runs in an
 * effect: what it reads synchronously (props, `$state`) is tracked, so a
 * changed filter reloads. A failed load is shown with `fail` (unless
 * `onError` says otherwise) and, when nothing was loaded before, leaves
 * `fallback` as the value (an empty list shows as empty, not as loading).
 * An answer that arrives after a newer load started is dropped.
 */
export function resource<T>(
  load: () => Promise<T>,
  options: { fallback?: T; onError?: (e: unknown) => void } = {},
): Resource<T> {
  const state = $state<{ value: T | null; loading: boolean; error: unknown }>({ value: null, loading: true, error: null });
  let latest = 0;
  async function run(pending: Promise<T>): Promise<void> {
    const ticket = ++latest;
    state.loading = true;
    try {
      const value = await pending;
      if (ticket !== latest) return;
      state.value = value;
      state.error = null;
    } catch (e) {
      if (ticket !== latest) return;
      state.error = e;
      if (state.value === null && options.fallback !== undefined) state.value = options.fallback;
      (options.onError ?? fail)(e);
    } finally {
      if (ticket === latest) state.loading = false;
    }
  }
  $effect(() => {
    generation();
    void run(load());
  });
  return {
    get value() {
      return state.value;
    },
    get loading() {
      return state.loading;
    },
    get error() {
      return state.error;
    },
    reload: () => run(untrack(load)),
  };
}

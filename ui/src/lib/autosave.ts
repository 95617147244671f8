// Coalescing autosave: every change is sent at once unless a save is already in
// flight, in which case only the newest text is sent when it returns. Nothing is
// dropped: a failed save keeps the text pending and retries.

export type SaveState = 'saved' | 'saving' | 'failed';

export interface Saver<T> {
  /** A new version of the text. */
  push(value: T): void;
  /** Resolves when everything pushed so far is saved (or has failed). */
  idle(): Promise<void>;
  /** True while something is unsaved. */
  dirty(): boolean;
}

export function createSaver<T>(
  save: (value: T) => Promise<void>,
  onState: (state: SaveState, error?: unknown) => void,
  retryMs = 2000,
): Saver<T> {
  let pending: { value: T } | null = null;
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function loop(): Promise<void> {
    while (pending) {
      const { value } = pending;
      pending = null;
      try {
        await save(value);
      } catch (e) {
        pending ??= { value };
        onState('failed', e);
        timer = setTimeout(() => {
          timer = null;
          kick();
        }, retryMs);
        return;
      }
    }
    onState('saved');
  }

  function kick() {
    if (running || timer) return;
    running = loop().finally(() => {
      running = null;
      if (pending && !timer) kick();
    });
  }

  return {
    push(value: T) {
      pending = { value };
      onState('saving');
      kick();
    },
    async idle() {
      while (running) await running;
    },
    dirty() {
      return pending !== null || running !== null;
    },
  };
}

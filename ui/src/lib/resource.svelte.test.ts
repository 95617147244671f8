import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';

vi.mock('./bindings', () => ({ commands: {} }));
const { resource } = await import('./resource.svelte');
const { team } = await import('./team.svelte');
const { session } = await import('./session.svelte');

/** A promise resolved or rejected from outside. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}
const settle = () => new Promise((r) => setTimeout(r, 0));
const status = (generation: number) => ({ generation }) as unknown as NonNullable<typeof team.status>;

describe('resource()', () => {
  it('loads, and loads again when a sync brings rows or an input changes', async () => {
    const input = $state({ q: 'a' });
    const asked: string[] = [];
    let r!: ReturnType<typeof resource<string>>;
    const stop = $effect.root(() => {
      r = resource(async () => {
        const q = input.q; // read before the first await: tracked
        asked.push(q);
        return `value of ${q}`;
      });
    });
    flushSync();
    expect(r.loading).toBe(true);
    await settle();
    expect(r.value).toBe('value of a');
    expect(r.loading).toBe(false);
    team.status = status(1);
    flushSync();
    await settle();
    expect(asked).toEqual(['a', 'a']);
    input.q = 'b';
    flushSync();
    await settle();
    expect(r.value).toBe('value of b');
    await r.reload();
    expect(asked).toEqual(['a', 'a', 'b', 'b']);
    stop();
  });

  it('drops an answer that arrives after a newer load started', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let n = 0;
    let r!: ReturnType<typeof resource<string>>;
    const stop = $effect.root(() => {
      r = resource(() => answers[n++].promise);
    });
    flushSync();
    await settle();
    expect(n).toBe(1);
    const second = r.reload();
    expect(n).toBe(2);
    answers[1].resolve('new');
    await second;
    answers[0].resolve('old');
    await settle();
    expect(r.value).toBe('new');
    expect(r.loading).toBe(false);
    stop();
  });

  it('shows a failed first load as the fallback and says why', async () => {
    session.notice = null;
    let r!: ReturnType<typeof resource<string[]>>;
    const stop = $effect.root(() => {
      r = resource(() => Promise.reject({ code: 'storage', message: 'đĩa đầy' }), { fallback: [] });
    });
    flushSync();
    await settle();
    expect(r.value).toEqual([]);
    expect(r.error).toBeTruthy();
    expect(r.loading).toBe(false);
    expect((session.notice as { kind: string } | null)?.kind).toBe('error');
    stop();
  });
});

import { describe, expect, it } from 'vitest';
import { createSaver, type SaveState } from './autosave';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createSaver', () => {
  it('sends the first change at once and only the newest one after it', async () => {
    const sent: string[] = [];
    const gates: ReturnType<typeof deferred>[] = [];
    const states: SaveState[] = [];
    const saver = createSaver<string>(
      (v) => {
        sent.push(v);
        const g = deferred();
        gates.push(g);
        return g.promise;
      },
      (s) => states.push(s),
    );
    saver.push('a');
    saver.push('ab');
    saver.push('abc');
    expect(sent).toEqual(['a']);
    expect(saver.dirty()).toBe(true);
    gates[0].resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual(['a', 'abc']);
    gates[1].resolve();
    await saver.idle();
    expect(saver.dirty()).toBe(false);
    expect(states.at(-1)).toBe('saved');
  });

  it('keeps the text after a failed save and retries it', async () => {
    const sent: string[] = [];
    let fail = true;
    const states: SaveState[] = [];
    const saver = createSaver<string>(
      async (v) => {
        sent.push(v);
        if (fail) throw new Error('disk full');
      },
      (s) => states.push(s),
      5,
    );
    saver.push('văn bản');
    await saver.idle();
    expect(states.at(-1)).toBe('failed');
    expect(saver.dirty()).toBe(true); // still unsaved: kept for the retry
    fail = false;
    await new Promise((r) => setTimeout(r, 20));
    await saver.idle();
    expect(sent).toEqual(['văn bản', 'văn bản']);
    expect(states.at(-1)).toBe('saved');
  });

  it('prefers newer text typed during a failure over the failed one', async () => {
    const sent: string[] = [];
    let fail = true;
    const saver = createSaver<string>(
      async (v) => {
        sent.push(v);
        if (fail) throw new Error('busy');
      },
      () => {},
      5,
    );
    saver.push('cũ');
    await saver.idle();
    saver.push('mới');
    fail = false;
    await new Promise((r) => setTimeout(r, 20));
    await saver.idle();
    expect(sent.at(-1)).toBe('mới');
  });
});

import { describe, expect, it, vi } from 'vitest';

// The capabilities come from the core; here, a reporter's and a head's.
const caps: Record<string, string[]> = { an: ['own-work'], hung: ['review', 'view-contracts', 'manage-contracts'] };
let current = 'an';
vi.mock('./bindings', () => ({
  commands: {
    capabilities: async () => ({ status: 'ok', data: caps[current] }),
    newsroomName: async () => ({ status: 'ok', data: 'Báo Bình Sơn' }),
  },
}));

const { session, setUser, can, home, guarded } = await import('./session.svelte');

const person = (login: string) => ({ id: login, login, real_name: login, pen_name: null, role: 'reporter' as const });

describe('the signed-in person', () => {
  it('clears the previous person\'s notice and knows the newsroom\'s name', async () => {
    current = 'an';
    await setUser(person('an'));
    session.notice = { kind: 'warn', title: 'Hạn nộp sau ngày kết thúc hợp đồng' };
    current = 'hung';
    await setUser(person('hung'));
    expect(session.notice).toBeNull();
    expect(session.newsroom).toBe('Báo Bình Sơn');
    await setUser(null);
    expect(session.newsroom).toBeNull();
  });

  it('starts on their own first screen, never on the previous person\'s', async () => {
    current = 'hung';
    await setUser(person('hung'));
    expect(home()).toEqual({ name: 'contracts' });
    expect(session.route).toEqual({ name: 'contracts' });
    current = 'an';
    await setUser(person('an'));
    expect(session.route).toEqual({ name: 'mywork' });
    expect(can('view-contracts')).toBe(false);
    expect(can('own-work')).toBe(true);
  });
  it('keeps the screen when the same person is set again', async () => {
    session.route = { name: 'settings' };
    await setUser(person('an'));
    expect(session.route).toEqual({ name: 'settings' });
  });
  it('signing out leaves no capability behind', async () => {
    await setUser(null);
    expect(session.can).toEqual([]);
    expect(session.user).toBeNull();
  });
});

describe('guarded', () => {
  it('returns what the work returns', async () => {
    expect(await guarded(async () => 42)).toBe(42);
  });
  it('shows a failure as a translated notice and returns undefined', async () => {
    const undo = vi.fn();
    const out = await guarded(async () => {
      throw new Error('boom');
    }, undo);
    expect(out).toBeUndefined();
    expect(undo).toHaveBeenCalledOnce();
    expect(session.notice?.kind).toBe('error');
    expect(session.notice?.detail).toBe('boom');
  });
});

import { describe, expect, it } from 'vitest';
import { statusLine, needsReload, segments, choose, hasMarkers, byDay, unreadCount, type Status } from './team';
import type { Notification } from './bindings';

const base: Status = {
  joined: true,
  online: true,
  syncing: false,
  generation: 1,
  counts: { pending: 0, conflicts: 0, unread: 0, refused: 0, last_sync: null },
  problem: null,
};

describe('the team status pill', () => {
  it('says solo for a workbench without a hub', () => {
    expect(statusLine({ ...base, joined: false }).parts.map((p) => p.key)).toEqual(['team.solo']);
  });
  it('says offline first and counts the changes waiting', () => {
    const s = statusLine({ ...base, online: false, counts: { ...base.counts, pending: 3 } });
    expect(s.tone).toBe('off');
    expect(s.parts).toEqual([{ key: 'team.offline' }, { key: 'team.pending', params: { count: 3 } }]);
  });
  it('warns of conflicts and refusals even while syncing', () => {
    const s = statusLine({ ...base, syncing: true, counts: { ...base.counts, conflicts: 1, refused: 2 } });
    expect(s.tone).toBe('warn');
    expect(s.parts.map((p) => p.key)).toEqual(['team.syncing', 'team.conflicts', 'team.refused']);
  });
  it('says rows received from the hub and set aside here, as a warning', () => {
    const s = statusLine({ ...base, counts: { ...base.counts, set_aside: 4 } });
    expect(s.tone).toBe('warn');
    expect(s.parts).toEqual([{ key: 'team.online' }, { key: 'team.set_aside', params: { count: 4 } }]);
  });
  it('is plain online when nothing waits', () => {
    expect(statusLine(base)).toEqual({ tone: 'ok', parts: [{ key: 'team.online' }] });
  });
  it('asks screens to reload only when a sync brought rows', () => {
    expect(needsReload(null, base)).toBe(false);
    expect(needsReload(base, { ...base, syncing: true })).toBe(false);
    expect(needsReload(base, { ...base, generation: 2 })).toBe(true);
  });
});

describe('the merge view', () => {
  const merged = 'Câu một.\n<<<<<<< mine\nHạn 15/12.\n=======\nHạn 20/12.\n>>>>>>> theirs\nCâu cuối.';
  it('splits a merged field into plain text and conflicting blocks', () => {
    expect(segments(merged)).toEqual([
      { kind: 'text', text: 'Câu một.' },
      { kind: 'conflict', mine: 'Hạn 15/12.', theirs: 'Hạn 20/12.' },
      { kind: 'text', text: 'Câu cuối.' },
    ]);
    expect(segments('Không xung đột.')).toEqual([{ kind: 'text', text: 'Không xung đột.' }]);
  });
  it('takes one side of a block and leaves no markers', () => {
    const mine = choose(merged, 0, 'mine');
    expect(mine).toBe('Câu một.\nHạn 15/12.\nCâu cuối.');
    expect(hasMarkers(mine)).toBe(false);
    expect(choose(merged, 0, 'theirs')).toBe('Câu một.\nHạn 20/12.\nCâu cuối.');
    expect(hasMarkers(merged)).toBe(true);
  });
  it('keeps the other blocks marked when one is chosen', () => {
    const two = `${merged}\n<<<<<<< mine\nA\n=======\nB\n>>>>>>> theirs`;
    const once = choose(two, 1, 'theirs');
    expect(once.endsWith('\nB')).toBe(true);
    expect(hasMarkers(once)).toBe(true);
  });
});

describe('the notification list', () => {
  const n = (id: string, at: string, read: boolean): Notification => ({
    id,
    kind: 'approved',
    assignment_id: 'a',
    title: 'Bài',
    actor: 'lan',
    detail: '',
    at,
    read,
  });
  it('groups by day in order and counts the unread', () => {
    const list = [n('1', '2026-12-01 09:00:00', false), n('2', '2026-12-01 08:00:00', true), n('3', '2026-11-30 08:00:00', false)];
    const groups = byDay(list, (at) => at.slice(0, 10));
    expect(groups.map((g) => [g.day, g.items.map((i) => i.id)])).toEqual([
      ['2026-12-01', ['1', '2']],
      ['2026-11-30', ['3']],
    ]);
    expect(unreadCount(list)).toBe(2);
  });
});

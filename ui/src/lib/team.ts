// Team mode's display logic, pure so Vitest checks it: what the status pill
// says, which notifications are unread, when screens reload.
import type { MessageKey } from './i18n/vi';
import type { Notification, NotificationKind } from './bindings';

/** The team status as the shell sends it (see `TeamStatus` in bindings). */
export type Status = {
  joined: boolean;
  online: boolean;
  syncing: boolean;
  generation: number;
  counts: {
    pending: number;
    conflicts: number;
    unread: number;
    refused: number;
    set_aside?: number;
    last_sync: string | null;
  };
  problem: string | null;
};

export type Tone = 'ok' | 'busy' | 'warn' | 'off';
export type Part = { key: MessageKey; params?: Record<string, number> };

/** What the status pill shows: a tone and the parts of its text, most
 *  important first (offline or syncing, then waiting changes, then conflicts). */
export function statusLine(s: Status): { tone: Tone; parts: Part[] } {
  if (!s.joined) return { tone: 'ok', parts: [{ key: 'team.solo' }] };
  const parts: Part[] = [];
  let tone: Tone = 'ok';
  if (!s.online) {
    tone = 'off';
    parts.push({ key: 'team.offline' });
  } else if (s.syncing) {
    tone = 'busy';
    parts.push({ key: 'team.syncing' });
  } else {
    parts.push({ key: 'team.online' });
  }
  if (s.counts.pending > 0) parts.push({ key: 'team.pending', params: { count: s.counts.pending } });
  if (s.counts.conflicts > 0) {
    if (tone === 'ok' || tone === 'busy') tone = 'warn';
    parts.push({ key: 'team.conflicts', params: { count: s.counts.conflicts } });
  }
  if (s.counts.refused > 0) {
    if (tone === 'ok' || tone === 'busy') tone = 'warn';
    parts.push({ key: 'team.refused', params: { count: s.counts.refused } });
  }
  // Rows from the hub this workbench could not take: kept aside, said.
  if ((s.counts.set_aside ?? 0) > 0) {
    if (tone === 'ok' || tone === 'busy') tone = 'warn';
    parts.push({ key: 'team.set_aside', params: { count: s.counts.set_aside ?? 0 } });
  }
  return { tone, parts };
}

/** Whether a new status means the data on screen may be stale. */
export function needsReload(before: Status | null, after: Status): boolean {
  return before !== null && after.generation !== before.generation;
}

/** The message key that tells a notification of this kind. */
export function notificationKey(kind: NotificationKind): MessageKey {
  return NOTIFICATION_KEY[kind];
}

const NOTIFICATION_KEY: Record<NotificationKind, MessageKey> = {
  assigned: 'notification.assigned',
  submitted: 'notification.submitted',
  'changes-requested': 'notification.changes-requested',
  approved: 'notification.approved',
  published: 'notification.published',
  conflict: 'notification.conflict',
  refused: 'notification.refused',
  declined: 'notification.declined',
};

/** Unread first? No: newest first as they come, and the count of unread. */
export function unreadCount(list: Notification[]): number {
  return list.filter((n) => !n.read).length;
}

/** Notifications grouped by their day in Asia/Ho_Chi_Minh (dd/MM/yyyy), newest day first. */
export function byDay(list: Notification[], day: (at: string) => string): { day: string; items: Notification[] }[] {
  const groups: { day: string; items: Notification[] }[] = [];
  for (const n of list) {
    const d = day(n.at);
    const last = groups.at(-1);
    if (last && last.day === d) last.items.push(n);
    else groups.push({ day: d, items: [n] });
  }
  return groups;
}

/** The part of a merged field that conflicts, for marking on screen:
 *  the text split into plain runs and conflicting blocks (mine, theirs). */
export type Segment = { kind: 'text'; text: string } | { kind: 'conflict'; mine: string; theirs: string };

export function segments(merged: string): Segment[] {
  const out: Segment[] = [];
  const lines = merged.split('\n');
  let plain: string[] = [];
  let i = 0;
  const flush = () => {
    if (plain.length) out.push({ kind: 'text', text: plain.join('\n') });
    plain = [];
  };
  while (i < lines.length) {
    if (lines[i].startsWith('<<<<<<<')) {
      const mine: string[] = [];
      const theirs: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('=======')) mine.push(lines[i++]);
      i++;
      while (i < lines.length && !lines[i].startsWith('>>>>>>>')) theirs.push(lines[i++]);
      i++;
      flush();
      out.push({ kind: 'conflict', mine: mine.join('\n'), theirs: theirs.join('\n') });
    } else {
      plain.push(lines[i++]);
    }
  }
  flush();
  return out;
}

/** Whether a text still carries conflict markers (it cannot be saved so). */
export function hasMarkers(text: string): boolean {
  return /^(<<<<<<<|=======|>>>>>>>)/m.test(text);
}

/** Replaces the n-th conflicting block of `merged` by one side. */
export function choose(merged: string, n: number, side: 'mine' | 'theirs'): string {
  let k = 0;
  return segments(merged)
    .map((s) => {
      if (s.kind === 'text') return s.text;
      const picked = k++ === n ? s[side] : null;
      return picked ?? `<<<<<<< mine\n${s.mine}\n=======\n${s.theirs}\n>>>>>>> theirs`;
    })
    .join('\n');
}

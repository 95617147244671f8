// The team status the shell streams (`team_watch`), shared by every screen.
import { Channel } from '@tauri-apps/api/core';
import { commands, type TeamStatus } from './bindings';
import { call } from './api';

export const team = $state<{ status: TeamStatus | null }>({ status: null });

let watching = false;

/** Starts listening once per window; later calls do nothing. */
export async function watchTeam() {
  if (watching) return;
  watching = true;
  const channel = new Channel<TeamStatus>();
  channel.onmessage = (s) => (team.status = s);
  try {
    await call(commands.teamWatch(channel));
  } catch {
    watching = false;
  }
}

/** The generation of the data on screen: read it in an effect to reload when a sync brought rows. */
export function generation(): number {
  return team.status?.generation ?? 0;
}

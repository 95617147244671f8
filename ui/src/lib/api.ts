// Calls into the core through the generated bindings. A failed command becomes
// an AppError carrying the closed-set code; `errorText` gives the translated
// message plus the core's specific detail. No raw error string reaches a screen.
import type { ErrorCode, IpcError } from './bindings';
import { isMessageKey, t } from './i18n/index.svelte';

export type Code = ErrorCode | 'unexpected';

export class AppError extends Error {
  constructor(
    public code: Code,
    public detail: string,
  ) {
    super(detail);
  }
}

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: IpcError };

/** Unwraps a command's result or throws an AppError. */
export async function call<T>(p: Promise<Outcome<T>>): Promise<T> {
  let r: Outcome<T>;
  try {
    r = await p;
  } catch (e) {
    throw new AppError('unexpected', e instanceof Error ? e.message : String(e));
  }
  if (r.status === 'ok') return r.data;
  throw new AppError(r.error.code, r.error.message);
}

/** Any thrown value as an AppError. */
export function asAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  // A command rejected by IPC itself (e.g. malformed arguments) comes back as a string.
  return new AppError('unexpected', e instanceof Error ? e.message : String(e));
}

/** The translated title of an error's code. */
export function errorTitle(e: unknown): string {
  const key = `error.${asAppError(e).code}`;
  return t(isMessageKey(key) ? key : 'error.unexpected');
}

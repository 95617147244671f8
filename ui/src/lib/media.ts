// The media library from the UI: files picked, dropped or pasted are sent to the
// core one by one (at most IMPORT_CONCURRENCY at a time), and library items are
// shown through the app's media:// scheme, which serves derivatives only.
import { invoke } from '@tauri-apps/api/core';
import { LIMITS, type ImportOutcome, type IpcError, type MediaItem } from './bindings';
import { call, asAppError, AppError } from './api';
import { bytes } from './format';
import { t } from './i18n/index.svelte';

/** Files decoded at once: enough to keep both cores busy, bounded for memory. */
export const IMPORT_CONCURRENCY = 2;

/** URL of a derivative (relative path from the core) in the window. */
export function mediaUrl(rel: string | null | undefined): string {
  return rel ? `media://localhost/${rel}` : '';
}

/** A photo's credit as a caption shows it: "Ảnh: Vũ Bình", kept as typed
 *  when it already says so ("Ảnh: Vũ Bình", "ảnh TTXVN"). */
export function creditLine(credit: string): string {
  const word = t('media.chip.photo').toLocaleLowerCase('vi');
  return credit.trim().toLocaleLowerCase('vi').startsWith(word) ? credit.trim() : t('media.chip.credit', { credit: credit.trim() });
}

/** What goes into a draft to show a library image. */
export function snippet(item: Pick<MediaItem, 'id'>): string {
  return `![](media:${item.id})`;
}

/**
 * The refusal of a file larger than `max` bytes, made before the file is read
 * (a 100 MB file is never loaded into the window), or null when it fits.
 */
export function tooBig(f: { name: string; size: number }, max: number): AppError | null {
  if (f.size <= max) return null;
  return new AppError('invalid_input', t('file.tooBig', { name: f.name, size: bytes(f.size), max: bytes(max) }));
}

/** Base64 of a byte array, in chunks (no giant argument lists). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(s);
}

export type ImportReport = {
  imported: ImportOutcome[];
  failed: { name: string; error: AppError }[];
};

/** Runs `work` over `items` with at most `limit` running at once, keeping order. */
export async function bounded<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Sends one file to the library as raw bytes: the request body is the file
 * itself (no base64 inside JSON), its name and piece go in headers. The
 * command is outside the generated bindings (src-tauri/src/commands.rs, `RAW`).
 */
export async function importBytes(name: string, data: Uint8Array, assignmentId: string | null): Promise<ImportOutcome> {
  const headers: Record<string, string> = { 'x-name': encodeURIComponent(name) };
  if (assignmentId) headers['x-assignment'] = encodeURIComponent(assignmentId);
  let outcome: { status: 'ok'; data: ImportOutcome } | { status: 'error'; error: IpcError };
  try {
    outcome = { status: 'ok', data: await invoke<ImportOutcome>('import_media_bytes', data, { headers }) };
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e) outcome = { status: 'error', error: e as IpcError };
    else throw e;
  }
  return call(Promise.resolve(outcome));
}

/** Imports files, reporting progress after each; one refused file never stops the others. */
export async function importFiles(
  files: File[],
  assignmentId: string | null,
  onProgress: (done: number, total: number) => void,
): Promise<ImportReport> {
  const report: ImportReport = { imported: [], failed: [] };
  let done = 0;
  onProgress(0, files.length);
  type One = { ok: ImportOutcome } | { name: string; error: AppError };
  const results = await bounded(files, IMPORT_CONCURRENCY, async (f): Promise<One> => {
    try {
      const big = tooBig(f, LIMITS.media_bytes);
      if (big) throw big;
      return { ok: await importBytes(f.name, new Uint8Array(await f.arrayBuffer()), assignmentId) };
    } catch (e) {
      return { name: f.name, error: asAppError(e) };
    } finally {
      onProgress(++done, files.length);
    }
  });
  for (const r of results) {
    if ('ok' in r) report.imported.push(r.ok);
    else report.failed.push(r);
  }
  return report;
}

/** "2.400 × 1.600" or the file kind. */
export function sizeLabel(item: MediaItem): string {
  if (item.width && item.height) return `${item.width.toLocaleString('vi-VN')} × ${item.height.toLocaleString('vi-VN')}`;
  return item.mime;
}

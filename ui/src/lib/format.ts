// Vietnamese display formats: dd/MM/yyyy, HH:mm in Asia/Ho_Chi_Minh, "1.234.567 ₫".
// Money arrives as integer đồng and is never turned into a fraction.

const TZ = 'Asia/Ho_Chi_Minh';

/** "1.234.567 ₫" from integer đồng. */
export function vnd(dong: number): string {
  if (!Number.isSafeInteger(dong)) return '—';
  const sign = dong < 0 ? '-' : '';
  const digits = String(Math.abs(dong));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped} ₫`;
}

/** A size in bytes as people read it: "812 byte", "64 KiB", "1,5 MiB" (as the core writes it). */
export function bytes(n: number): string {
  const units: [string, number][] = [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];
  for (const [unit, div] of units) {
    if (n >= div) {
      const tenths = Math.round((n * 10) / div);
      return tenths % 10 === 0 ? `${tenths / 10} ${unit}` : `${Math.floor(tenths / 10)},${tenths % 10} ${unit}`;
    }
  }
  return `${n} byte`;
}

/** A calendar date "2026-11-22" as "22/11/2026" (no time zone involved). */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}

function vnParts(d: Date): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** A UTC instant as "22/11/2026 14:05" in Việt Nam time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = vnParts(d);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Today's calendar date in Việt Nam, "yyyy-MM-dd". */
export function todayVn(now: Date = new Date()): string {
  const p = vnParts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Whole days from `today` to `due` (both "yyyy-MM-dd"); negative when past. */
export function daysBetween(today: string, due: string): number {
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+due.slice(0, 4), +due.slice(5, 7) - 1, +due.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

/** Urgency of a deadline: overdue, due within 3 days, or later. */
export type Urgency = 'overdue' | 'soon' | 'later';
export function urgency(days: number): Urgency {
  return days < 0 ? 'overdue' : days <= 3 ? 'soon' : 'later';
}

/** Words as the core counts them (`text::word_count`): whitespace-separated
 *  pieces holding at least one letter or digit (a Vietnamese syllable is a word). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** "22/11/2026" (also "2/1/2026") → "2026-11-22"; null for anything else, including impossible dates. */
export function parseVnDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Money as people type it ("486.000.000", "486 000 000 ₫", "486000000") → integer
 *  đồng; null for anything else (negatives, decimals, letters, above 10^15). */
export function parseVnd(text: string): number | null {
  const t = text.trim().replace(/\s*(₫|đ|VNĐ|VND)$/u, '');
  if (!/^\d{1,3}([.\s\u00a0]?\d{3})*$|^\d+$/.test(t)) return null;
  const n = Number(t.replace(/[.\s\u00a0]/g, ''));
  return Number.isSafeInteger(n) && n <= 1e15 ? n : null;
}

/** "486000000" → "486.000.000" (for inputs that show grouped đồng). */
export function groupVnd(dong: number): string {
  return vnd(dong).replace(' ₫', '');
}

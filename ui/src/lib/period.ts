// Date ranges for the period report: this month, this quarter, this year,
// counted from today's date in Việt Nam ("yyyy-MM-dd" in and out).
import { todayVn } from './format';

export type Range = { from: string; to: string };
export type RangeKind = 'month' | 'quarter' | 'year';

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The month, quarter or year holding `today` ("yyyy-MM-dd", Việt Nam time by default). */
export function rangeOf(kind: RangeKind, today: string = todayVn()): Range {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const [first, last] = kind === 'month' ? [m, m] : kind === 'quarter' ? [3 * Math.floor((m - 1) / 3) + 1, 3 * Math.floor((m - 1) / 3) + 3] : [1, 12];
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay(y, last))}` };
}

/** Bar lengths for a horizontal chart: each value over the largest, 0..1. */
export function shares(values: number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? Math.max(v, 0) / max : 0));
}

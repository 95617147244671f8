// Calendar arithmetic on "yyyy-MM-dd" dates (the plan's weeks and months),
// in UTC so that no time zone or daylight-saving change moves a day.

const DAY = 86_400_000;

/** "yyyy-MM-dd" plus `n` days (negative: earlier). */
export function addDays(iso: string, n: number): string {
  const d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + n * DAY);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week holding `iso` (Vietnamese weeks start on Monday). */
export function monday(iso: string): string {
  const dow = new Date(`${iso}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(iso, -((dow + 6) % 7));
}

/** The first day of the month `n` months after the one holding `iso`. */
export function addMonths(iso: string, n: number): string {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7) - 1 + n;
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

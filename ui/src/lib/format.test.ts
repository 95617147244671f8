import { describe, expect, it } from 'vitest';
import { date, dateTime, daysBetween, parseVnDate, todayVn, urgency, vnd, wordCount } from './format';

describe('vnd', () => {
  it('groups thousands with dots and ends with ₫', () => {
    expect(vnd(1_234_567)).toBe('1.234.567 ₫');
    expect(vnd(0)).toBe('0 ₫');
    expect(vnd(999)).toBe('999 ₫');
    expect(vnd(486_000_000)).toBe('486.000.000 ₫');
    expect(vnd(-4_500_000)).toBe('-4.500.000 ₫');
  });
  it('refuses to show a value that is not an exact integer', () => {
    expect(vnd(1.5)).toBe('—');
    expect(vnd(2 ** 60)).toBe('—');
  });
});

describe('dates', () => {
  it('shows calendar dates as dd/MM/yyyy', () => {
    expect(date('2026-01-05')).toBe('05/01/2026');
    expect(date(null)).toBe('—');
    expect(date('garbage')).toBe('—');
  });
  it('shows UTC instants in Việt Nam time', () => {
    // 17:30 UTC is 00:30 the next day in Hà Nội (UTC+7).
    expect(dateTime('2026-11-21T17:30:00Z')).toBe('22/11/2026 00:30');
    expect(todayVn(new Date('2026-11-21T17:30:00Z'))).toBe('2026-11-22');
    expect(dateTime('not a date')).toBe('—');
  });
  it('counts days and urgency across months', () => {
    expect(daysBetween('2026-11-30', '2026-12-02')).toBe(2);
    expect(daysBetween('2026-11-22', '2026-11-20')).toBe(-2);
    expect(urgency(-1)).toBe('overdue');
    expect(urgency(0)).toBe('soon');
    expect(urgency(3)).toBe('soon');
    expect(urgency(4)).toBe('later');
  });
});

describe('wordCount', () => {
  it('counts Vietnamese syllables like the core', () => {
    expect(wordCount('Nghị định 123/2026/NĐ-CP về đất đai')).toBe(6);
    expect(wordCount('  — , ')).toBe(0);
    expect(wordCount('')).toBe(0);
  });
});

describe('parseVnDate', () => {
  it('reads dd/MM/yyyy and refuses impossible or other formats', () => {
    expect(parseVnDate('22/11/2026')).toBe('2026-11-22');
    expect(parseVnDate(' 2/1/2026 ')).toBe('2026-01-02');
    expect(parseVnDate('31/02/2026')).toBeNull();
    expect(parseVnDate('11/22/2026')).toBeNull();
    expect(parseVnDate('2026-11-22')).toBeNull();
  });
});

import { parseVnd } from './format';
describe('parseVnd', () => {
  it('reads money the way people type it and refuses the rest', () => {
    expect(parseVnd('486.000.000')).toBe(486_000_000);
    expect(parseVnd('486 000 000 ₫')).toBe(486_000_000);
    expect(parseVnd('4500000')).toBe(4_500_000);
    expect(parseVnd('1.200.000đ')).toBe(1_200_000);
    for (const bad of ['', '-5', '1,5', '12.34', 'abc', '1.2345', '9'.repeat(17)]) expect(parseVnd(bad), bad).toBeNull();
  });
});

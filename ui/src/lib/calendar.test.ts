import { describe, expect, it } from 'vitest';
import { addDays, addMonths, monday } from './calendar';

describe('calendar', () => {
  it('adds days across months, years and a leap day', () => {
    expect(addDays('2026-12-07', 1)).toBe('2026-12-08');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-07', 41)).toBe('2027-01-17');
  });
  it('finds the Monday of a week, Sunday being its last day', () => {
    expect(monday('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(monday('2026-12-13')).toBe('2026-12-07'); // a Sunday
    expect(monday('2026-12-12')).toBe('2026-12-07'); // a Saturday
    expect(monday('2027-01-01')).toBe('2026-12-28'); // across the year
  });
  it('moves by months to the first day, across years both ways', () => {
    expect(addMonths('2026-12-07', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-01');
    expect(addMonths('2026-05-20', 0)).toBe('2026-05-01');
  });
});

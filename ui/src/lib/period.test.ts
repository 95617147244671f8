import { describe, expect, it } from 'vitest';
import { rangeOf, shares } from './period';

describe('period ranges', () => {
  it('gives the month, quarter and year of a day', () => {
    expect(rangeOf('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(rangeOf('month', '2028-02-14')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(rangeOf('quarter', '2026-11-30')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(rangeOf('quarter', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(rangeOf('quarter', '2026-06-30')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(rangeOf('year', '2026-07-04')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
  it('uses the day in Việt Nam by default', () => {
    const r = rangeOf('quarter');
    expect(r.from <= r.to).toBe(true);
  });
});

describe('bar shares', () => {
  it('scales to the largest value', () => {
    expect(shares([2, 4, 0])).toEqual([0.5, 1, 0]);
    expect(shares([0, 0])).toEqual([0, 0]);
    expect(shares([])).toEqual([]);
  });
});

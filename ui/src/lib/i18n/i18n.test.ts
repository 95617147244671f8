import { describe, expect, it } from 'vitest';
import { vi } from './vi';
import { en } from './en';
import { format } from './index.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [k, v] of Object.entries(vi)) {
      expect(placeholders(en[k as keyof typeof vi]), k).toEqual(placeholders(v));
    }
  });
  it('are NFC and never empty', () => {
    for (const cat of [vi, en]) {
      for (const [k, v] of Object.entries(cat)) {
        expect(v.length, k).toBeGreaterThan(0);
        expect(v, k).toBe(v.normalize('NFC'));
      }
    }
  });
  it('fill placeholders and leave unknown ones visible', () => {
    expect(format('Còn {days} ngày', { days: 3 })).toBe('Còn 3 ngày');
    expect(format('{a} và {b}', { a: 'x' })).toBe('x và {b}');
  });
});

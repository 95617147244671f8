import { describe, expect, it } from 'vitest';
import { vi } from './vi';
import { en } from './en';
import { format } from './index.svelte';
import { glossary } from './glossary';

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
  it('never name a command of the command line or one of its flags', () => {
    // A message the window shows says what to do in the window; the CLI
    // adds its own hints. Tried on: "newsroom restore FILE --data-dir DIR".
    const cli = /\bnewsroom (restore|user|backup|setup|init|demo|draft|assignment|contract|agency|policy|comment|review|search|report|feedback|media|portal|publish|sync|outbox|publication|acceptance|engagement|audit|conflict|check|hub (init|connect|sync|user|watch|status|upgrade|check|move))\b|(^|[\s(«"])--[a-z]/;
    expect(cli.test('Khôi phục: newsroom restore TỆP')).toBe(true);
    expect(cli.test('bỏ bằng --clear')).toBe(true);
    expect(cli.test('The newsroom hub cannot be reached')).toBe(false);
    for (const cat of [vi, en]) {
      for (const [k, v] of Object.entries(cat)) expect(cli.test(v), `${k}: ${v}`).toBe(false);
    }
  });
  it('speak the newsroom vocabulary of the glossary (Vietnamese)', () => {
    for (const g of glossary) {
      const word = new RegExp(`(^|[^\\p{L}\\p{N}])${g.avoid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu');
      for (const [k, v] of Object.entries(vi)) expect(word.test(v.replace(/\{\w+\}/g, '')), `${k} says «${g.avoid}»: use «${g.use}» (${g.why})`).toBe(false);
    }
  });
  it('fill placeholders and leave unknown ones visible', () => {
    expect(format('Còn {days} ngày', { days: 3 })).toBe('Còn 3 ngày');
    expect(format('{a} và {b}', { a: 'x' })).toBe('x và {b}');
  });
});

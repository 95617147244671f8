import { describe, expect, it } from 'vitest';
import { contrast, rootVariables } from './contrast';

// The stylesheet as shipped, read as text.
const css = Object.values(import.meta.glob('../app.css', { query: '?raw', import: 'default', eager: true }) as Record<string, string>)[0] ?? '';
const vars = rootVariables(css);

// Every text colour of the theme on every background it is used on.
const pairs: [text: string, background: string][] = [
  ['ink', 'bg'],
  ['ink', 'panel'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['navy', 'panel'],
  ['ok', 'panel'],
  ['warn', 'panel'],
  ['bad', 'panel'],
  ['ok', 'ok-bg'],
  ['warn', 'warn-bg'],
  ['bad', 'bad-bg'],
  ['ink-2', 'ok-bg'],
  ['ink-2', 'warn-bg'],
  ['ink-2', 'bad-bg'],
  ['muted', 'warn-bg'],
  ['sidebar-ink', 'navy'],
  ['sidebar-link', 'navy'],
  ['sidebar-warn', 'navy'],
];

describe('the theme', () => {
  it('declares every colour the pairs name', () => {
    for (const [a, b] of pairs) {
      expect(vars[a], a).toMatch(/^#[0-9a-f]{6}$/i);
      expect(vars[b], b).toMatch(/^#[0-9a-f]{6}$/i);
    }
  });

  it.each(pairs)('%s on %s reaches 4.5:1 (WCAG AA, body text)', (a, b) => {
    expect(contrast(vars[a], vars[b])).toBeGreaterThanOrEqual(4.5);
  });

  it('measures what WCAG measures', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    // The sidebar's old "not backed up" red on navy: what the review found.
    expect(contrast('#b3261e', '#1f3a5f')).toBeLessThan(2);
  });
});

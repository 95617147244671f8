import { describe, expect, it } from 'vitest';

// Every component's text comes from the catalogues: a Vietnamese letter in a
// component (outside comments) is a string that bypassed `t()`.
const sources = import.meta.glob('../../**/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function withoutComments(s: string): string {
  return s
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('components', () => {
  it('are all read', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });
  it('hold no Vietnamese text of their own', () => {
    const found: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      withoutComments(text)
        .split('\n')
        .forEach((line, i) => {
          if ((line.match(/\p{L}/gu) ?? []).some((c) => c.charCodeAt(0) > 127)) found.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});

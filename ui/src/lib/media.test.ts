import { describe, expect, it } from 'vitest';
import { bounded, mediaUrl, snippet, toBase64 } from './media';

describe('media helpers', () => {
  it('encodes bytes as base64 the way atob reads them back, across chunk boundaries', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const back = Uint8Array.from(atob(toBase64(bytes)), (c) => c.charCodeAt(0));
    expect(back).toEqual(bytes);
    expect(toBase64(new Uint8Array([0xff, 0xd8, 0xff]))).toBe('/9j/');
  });

  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await bounded([30, 5, 20, 1, 10], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('builds media URLs and draft snippets', () => {
    expect(mediaUrl('ab/ab12.web.jpg')).toBe('media://localhost/ab/ab12.web.jpg');
    expect(mediaUrl(null)).toBe('');
    expect(snippet({ id: '0190' })).toBe('![](media:0190)');
  });
});

describe('creditLine', () => {
  it('says whose photo it is once', async () => {
    const { creditLine } = await import('./media');
    expect(creditLine('Vũ Bình')).toBe('Ảnh: Vũ Bình');
    expect(creditLine('Ảnh: Vũ Bình')).toBe('Ảnh: Vũ Bình');
    expect(creditLine(' ảnh TTXVN ')).toBe('ảnh TTXVN');
  });
});

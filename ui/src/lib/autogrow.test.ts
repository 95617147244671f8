import { describe, expect, it } from 'vitest';
import { oneLine } from './autogrow';

describe('oneLine', () => {
  it('turns pasted line breaks into one space and keeps the rest', () => {
    expect(oneLine('Tỉnh công bố\r\n  kết quả\n\ntiếp thu')).toBe('Tỉnh công bố kết quả tiếp thu');
    expect(oneLine('Không đổi gì')).toBe('Không đổi gì');
  });
});

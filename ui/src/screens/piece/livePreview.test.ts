import { describe, expect, it } from 'vitest';
import { EditorState, EditorSelection } from '@codemirror/state';
import { markdown } from '@codemirror/lang-markdown';
import { Decoration } from '@codemirror/view';
import { chipWords, livePreview, MediaChip, mediaInfo } from './livePreview';

const ID = '01936f1e-7a2b-7c3d-8e4f-a1b2c3d4e5f6';
const words = { credit: (c: string) => `Ảnh: ${c}`, missing: 'Ảnh không còn trong thư viện', photo: 'Ảnh' };

function state(doc: string, cursor: number) {
  return EditorState.create({
    doc,
    selection: EditorSelection.cursor(cursor),
    extensions: [
      markdown(),
      mediaInfo.of({ [ID]: { thumb: 'media://localhost/t.webp', caption: 'Cầu Sông Trà', credit: 'Vũ Bình', name: 'cau.jpg' } }),
      chipWords.of(words),
    ],
  });
}

/** What the decorations hide or replace, as the text they cover. */
function covered(doc: string, cursor: number) {
  const s = state(doc, cursor);
  const out: { text: string; widget: unknown }[] = [];
  livePreview(s).between(0, doc.length, (from, to, d: Decoration) => {
    if (from < to && (d.spec.widget || d.spec.class === undefined)) out.push({ text: doc.slice(from, to), widget: d.spec.widget });
  });
  return out;
}

describe('the body as formatted text', () => {
  const doc = `Mở đầu **đậm** và *nghiêng*.\n\n## Tiêu đề phụ\n\n> Trích lời ông Tư.\n\n- một ý\n\n![](media:${ID})\n\n[cổng](https://bienson.gov.vn)\n\nDòng cuối.`;

  it('hides the marks of the lines the cursor is not on, and shows photos as chips', () => {
    const end = doc.length; // cursor on the last line
    const c = covered(doc, end);
    const texts = c.map((x) => x.text);
    expect(texts).toEqual(expect.arrayContaining(['**', '*', '## ', '> ', '[', ']', '(', 'https://bienson.gov.vn', ')']));
    const chip = c.find((x) => x.widget instanceof MediaChip);
    expect(chip?.text).toBe(`![](media:${ID})`);
    expect((chip?.widget as MediaChip).info?.caption).toBe('Cầu Sông Trà');
    expect(c.some((x) => x.text === '-')).toBe(true); // a bullet instead
  });

  it('shows the marks again on the line being edited, never the photo reference', () => {
    const onBold = doc.indexOf('đậm');
    const texts = covered(doc, onBold).map((x) => x.text);
    expect(texts).not.toContain('**');
    expect(texts).toContain('## ');
    const onPhoto = doc.indexOf('![](');
    const c = covered(doc, onPhoto);
    expect(c.find((x) => x.widget instanceof MediaChip)?.text).toBe(`![](media:${ID})`);
  });

  it('names a photo no longer in the library; another image is a chip too, its Markdown on its own line only', () => {
    const other = '![](media:01936f1e-0000-7000-8000-000000000000)\n\n![Người dân tìm hiểu chính sách](anh/minh-hoa-15.jpg)\n\nx';
    const c = covered(other, other.length);
    const chips = c.filter((x) => x.widget instanceof MediaChip);
    expect(chips).toHaveLength(2);
    expect((chips[0].widget as MediaChip).info).toBeUndefined();
    expect((chips[0].widget as MediaChip).toDOM().textContent).toContain('Ảnh không còn trong thư viện');
    expect((chips[1].widget as MediaChip).toDOM().textContent).toBe('Người dân tìm hiểu chính sách');
    const onIt = covered(other, other.indexOf('Người'));
    expect(onIt.filter((x) => x.widget instanceof MediaChip)).toHaveLength(1);
  });

  it('draws a chip with the thumbnail, caption and credit', () => {
    const chip = new MediaChip(ID, { thumb: 'media://localhost/t.webp', caption: 'Cầu Sông Trà', credit: 'Vũ Bình', name: 'cau.jpg' }, words);
    const dom = chip.toDOM();
    expect(dom.querySelector('img')?.getAttribute('src')).toBe('media://localhost/t.webp');
    expect(dom.textContent).toBe('Cầu Sông TràẢnh: Vũ Bình');
    expect(dom.textContent).not.toContain('media:');
  });
});

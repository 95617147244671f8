// The body as formatted text, not code: a CodeMirror extension that hides the
// Markdown marks (**, *, ##, >, [](…)) everywhere but on the lines the cursor
// is on, styles what they mean (bold, italic, subheading, quotation, link),
// and shows a library photo as a chip — its thumbnail, caption and "Ảnh: …"
// credit — so the `![](media:…)` reference is never on screen. The text
// itself stays Markdown: nothing of the draft changes.
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import { Facet, type EditorState, type Range } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate, WidgetType } from '@codemirror/view';

/** What a photo chip shows. */
export type ChipInfo = { thumb: string; caption: string; credit: string; name: string };

/** The chip's words (translated by the screen). */
export type ChipWords = { credit: (credit: string) => string; missing: string; photo: string };

/** The photos of this piece by media id (the screen keeps it current). */
export const mediaInfo = Facet.define<Record<string, ChipInfo>, Record<string, ChipInfo>>({
  combine: (values) => Object.assign({}, ...values),
});

/** The chip's words. */
export const chipWords = Facet.define<ChipWords, ChipWords>({
  combine: (values) => values[values.length - 1] ?? { credit: (c) => c, missing: '', photo: '' },
});

/** A library photo in the text. */
export const MEDIA_IMAGE = /^!\[([^\]]*)\]\(media:([0-9A-Za-z-]+)\)$/;
/** Any other image: its description and address. */
const OTHER_IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)[^)]*\)$/;

export class MediaChip extends WidgetType {
  constructor(
    readonly id: string,
    readonly info: ChipInfo | undefined,
    readonly words: ChipWords,
  ) {
    super();
  }

  eq(other: MediaChip) {
    return other.id === this.id && other.info === this.info && other.words === this.words;
  }

  toDOM() {
    const chip = document.createElement('span');
    chip.className = 'cm-media-chip';
    chip.dataset.testid = 'media-chip';
    chip.dataset.media = this.id;
    chip.setAttribute('role', 'img');
    const info = this.info;
    chip.setAttribute('aria-label', info ? `${this.words.photo}: ${info.caption || info.name}` : this.words.missing);
    if (info?.thumb) {
      const img = document.createElement('img');
      img.src = info.thumb;
      img.alt = '';
      chip.append(img);
    }
    const text = document.createElement('span');
    text.className = 'cm-media-text';
    const caption = document.createElement('span');
    caption.className = 'cm-media-caption';
    caption.textContent = info ? info.caption || info.name : this.words.missing;
    text.append(caption);
    if (info?.credit) {
      const credit = document.createElement('span');
      credit.className = 'cm-media-credit';
      credit.textContent = this.words.credit(info.credit);
      text.append(credit);
    }
    chip.append(text);
    return chip;
  }

  ignoreEvent() {
    return false;
  }
}

class Bullet extends WidgetType {
  eq() {
    return true;
  }
  toDOM() {
    const s = document.createElement('span');
    s.className = 'cm-live-bullet';
    s.textContent = '•';
    return s;
  }
}

const hide = Decoration.replace({});
const strong = Decoration.mark({ class: 'cm-live-strong' });
const em = Decoration.mark({ class: 'cm-live-em' });
const link = Decoration.mark({ class: 'cm-live-link' });
const heading = Decoration.line({ class: 'cm-live-heading' });
const quote = Decoration.line({ class: 'cm-live-quote' });
const bullet = Decoration.replace({ widget: new Bullet() });

/** The lines a selection touches: their marks stay visible for editing. */
function cursorLines(state: EditorState): Set<number> {
  const lines = new Set<number>();
  for (const r of state.selection.ranges) {
    const first = state.doc.lineAt(r.from).number;
    const last = state.doc.lineAt(r.to).number;
    for (let n = first; n <= last; n++) lines.add(n);
  }
  return lines;
}

/**
 * The decorations of the whole text (a piece is at most a few thousand
 * words): pure over the state, so it is tested without a window.
 */
export function livePreview(state: EditorState, focused = true): DecorationSet {
  const tree = ensureSyntaxTree(state, state.doc.length, 200) ?? syntaxTree(state);
  const onCursor = focused ? cursorLines(state) : new Set<number>();
  const media = state.facet(mediaInfo);
  const words = state.facet(chipWords);
  const out: Range<Decoration>[] = [];
  const lineOf = (pos: number) => state.doc.lineAt(pos).number;
  const shownHere = (from: number) => onCursor.has(lineOf(from));
  tree.iterate({
    enter: (node) => {
      const { from, to } = node;
      switch (node.name) {
        case 'Image': {
          const text = state.sliceDoc(from, to);
          const m = MEDIA_IMAGE.exec(text);
          if (m) {
            // Always a chip, cursor or not: the reference is never shown.
            out.push(Decoration.replace({ widget: new MediaChip(m[2], media[m[2]], words) }).range(from, to));
            return false;
          }
          // An image from elsewhere (an address, a file name): a chip with its
          // description and file name, its Markdown shown for editing only.
          const other = OTHER_IMAGE.exec(text);
          if (other && !shownHere(from)) {
            const info = { thumb: '', caption: other[1], credit: '', name: other[2].split('/').at(-1) ?? other[2] };
            out.push(Decoration.replace({ widget: new MediaChip(`url:${other[2]}`, info, words) }).range(from, to));
            return false;
          }
          return;
        }
        case 'StrongEmphasis':
          out.push(strong.range(from, to));
          return;
        case 'Emphasis':
          out.push(em.range(from, to));
          return;
        case 'Link':
          out.push(link.range(from, to));
          return;
        case 'Blockquote':
          for (let n = lineOf(from); n <= lineOf(to); n++) out.push(quote.range(state.doc.line(n).from));
          return;
        case 'EmphasisMark':
        case 'LinkMark':
          if (!shownHere(from)) out.push(hide.range(from, to));
          return;
        case 'URL':
          if (node.node.parent?.name === 'Link' && !shownHere(from)) out.push(hide.range(from, to));
          return;
        case 'HeaderMark':
        case 'QuoteMark': {
          // The mark and the space after it.
          const end = state.sliceDoc(to, to + 1) === ' ' ? to + 1 : to;
          if (!shownHere(from)) out.push(hide.range(from, end));
          return;
        }
        case 'ListMark': {
          const mark = state.sliceDoc(from, to);
          if ((mark === '-' || mark === '*' || mark === '+') && !shownHere(from)) out.push(bullet.range(from, to));
          return;
        }
        default:
          if (/^ATXHeading[1-6]$/.test(node.name)) out.push(heading.range(state.doc.lineAt(from).from));
      }
    },
  });
  return Decoration.set(out, true);
}

/** The extension: decorations kept current, chips and hidden marks atomic
 *  (the cursor steps over them; Backspace removes a photo whole). */
export function livePreviewExtension() {
  const plugin = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = livePreview(view.state, view.hasFocus);
      }
      update(u: ViewUpdate) {
        if (
          u.docChanged ||
          u.selectionSet ||
          u.focusChanged ||
          syntaxTree(u.startState) !== syntaxTree(u.state) ||
          u.startState.facet(mediaInfo) !== u.state.facet(mediaInfo) ||
          u.startState.facet(chipWords) !== u.state.facet(chipWords)
        )
          this.decorations = livePreview(u.state, u.view.hasFocus);
      }
    },
    { decorations: (v) => v.decorations },
  );
  return [plugin, EditorView.atomicRanges.of((view) => view.plugin(plugin)?.decorations ?? Decoration.none)];
}

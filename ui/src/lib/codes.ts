// The coded values (roles, genres, channels, states…) and their labels come
// from the core through the generated bindings (`CODES`): listed once, in
// the core's order, in both languages.
import { CODES } from './bindings';
import { i18n } from './i18n/index.svelte';

export type CodeKind = keyof typeof CODES;
export type CodeOf<K extends CodeKind> = (typeof CODES)[K][number]['code'];

/** The codes of a kind, in display order. */
export function codes<K extends CodeKind>(kind: K): CodeOf<K>[] {
  return CODES[kind].map((l) => l.code as CodeOf<K>);
}

/** A coded value's label in the current language, as the core writes it
 *  (lower case, for use inside a sentence); the code itself if unknown. */
export function label(kind: CodeKind, code: string): string {
  const l = (CODES[kind] as readonly { code: string; vi: string; en: string }[]).find((x) => x.code === code);
  return l ? l[i18n.lang] : code;
}

/** The label capitalised, for badges, headings, lists and table cells. */
export function title(kind: CodeKind, code: string): string {
  const s = label(kind, code);
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

// The UI language and `t()`, the only way components get text.
import { vi, type MessageKey } from './vi';
import { en } from './en';
import type { Language } from '../bindings';

const catalogues: Record<Language, Record<MessageKey, string>> = { vi, en };

export const i18n = $state<{ lang: Language }>({ lang: 'vi' });

/** The message for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return format(catalogues[i18n.lang][key], params);
}

/** Whether `key` is a message of the catalogues (for keys built from codes). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}

/** Fills `{name}` placeholders; unknown names are left visible so they get noticed. */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type { MessageKey };

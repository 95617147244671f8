// A text field as tall as its text: the headline and the sapo show whole,
// never cut or scrolled inside a box.

/** Svelte action: keeps `node` as tall as its content; pass the bound value
 *  so a value set from code (a load, a merge) resizes it too. */
export function autogrow(node: HTMLTextAreaElement, _value?: string) {
  const fit = () => {
    node.style.height = 'auto';
    node.style.height = `${node.scrollHeight + 2}px`;
  };
  node.style.overflow = 'hidden';
  node.style.resize = 'none';
  node.addEventListener('input', fit);
  queueMicrotask(fit);
  return {
    update() {
      queueMicrotask(fit);
    },
    destroy() {
      node.removeEventListener('input', fit);
    },
  };
}

/** For a one-line field shown over several lines (the headline): Enter does
 *  not start a new line, and a pasted line break becomes a space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

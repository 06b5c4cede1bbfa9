// A tiny element builder: attributes (`on*` functions become listeners, `text` the text
// content, `true` an empty attribute, `false`/`undefined` nothing) and children.
export type Attrs = Record<string, string | boolean | number | undefined | ((e: Event) => void)>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...kids: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids) if (k) el.append(k);
  return el;
}

/** Marks the one button whose data-<key> is `value` as pressed, in place (focus stays). */
export function pressOnly(container: HTMLElement, key: string, value: string): void {
  for (const b of container.querySelectorAll<HTMLButtonElement>(`button[data-${key}]`))
    b.setAttribute('aria-pressed', String(b.dataset[key] === value));
}

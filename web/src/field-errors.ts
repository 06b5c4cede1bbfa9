// Errors beside the inputs they are about. The core and the server name the field by
// its path in the request (booking.customer.email), like Stripe's `param`; each input
// registers under the paths it answers for, with its own error line (aria-describedby).
import { h } from './dom';

interface Entry {
  input: HTMLElement;
  message: HTMLElement;
}

export class FieldErrors {
  private readonly byPath = new Map<string, Entry>();

  /** The error line for `input`, announced politely; `paths` the request fields it shows. */
  register(paths: string[], input: HTMLElement, id: string): HTMLElement {
    const message = h('p', { id, class: 'err', 'aria-live': 'polite' });
    const entry = { input, message };
    for (const p of paths) this.byPath.set(p, entry);
    input.setAttribute('aria-describedby', id);
    return message;
  }

  set(path: string, text: string): boolean {
    const e = this.byPath.get(path);
    if (!e) return false;
    e.message.textContent = text;
    if (e.input instanceof HTMLInputElement) e.input.setAttribute('aria-invalid', String(!!text));
    return true;
  }

  clear(...paths: string[]): void {
    for (const p of paths) this.set(p, '');
  }

  clearAll(): void {
    for (const p of this.byPath.keys()) this.set(p, '');
  }

  /**
   * Shows each error at its input; returns the errors that belong to none (for the
   * general alert) and the first input in error (to move focus to).
   */
  show<E extends { field: string }>(errors: E[], text: (e: E) => string): { rest: E[]; first: HTMLElement | null } {
    const rest: E[] = [];
    let first: HTMLElement | null = null;
    for (const e of errors) {
      if (this.set(e.field, text(e))) first ??= this.byPath.get(e.field)!.input;
      else rest.push(e);
    }
    return { rest, first };
  }
}

// The times of one day as a listbox: one tab stop (roving tabindex), arrow keys move
// and select (mirrored right to left), Home/End jump; each option is a button, so a
// click, Enter or Space picks it too.
import type { Slot } from './api';
import { h } from './dom';

export interface SlotLabel {
  text: string;
  /** The full description for screen readers (day, time, zone, seats). */
  aria: string;
}

/** The index an arrow key moves to in a list of `n` options (pure, for tests). */
export function nextIndex(key: string, current: number, n: number, rtl: boolean): number | null {
  if (n === 0) return null;
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const back = rtl ? 'ArrowRight' : 'ArrowLeft';
  if (key === forward || key === 'ArrowDown') return Math.min(n - 1, current + 1);
  if (key === back || key === 'ArrowUp') return Math.max(0, current - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

export class SlotPicker {
  readonly el: HTMLElement;
  private slots: Slot[] = [];
  private buttons: HTMLButtonElement[] = [];

  constructor(
    private readonly onPick: (slot: Slot) => void,
    private readonly rtl: () => boolean,
  ) {
    // Hidden until it has times (an empty listbox has no name to give).
    this.el = h('div', {
      role: 'listbox',
      class: 'opts',
      part: 'times',
      hidden: true,
      onkeydown: (e) => this.key(e as KeyboardEvent),
    });
  }

  render(slots: Slot[], selected: string | null, label: (s: Slot) => SlotLabel, listLabel: string): void {
    this.slots = slots;
    this.el.setAttribute('aria-label', listLabel);
    this.buttons = slots.map((s) => {
      const l = label(s);
      return h('button', {
        type: 'button',
        class: 'opt',
        part: 'slot',
        role: 'option',
        'data-start': s.start,
        'aria-label': l.aria,
        text: l.text,
        onclick: () => this.pick(s),
      });
    });
    this.el.replaceChildren(...this.buttons);
    this.mark(selected);
  }

  /** Marks `start` selected in place (focus stays where it is). */
  mark(start: string | null): void {
    const at = this.slots.findIndex((s) => s.start === start);
    this.buttons.forEach((b, i) => {
      b.setAttribute('aria-selected', String(i === at));
      b.tabIndex = i === (at >= 0 ? at : 0) ? 0 : -1;
    });
  }

  private pick(s: Slot): void {
    this.mark(s.start);
    this.onPick(s);
  }

  private key(e: KeyboardEvent): void {
    const current = this.buttons.findIndex((b) => b === (this.el.getRootNode() as ShadowRoot).activeElement);
    const to = nextIndex(e.key, Math.max(0, current), this.buttons.length, this.rtl());
    if (to === null) return;
    e.preventDefault();
    this.buttons[to].focus();
    this.pick(this.slots[to]);
  }
}

// The two ends of the flow: the confirmation and the failure (with a way back when
// choosing again can help). Each is filled when its step is entered.
import { h } from './dom';
import type { I18n } from './i18n';
import type { BookingView } from './api';

/**
 * What the confirmation says was paid, or null when nothing was: paid in full, a part
 * now and the rest due at the appointment, or (issue #11 item 4) the rest charged on the
 * saved card after it, or only the card saved.
 */
export function paidLine(i18n: I18n, b: BookingView, money: (amount: number) => string): string | null {
  const after = b.payment?.charge_after_service ?? 0;
  if (after > 0) {
    if (b.amount <= 0) return i18n.t('cardSavedDone', { amount: money(after) });
    return i18n.t('paidChargedAfter', { amount: money(b.amount), later: money(after) });
  }
  if (b.amount <= 0) return null;
  const later = b.quote?.due_later ?? 0;
  if (later > 0) return i18n.t('paidDueLater', { amount: money(b.amount), later: money(later) });
  return i18n.t('paid', { amount: money(b.amount) });
}

export class DoneView {
  readonly el: HTMLElement;
  readonly heading: HTMLElement;
  private readonly body = h('div');

  constructor(
    private readonly i18n: I18n,
    uid: string,
  ) {
    this.heading = h('h2', { id: `${uid}-done`, tabindex: '-1', part: 'heading', text: i18n.t('confirmed') });
    this.el = h(
      'section',
      { 'aria-labelledby': `${uid}-done`, class: 'ok', part: 'step-done confirmation', hidden: true },
      this.heading,
      this.body,
    );
  }

  /** `pending`: the booking waits for the customer's email confirmation (issue #9). */
  show(confirmation: string, paid: string | null, pending: string | null = null): void {
    this.heading.textContent = this.i18n.t(pending ? 'checkEmail' : 'confirmed');
    this.el.dataset.status = pending ? 'pending_confirmation' : 'confirmed';
    this.body.replaceChildren(
      h('p', { 'data-testid': 'confirmation', text: confirmation }),
      pending ? h('p', { 'data-testid': 'confirm-pending', text: pending }) : '',
      paid ? h('p', { text: paid }) : '',
    );
  }
}

export class FailedView {
  readonly el: HTMLElement;
  readonly heading: HTMLElement;
  private readonly body = h('div');

  constructor(
    private readonly i18n: I18n,
    uid: string,
    private readonly restart: () => void,
  ) {
    this.heading = h('h2', { id: `${uid}-failed`, tabindex: '-1', part: 'heading', text: i18n.t('failed') });
    this.el = h(
      'section',
      {
        'aria-labelledby': `${uid}-failed`,
        'aria-describedby': `${uid}-failed-why`,
        part: 'step-failed',
        hidden: true,
      },
      this.heading,
      this.body,
    );
    this.body.id = `${uid}-failed-why`;
  }

  show(message: string, canRestart: boolean): void {
    this.body.replaceChildren(
      h('p', { class: 'alert', part: 'error', 'data-testid': 'failure', text: message }),
      canRestart
        ? h('button', {
            type: 'button',
            class: 'primary',
            part: 'button-primary',
            'data-action': 'restart',
            text: this.i18n.t('chooseAnotherTime'),
            onclick: () => this.restart(),
          })
        : '',
    );
  }

  clear(): void {
    this.body.replaceChildren();
  }
}

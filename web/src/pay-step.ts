// The pay step: Stripe.js (loaded here, never before), the Payment Element in the light
// DOM slot, confirmPayment with 3-D Secure in the page, the hold's countdown, a fresh
// booking after a refused card, and waiting for the server's confirmation (it confirms
// on Stripe's webhook). Reports the outcome as step events.
import type { Api, BookingRequest, BookingView } from './api';
import { h } from './dom';
import { HoldTimer, minutesSeconds } from './hold-timer';
import { summary, type HostEvents } from './host-events';
import type { I18n } from './i18n';
import type { StepEvent } from './steps';
import { loadStripeJs, type StripeElement, type StripeElements, type StripeInstance } from './stripe';
import type { SlotpayError } from './types';

const POLL_MS = 1000;
const POLL_LIMIT_MS = 120000;
const RENEW_WAIT_MS = 4000; // how long to wait for the server to learn of a refused payment
const RENEW_POLL_MS = 400;

export interface PayContext {
  i18n: I18n;
  api: Api;
  events: HostEvents;
  stripeJs: string;
  merchant: string;
  /** The light-DOM element the Payment Element mounts into (slotted into the shadow tree). */
  mountPoint: HTMLElement;
  money(amount: number): string;
  appearance(): object;
  priceTable(b: BookingView): HTMLElement;
  dispatch(ev: StepEvent): void;
  destroyed(): boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PayStep {
  readonly el: HTMLElement;
  readonly heading: HTMLElement;
  private readonly summaryBox = h('div');
  private readonly info = h('p', { class: 'note' });
  // The countdown is not read out every second; a screen reader hears it once when a
  // minute is left (the hold is extended once, when the Payment Element is shown, and
  // no further: the slot is someone else's after it).
  private readonly hold = h('p', { class: 'note', 'aria-live': 'off' });
  private readonly holdWarning = h('p', { class: 'sr', 'aria-live': 'polite' });
  private readonly status = h('p', { class: 'note', role: 'status' });
  private readonly error = h('p', { class: 'alert', role: 'alert', part: 'error', hidden: true });
  private readonly payButton: HTMLButtonElement;
  private readonly restartButton: HTMLButtonElement;
  private readonly timer = new HoldTimer();
  private booking: BookingView | null = null;
  private token = '';
  private request: BookingRequest | null = null;
  private stripe: StripeInstance | null = null;
  private elements: StripeElements | null = null;
  private element: StripeElement | null = null;
  private busy = false;
  private settled = false;

  constructor(
    private readonly c: PayContext,
    uid: string,
  ) {
    const t = c.i18n;
    this.heading = h('h2', { id: `${uid}-pay`, tabindex: '-1', part: 'heading', text: t.t('payment') });
    this.payButton = h('button', {
      type: 'button',
      class: 'primary',
      part: 'button-primary',
      'data-action': 'pay',
      disabled: true,
      onclick: () => void this.pay(),
    });
    this.restartButton = h('button', {
      type: 'button',
      class: 'primary',
      part: 'button-primary',
      hidden: true,
      'data-action': 'restart',
      text: t.t('chooseAnotherTime'),
      onclick: () => c.dispatch({ type: 'restart' }),
    });
    this.el = h(
      'section',
      { 'aria-labelledby': `${uid}-pay`, part: 'step-pay', hidden: true },
      this.heading,
      this.summaryBox,
      this.info,
      this.hold,
      this.holdWarning,
      this.status,
      h('slot', { name: 'payment', part: 'payment' }),
      this.error,
      this.payButton,
      this.restartButton,
    );
  }

  /** A held booking to pay: shows the server's quote, the countdown, and loads Stripe.js. */
  async start(booking: BookingView, token: string, request: BookingRequest | null): Promise<void> {
    this.reset();
    this.booking = booking;
    this.token = token;
    this.request = request;
    this.summaryBox.replaceChildren(this.c.priceTable(booking));
    const t = this.c.i18n;
    const later = booking.payment?.charge_after_service ?? 0;
    if (booking.payment?.kind === 'setup') {
      // Issue #11 item 4: nothing is due now; the card is saved and charged after the service.
      this.info.textContent = t.t('saveCardInfo', { amount: this.c.money(later) });
      this.payButton.textContent = t.t('saveCard');
    } else {
      this.info.textContent = t.t('payInfo', { amount: this.c.money(booking.amount) });
      if (later > 0) this.info.textContent += ` ${t.t('chargedAfter', { amount: this.c.money(later) })}`;
      this.payButton.textContent = t.t('pay', { amount: this.c.money(booking.amount) });
    }
    this.startCountdown();
    this.say('loadingPayment');
    let Stripe;
    try {
      Stripe = await loadStripeJs(this.c.stripeJs);
    } catch {
      return this.fail({ code: 'stripe_js_unavailable', field: '', message: '' }, true);
    }
    if (this.c.destroyed() || this.booking !== booking) return;
    try {
      const p = booking.payment!;
      this.stripe = Stripe(p.publishable_key, p.stripe_account ? { stripeAccount: p.stripe_account } : undefined);
      this.mount(p.client_secret!);
    } catch {
      this.fail({ code: 'stripe_js_error', field: '', message: '' }, true);
    }
  }

  /** Back from a redirect-based payment method: no form, only the wait for the server. */
  async resume(booking: BookingView, token: string, failed: boolean): Promise<void> {
    this.reset();
    this.booking = booking;
    this.token = token;
    this.payButton.hidden = true;
    if (failed) return this.fail({ code: 'payment_failed', field: '', message: '' }, true);
    this.say('confirmingPayment');
    await this.pollUntilSettled();
  }

  /** Leaving the step: the element is destroyed, the countdown stopped. */
  stop(): void {
    this.timer.stop();
    this.element?.destroy();
    this.element = null;
    this.elements = null;
    this.booking = null;
  }

  private reset(): void {
    this.stop();
    this.holdWarning.textContent = '';
    this.busy = false;
    this.settled = false;
    this.error.hidden = true;
    this.restartButton.hidden = true;
    this.payButton.hidden = false;
    this.payButton.disabled = true;
  }

  private say(
    key: 'loadingPayment' | 'processing' | 'paymentReceived' | 'confirmingPayment' | 'cardSaved' | null,
  ): void {
    this.status.textContent = key ? this.c.i18n.t(key) : '';
  }

  private mount(clientSecret: string): void {
    this.element?.destroy();
    // The widget's language, one Stripe supports as written (en, es, fr, de, pt-BR, ja, ar).
    const locale = this.c.i18n.choice.lang;
    this.elements = this.stripe!.elements({ clientSecret, locale, appearance: this.c.appearance() });
    const pe = this.elements.create('payment');
    this.element = pe;
    pe.on('ready', () => {
      if (pe !== this.element) return;
      this.say(null);
      if (!this.busy && !this.settled && !this.expired()) this.payButton.disabled = false;
    });
    pe.on('loaderror', () => this.fail({ code: 'stripe_js_unavailable', field: '', message: '' }, true));
    pe.mount(this.c.mountPoint);
    if (this.booking) void this.extendHold(this.booking, this.token);
  }

  /**
   * The customer reached the pay step: the server's first hold is short (issue #9) and
   * becomes the full hold now. The countdown follows the server's answer; if the server
   * refuses (the hold ran out), the countdown stays as it was and runs out.
   */
  private async extendHold(booking: BookingView, token: string): Promise<void> {
    const r = await this.c.api.extendHold(booking.id, token);
    const until = r.data?.booking.hold_expires_at;
    if (!until || this.booking !== booking || this.settled || this.c.destroyed()) return;
    booking.hold_expires_at = until;
    this.startCountdown();
  }

  private startCountdown(): void {
    const b = this.booking!;
    this.timer.start(
      b.hold_expires_at,
      (left) => {
        this.hold.textContent =
          left > 0 ? this.c.i18n.t('holdLeft', { time: minutesSeconds(left) }) : this.c.i18n.t('holdExpired');
        if (left === 60) this.holdWarning.textContent = this.hold.textContent;
      },
      () => {
        if (this.settled || this.busy) return;
        this.payButton.disabled = true;
        this.fail({ code: 'hold_expired', field: '', message: '' }, true);
      },
    );
  }

  private expired(): boolean {
    const t = this.booking?.hold_expires_at;
    return !!t && Date.parse(t) <= Date.now();
  }

  private async pay(): Promise<void> {
    const b = this.booking;
    if (this.busy || !this.stripe || !this.elements || this.settled || !b) return;
    this.busy = true;
    this.payButton.disabled = true;
    this.error.hidden = true;
    this.say('processing');
    let failure: SlotpayError | null = null;
    // Only a payment Stripe refused may have ended the booking on the server (it
    // releases the hold on payment_failed); a form problem leaves the intent untouched.
    let refused = false;
    try {
      const submitted = await this.elements.submit();
      if (submitted.error) failure = stripeError(submitted.error);
      else {
        const clientSecret = b.payment!.client_secret!;
        // 3-D Secure is handled in the page; a redirect-based method leaves the page and
        // comes back to return_url, where the widget picks the booking up again.
        savePending(this.c.merchant, b, this.token);
        // Issue #11 item 4: nothing due now, the card is saved (a SetupIntent). A refused
        // card leaves the SetupIntent open for another one: the booking is not renewed.
        if (b.payment!.kind === 'setup') failure = await this.saveCard(clientSecret);
        else {
          let res = await this.stripe.confirmPayment({
            elements: this.elements,
            clientSecret,
            redirect: 'if_required',
            confirmParams: { return_url: returnUrl() },
          });
          if (res.paymentIntent?.status === 'requires_action')
            res = await this.stripe.handleNextAction({ clientSecret });
          if (res.error) {
            failure = stripeError(res.error);
            refused = res.error.type !== 'validation_error';
          } else if (!['succeeded', 'processing', 'requires_capture'].includes(res.paymentIntent.status)) {
            failure = {
              code: 'payment_incomplete',
              field: '',
              message: res.paymentIntent.last_payment_error?.message ?? '',
            };
            refused = true;
          } else {
            this.say('paymentReceived');
            await this.pollUntilSettled();
          }
        }
      }
    } catch {
      failure = { code: 'payment_error', field: '', message: '' };
      refused = true;
    }
    if (failure) {
      this.fail(failure, false);
      if (refused) await this.renewIfEnded();
      if (!this.settled && !this.expired() && this.elements) this.payButton.disabled = false;
    }
    this.busy = false;
  }

  /** Saves the card on the booking's SetupIntent; the failure to show, or null once saved. */
  private async saveCard(clientSecret: string): Promise<SlotpayError | null> {
    const saved = await this.stripe!.confirmSetup({
      elements: this.elements!,
      clientSecret,
      redirect: 'if_required',
      confirmParams: { return_url: returnUrl() },
    });
    if (saved.error) return stripeError(saved.error);
    if (saved.setupIntent.status !== 'succeeded' && saved.setupIntent.status !== 'processing')
      return { code: 'payment_incomplete', field: '', message: saved.setupIntent.last_setup_error?.message ?? '' };
    this.say('cardSaved');
    await this.pollUntilSettled();
    return null;
  }

  /**
   * After a refused payment: if the server ended the booking (payment_failed), books the
   * same choice again (a new hold and PaymentIntent) and mounts a fresh Payment Element,
   * so the customer can simply try another card.
   */
  private async renewIfEnded(): Promise<void> {
    const until = Date.now() + RENEW_WAIT_MS;
    let status = 'awaiting_payment';
    while (Date.now() < until && !this.c.destroyed()) {
      const r = await this.c.api.status(this.booking!.id, this.token);
      status = r.data?.booking.status ?? status;
      if (status !== 'awaiting_payment' && status !== 'held') break;
      await sleep(RENEW_POLL_MS);
    }
    if (status === 'awaiting_payment' || status === 'held' || this.c.destroyed()) return;
    if (status === 'confirmed') return this.pollUntilSettled();
    const r = this.request ? await this.c.api.book(this.request) : null;
    const renewed = r?.data?.booking;
    if (!r || !renewed || renewed.status !== 'awaiting_payment' || !renewed.payment?.client_secret) {
      this.elements = null;
      const why = r?.error ? ` ${this.c.i18n.error(r.error)}` : '';
      this.error.textContent = `${this.error.textContent}${why} ${this.c.i18n.t('chooseAgain')}`;
      this.restartButton.hidden = false;
      return;
    }
    this.booking = renewed;
    this.token = r.data!.access_token;
    this.c.dispatch({ type: 'renewed', booking: renewed, token: this.token });
    this.startCountdown();
    this.error.textContent += ` ${this.c.i18n.t('tryAnotherCard')}`;
    this.mount(renewed.payment!.client_secret!);
  }

  private fail(e: SlotpayError, offerRestart: boolean): void {
    this.say(null);
    if (offerRestart) this.restartButton.hidden = false;
    // Stripe's own message (already in the customer's language) when we have no words for its code.
    const known = this.c.i18n.error({ ...e, message: '' });
    const message = e.message && known === this.c.i18n.t('e_generic') ? e.message : known;
    this.error.textContent = message;
    this.error.hidden = false;
    const booking = this.booking ? summary(this.booking) : undefined;
    this.c.events.emit('error', { error: { ...e, message }, stage: 'pay', booking });
  }

  /** The server confirms on Stripe's webhook; the widget waits for that, bounded. */
  private async pollUntilSettled(): Promise<void> {
    const b = this.booking!;
    const until = Date.now() + POLL_LIMIT_MS;
    while (Date.now() < until && !this.c.destroyed()) {
      const r = await this.c.api.status(b.id, this.token);
      if (r.data) {
        const s = r.data.booking.status;
        if (s === 'confirmed') {
          this.settled = true;
          clearPending(this.c.merchant);
          this.timer.stop();
          return this.c.dispatch({ type: 'confirmed', booking: r.data.booking });
        }
        if (s === 'payment_failed' || s === 'expired' || s === 'cancelled') {
          this.settled = true;
          this.timer.stop();
          const error = { code: `booking_${s}`, field: '', message: '' };
          return this.c.dispatch({
            type: 'failed',
            error: { ...error, message: this.c.i18n.error(error) },
            stage: 'pay',
            restart: true,
          });
        }
      }
      await sleep(POLL_MS);
    }
    this.fail({ code: 'confirmation_timeout', field: '', message: '' }, false);
  }
}

function stripeError(e: {
  code?: string;
  message?: string;
  param?: string;
  type?: string;
  decline_code?: string;
}): SlotpayError {
  return {
    code: e.decline_code || e.code || e.type || 'payment_failed',
    field: e.param || '',
    message: e.message || '',
  };
}

/** This page without the parameters Stripe adds when it sends the customer back. */
function returnUrl(): string {
  const u = new URL(location.href);
  for (const k of ['payment_intent', 'payment_intent_client_secret', 'redirect_status']) u.searchParams.delete(k);
  return u.href;
}

// The booking being paid, for this tab only (sessionStorage): a redirect-based method
// leaves the page. The token only reads or cancels this one booking.
const pendingKey = (merchant: string) => `slotpay:pending:${merchant}`;

function savePending(merchant: string, b: BookingView, token: string): void {
  try {
    sessionStorage.setItem(pendingKey(merchant), JSON.stringify({ id: b.id, token, pi: b.payment?.payment_intent }));
  } catch {}
}

function clearPending(merchant: string): void {
  try {
    sessionStorage.removeItem(pendingKey(merchant));
  } catch {}
}

/** Back from a redirect (Stripe appends payment_intent & redirect_status): the pending booking, read once. */
export function takePending(merchant: string, search: string): { id: string; token: string; failed: boolean } | null {
  const q = new URLSearchParams(search);
  const pi = q.get('payment_intent');
  const status = q.get('redirect_status');
  if (!pi || !status) return null;
  let pending: { id?: unknown; token?: unknown; pi?: unknown } | null = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(pendingKey(merchant)) || 'null');
    sessionStorage.removeItem(pendingKey(merchant));
  } catch {}
  if (!pending || pending.pi !== pi || typeof pending.id !== 'string' || typeof pending.token !== 'string') return null;
  return { id: pending.id, token: pending.token, failed: status === 'failed' };
}

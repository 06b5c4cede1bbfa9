// The booking widget: catalog -> service/options -> date -> slot -> price (WASM core)
// -> customer -> book (server) -> pay (Stripe.js Payment Element) -> confirmed.
// Rendered in a Shadow DOM; the Payment Element lives in a light-DOM child slotted
// into it, because Stripe.js mounts into the document.
import { Api, type BookingRequest, type BookingView, type Catalog, type Service, type Slot } from './api';
import { loadCore, type Core, type QuoteLine, type QuoteResponse } from './core';
import { formatMoney } from './money';
import { DEFAULT_STRIPE_JS, loadStripeJs, type StripeElements, type StripeInstance } from './stripe';
import { CSS } from './style';
import { addDays, formatDay, formatSlot, localTime, nowRfc3339, todayIn, zoneAbbreviation } from './time';
import { EVENT_VERSION, type BookingResult, type BookingSummary, type MountOptions, type SlotpayError } from './types';

const DAYS_SHOWN = 14;
const POLL_MS = 1000;
const POLL_LIMIT_MS = 120000;
const RENEW_WAIT_MS = 4000; // how long to wait for the server to learn of a refused payment
const RENEW_POLL_MS = 400;

/** Receives every host-visible event (the iframe page forwards them by postMessage). */
export type Notify = (type: 'ready' | 'booked' | 'error', detail: Record<string, unknown>) => void;

export interface ResolvedOptions extends MountOptions {
  api: string;
  assets: string;
  stripeJs: string;
}

type Attrs = Record<string, string | boolean | number | undefined | ((e: Event) => void)>;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
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

let ids = 0;

export class Widget {
  private readonly api: Api;
  private readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly payHost: HTMLElement;
  private core: Core | null = null;
  private catalog!: Catalog;
  private exponent = 2;
  private online = true;
  private readonly uid = `sp${++ids}`;

  // selection
  private service: Service | null = null;
  private staff = 'any';
  private addons = new Set<string>();
  private quantity = 1;
  private coupon = '';
  private day = '';
  private slot: Slot | null = null;
  private slotsByDay = new Map<string, Slot[]>();
  private availabilitySeq = 0;
  private quote: QuoteResponse | null = null;

  // flow
  private busy = false;
  private done = false;
  private booking: BookingView | null = null;
  private token = '';
  private elements: StripeElements | null = null;
  private stripe: StripeInstance | null = null;
  private countdown = 0;
  private destroyed = false;

  // DOM
  private el: Record<string, HTMLElement> = {};
  private inputs: Record<string, HTMLInputElement> = {};

  constructor(private readonly target: HTMLElement, private readonly opts: ResolvedOptions, private readonly notify?: Notify) {
    this.api = new Api(opts.api, opts.merchant);
    this.host = h('div', { 'data-slotpay': '' });
    this.root = this.host.attachShadow({ mode: 'open' });
    this.payHost = h('div', { slot: 'payment', 'data-slotpay-payment': '' });
    this.host.append(this.payHost);
    target.append(this.host);
    this.skeleton();
  }

  /** Loads the catalog and the core; resolves when the widget is usable (or shows why not). */
  async start(): Promise<void> {
    this.status('Loading…');
    const [cat, core] = await Promise.all([
      this.api.catalog(),
      loadCore(this.opts.assets).then((c) => c, (e: Error) => ({ failed: e })),
    ]);
    if (cat.error) return this.fatal(cat.error);
    this.catalog = cat.data.catalog;
    this.online = cat.data.online_payments !== false;
    if ('failed' in core) {
      // Still usable: the server prices and validates every booking anyway; only the
      // instant preview is lost. (Cross-origin pages need CORS on the core's files.)
      console.warn(`slotpay: no instant price preview: ${core.failed.message}`);
      this.exponent = new Intl.NumberFormat('en', { style: 'currency', currency: this.catalog.merchant.currency.toUpperCase() })
        .resolvedOptions().maximumFractionDigits ?? 2;
    } else {
      this.core = core;
      const cur = core.currency({ currency: this.catalog.merchant.currency });
      if ('error' in cur) return this.fatal(cur.error);
      this.exponent = cur.exponent;
    }
    this.el.title.textContent = `Book with ${this.catalog.merchant.name}`;
    this.renderServices();
    this.el.form.hidden = false;
    this.status('');
    this.emit('ready', { merchant: this.catalog.merchant.id, price_preview: !!this.core });
    await this.resumeAfterRedirect();
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.countdown);
    this.host.remove();
  }

  // ---------------------------------------------------------------- skeleton

  private skeleton(): void {
    const u = this.uid;
    const field = (name: string, label: string, type: string, extra: Attrs = {}) => {
      const input = h('input', { id: `${u}-${name}`, name, type, 'aria-describedby': `${u}-${name}-err`, ...extra });
      this.inputs[name] = input;
      input.addEventListener('input', () => this.setFieldError(name, ''));
      return h('div', {}, h('label', { for: `${u}-${name}`, text: label }), input,
               h('p', { id: `${u}-${name}-err`, class: 'err', 'aria-live': 'polite' }));
    };
    const coupon = field('coupon', 'Coupon (optional)', 'text', { autocomplete: 'off' });
    this.inputs.coupon.addEventListener('change', () => { this.coupon = this.inputs.coupon.value.trim(); this.updateQuote(); });
    const qty = field('quantity', 'Number of people', 'number', { min: '1', value: '1', inputmode: 'numeric' });
    this.inputs.quantity.addEventListener('change', () => {
      const n = Math.floor(Number(this.inputs.quantity.value));
      this.quantity = Number.isFinite(n) && n >= 1 ? n : 1;
      this.inputs.quantity.value = String(this.quantity);
      this.updateQuote();
    });
    const s = (name: string) => (this.el[name] = h('div'));
    this.el.title = h('h2', { id: `${u}-title`, tabindex: '-1', text: 'Book' });
    this.el.status = h('p', { class: 'note', role: 'status', 'aria-live': 'polite' });
    this.el.alert = h('p', { class: 'alert', role: 'alert', hidden: true });
    this.el.qty = h('div', { hidden: true }, qty);
    this.el.form = h('form', { novalidate: true, hidden: true, 'aria-labelledby': `${u}-title`, onsubmit: (e) => { e.preventDefault(); this.book(); } },
      h('fieldset', {}, h('legend', { text: 'Service' }), s('services')),
      s('staff'), s('addons'), this.el.qty, coupon,
      h('fieldset', { id: `${u}-days` }, h('legend', { text: 'Date' }), s('days')),
      h('fieldset', { id: `${u}-slots` }, h('legend', { text: 'Time' }), s('slots'),
        h('p', { id: `${u}-start-err`, class: 'err', 'aria-live': 'polite' })),
      s('price'),
      h('fieldset', {}, h('legend', { text: 'Your details' }),
        field('name', 'Name', 'text', { autocomplete: 'name', required: true }),
        field('email', 'Email', 'email', { autocomplete: 'email', required: true }),
        field('phone', 'Phone (optional)', 'tel', { autocomplete: 'tel' })),
      (this.el.bookBtn = h('button', { type: 'submit', class: 'primary', disabled: true, text: 'Book' })));
    this.el.pay = h('section', { hidden: true, 'aria-labelledby': `${u}-pay-title` },
      h('h3', { id: `${u}-pay-title`, tabindex: '-1', text: 'Payment' }),
      (this.el.paySummary = h('div')),
      (this.el.payInfo = h('p', { class: 'note' })),
      (this.el.hold = h('p', { class: 'note', 'aria-live': 'off' })),
      h('slot', { name: 'payment' }),
      (this.el.payErr = h('p', { class: 'alert', role: 'alert', hidden: true })),
      (this.el.payBtn = h('button', { type: 'button', class: 'primary', disabled: true, onclick: () => this.pay(), text: 'Pay' })),
      (this.el.restartBtn = h('button', { type: 'button', class: 'primary', hidden: true, onclick: () => this.restart(), text: 'Choose another time' })));
    this.el.done = h('section', { hidden: true, tabindex: '-1', class: 'ok', 'aria-live': 'polite' });
    const style = h('style', { text: CSS });
    this.root.append(style, h('div', { class: 'sp' }, this.el.title, this.el.status, this.el.alert, this.el.form, this.el.pay, this.el.done));
  }

  // ---------------------------------------------------------------- selection

  private option(label: string, pressed: boolean, onclick: () => void, extra: Attrs = {}): HTMLButtonElement {
    return h('button', { type: 'button', class: 'opt', 'aria-pressed': String(pressed), onclick, text: label, ...extra });
  }

  private money(amount: number): string {
    return formatMoney(amount, this.catalog.merchant.currency, this.exponent, this.opts.locale);
  }

  private renderServices(): void {
    const box = this.el.services;
    box.replaceChildren(...this.catalog.services.map((svc) => {
      const price = svc.payment === 'free' || svc.price === 0 ? 'free' : this.money(svc.price);
      // A merchant not (yet) able to take card payments: its paid online services wait.
      const unavailable = !this.online && (svc.payment ?? 'stripe') === 'stripe' && svc.price > 0;
      return this.option(`${svc.name} · ${svc.duration_min} min · ${price}${unavailable ? ' · not bookable online yet' : ''}`,
                         this.service?.id === svc.id, () => this.pickService(svc), { 'data-service': svc.id, disabled: unavailable });
    }));
  }

  private pickService(svc: Service): void {
    if (this.busy || this.booking) return;
    this.service = svc;
    this.staff = 'any';
    this.addons.clear();
    this.quantity = 1;
    this.inputs.quantity.value = '1';
    pressOnly(this.el.services, 'service', svc.id); // in place: the focused button stays
    const staff = (this.catalog.staff || []).filter((s) => s.services.includes(svc.id));
    this.el.staff.replaceChildren();
    if (staff.length > 1) {
      const id = `${this.uid}-staff`;
      const sel = h('select', { id, onchange: (e) => { this.staff = (e.target as HTMLSelectElement).value; this.loadSlots(); } },
        h('option', { value: 'any', text: 'Anyone available' }),
        ...staff.map((s) => h('option', { value: s.id, text: s.name })));
      this.el.staff.append(h('label', { for: id, text: 'With' }), sel);
    }
    this.el.addons.replaceChildren();
    if (svc.addons?.length) {
      this.el.addons.append(h('fieldset', {}, h('legend', { text: 'Add-ons' }), ...svc.addons.map((a) => {
        const id = `${this.uid}-addon-${a.id}`;
        const cb = h('input', { type: 'checkbox', id, 'data-addon': a.id, onchange: (e) => {
          if ((e.target as HTMLInputElement).checked) this.addons.add(a.id);
          else this.addons.delete(a.id);
          this.updateQuote();
        } });
        return h('div', { class: 'chk' }, cb, h('label', { for: id, text: `${a.name} (+${this.money(a.price)})` }));
      })));
    }
    this.el.qty.hidden = !((svc.capacity ?? 1) > 1);
    this.inputs.quantity.max = String(svc.capacity ?? 1);
    this.loadSlots();
  }

  private async loadSlots(): Promise<void> {
    if (!this.service) return;
    const seq = ++this.availabilitySeq;
    this.slot = null;
    this.quote = null;
    this.renderPrice();
    this.el.days.replaceChildren();
    this.el.slots.replaceChildren(h('p', { class: 'note', text: 'Loading times…' }));
    const tz = this.catalog.merchant.timezone;
    const from = todayIn(tz);
    const days = Math.max(1, Math.min(DAYS_SHOWN, (this.catalog.schedule?.max_advance_days ?? DAYS_SHOWN) + 1));
    const r = await this.api.availability(this.service.id, this.staff, from, addDays(from, days));
    if (seq !== this.availabilitySeq || this.destroyed) return;
    if (r.error) {
      this.el.slots.replaceChildren(h('p', { class: 'alert', text: r.error.message }));
      return;
    }
    this.slotsByDay.clear();
    for (let i = 0; i < days; i++) this.slotsByDay.set(addDays(from, i), []);
    for (const s of r.data.slots) this.slotsByDay.get(s.start.slice(0, 10))?.push(s);
    if (!this.slotsByDay.get(this.day)?.length) this.day = [...this.slotsByDay].find(([, v]) => v.length)?.[0] ?? '';
    this.renderDays();
    this.renderSlots();
  }

  private renderDays(): void {
    this.el.days.replaceChildren(h('div', { class: 'opts' }, ...[...this.slotsByDay].map(([day, slots]) =>
      this.option(formatDay(day, this.opts.locale), day === this.day, () => { this.day = day; this.slot = null; pressOnly(this.el.days, 'day', day); this.renderSlots(); this.updateQuote(); },
                  { disabled: slots.length === 0, 'data-day': day, 'aria-label': `${formatDay(day, this.opts.locale)}${slots.length ? '' : ', no times'}` }))));
  }

  private renderSlots(): void {
    const slots = this.slotsByDay.get(this.day) || [];
    const tz = this.catalog.merchant.timezone;
    if (!slots.length) {
      this.el.slots.replaceChildren(h('p', { class: 'note', text: 'No free times in the next days.' }));
      return;
    }
    const abbr = zoneAbbreviation(slots[0].start, tz);
    this.el.slots.replaceChildren(
      h('p', { class: 'note', text: `Times are in ${abbr} (${tz}).` }),
      h('div', { class: 'opts' }, ...slots.map((s) => {
        // Group services show the seats left.
        const left = (this.service?.capacity ?? 1) > 1 ? `, ${s.remaining} left` : '';
        return this.option(`${localTime(s.start)}${left ? ` · ${s.remaining} left` : ''}`, this.slot?.start === s.start, () => this.pickSlot(s),
                           { 'data-start': s.start, 'aria-label': `${formatSlot(s.start, tz, this.opts.locale)}${left}` });
      })));
  }

  private pickSlot(s: Slot): void {
    if (this.busy || this.booking) return;
    this.slot = s;
    this.setFieldError('start', '');
    pressOnly(this.el.slots, 'start', s.start);
    this.inputs.quantity.max = String(Math.max(1, Math.min(this.service?.capacity ?? 1, s.remaining)));
    this.updateQuote();
  }

  private request(): BookingRequest {
    const req: BookingRequest = {
      service: this.service!.id, staff: this.staff, start: this.slot!.start, quantity: this.quantity,
      addons: [...this.addons], tip: 0,
      customer: { name: this.inputs.name.value.trim(), email: this.inputs.email.value.trim() },
    };
    if (this.coupon) req.coupon = this.coupon;
    const phone = this.inputs.phone.value.trim();
    if (phone) req.customer.phone = phone;
    return req;
  }

  /** The price, computed in the browser by the same core the server charges with. */
  private updateQuote(): void {
    this.quote = null;
    this.setFieldError('coupon', '');
    this.setFieldError('quantity', '');
    if (this.service && this.slot && this.core) {
      const { customer: _c, ...booking } = this.request();
      const q = this.core.quote({ catalog: this.catalog, booking });
      if ('error' in q) {
        if (!this.showFieldError(q.error)) this.renderPrice(q.error.message);
        else this.renderPrice();
        this.el.bookBtn.setAttribute('disabled', '');
        return;
      }
      this.quote = q;
    }
    this.renderPrice();
  }

  private renderPrice(problem?: string): void {
    const q = this.quote;
    // Without the core (it failed to load) the server prices the booking: Book is
    // allowed once a slot is chosen, and the server's quote is shown at the pay step.
    const ready = q ? true : !this.core && !!this.service && !!this.slot;
    this.el.bookBtn.toggleAttribute('disabled', !ready || !!problem || this.busy || !!this.booking);
    if (problem) return void this.el.price.replaceChildren(h('p', { class: 'alert', text: problem }));
    if (!this.service || !this.slot) return void this.el.price.replaceChildren();
    if (!q) {
      return void this.el.price.replaceChildren(h('div', { class: 'price' },
        h('p', { class: 'note', 'data-testid': 'slot-summary', text: formatSlot(this.slot.start, this.catalog.merchant.timezone, this.opts.locale) }),
        this.core ? '' : h('p', { class: 'note', 'data-testid': 'no-preview', text: 'The exact price is shown before you pay.' })));
    }
    this.el.price.replaceChildren(this.priceView(q, this.service, this.slot.start, this.quantity));
  }

  /** The price table for a quote: the core's preview, or the server's quote at the pay step. */
  private priceView(q: QuoteResponse, svc: Service, start: string, quantity: number): HTMLElement {
    const label = (l: QuoteLine): string => {
      if (l.kind === 'service') return `${svc.name}${quantity > 1 ? ` × ${quantity}` : ''}`;
      if (l.kind === 'addon') return svc.addons?.find((a) => a.id === l.id)?.name ?? l.id;
      if (l.kind === 'discount') return `Discount ${l.code}`;
      if (l.kind === 'tax') return `Tax (${l.rate_bps / 100}%${l.inclusive ? ', included' : ''})`;
      if (l.kind === 'tip') return 'Tip';
      return String((l as { kind: string }).kind); // a kind added to the contract later
    };
    const row = (a: string, b: string, cls?: string, testid?: string) =>
      h('tr', { class: cls, 'data-testid': testid }, h('td', { text: a }), h('td', { text: b }));
    const payNote = q.payment === 'free' ? 'Nothing to pay.'
      : q.payment === 'external' ? 'Paid directly to the business, not online.'
      : q.payment === 'pay_at_venue' ? 'Paid at the venue, not online.'
      : q.due_later > 0 ? 'A deposit is charged now; the rest is due at the appointment.' : 'Paid in full now.';
    return h('div', { class: 'price', 'aria-label': 'Price' },
      h('p', { class: 'note', 'data-testid': 'slot-summary', text: formatSlot(start, this.catalog.merchant.timezone, this.opts.locale) }),
      h('table', {}, h('tbody', {},
        ...q.lines.map((l) => row(label(l), this.money(l.amount))),
        row('Total', this.money(q.total), 'total', 'total'),
        q.payment === 'stripe' ? row('Due now', this.money(q.due_now), undefined, 'due-now') : null,
        q.payment === 'stripe' && q.due_later > 0 ? row('Due later', this.money(q.due_later), undefined, 'due-later') : null)),
      h('p', { class: 'note', text: payNote }));
  }


  // ---------------------------------------------------------------- errors

  private static FIELD_OF: Record<string, string> = {
    'booking.customer.name': 'name', 'booking.customer.email': 'email', 'booking.customer.phone': 'phone',
    'booking.coupon': 'coupon', 'booking.quantity': 'quantity', 'booking.start': 'start',
  };

  private setFieldError(name: string, message: string): void {
    const err = this.root.getElementById(`${this.uid}-${name}-err`);
    if (err) err.textContent = message;
    this.inputs[name]?.setAttribute('aria-invalid', String(!!message));
  }

  /** Shows an error beside its input; false when it belongs to no input. */
  private showFieldError(e: SlotpayError): boolean {
    const name = Widget.FIELD_OF[e.field];
    if (!name) return false;
    this.setFieldError(name, e.message);
    return true;
  }

  private showErrors(errors: SlotpayError[]): void {
    const general: string[] = [];
    let first: HTMLElement | null = null;
    for (const e of errors) {
      if (this.showFieldError(e)) first ??= this.inputs[Widget.FIELD_OF[e.field]] ?? this.el.slots;
      else general.push(e.message);
    }
    this.alert(general.join(' '));
    first?.focus();
  }

  private alert(message: string): void {
    this.el.alert.textContent = message;
    this.el.alert.hidden = !message;
  }

  private status(message: string): void {
    this.el.status.textContent = message;
  }

  private fatal(e: SlotpayError): void {
    this.status('');
    this.alert(e.message);
    this.emit('error', { error: e, stage: 'load' });
    this.finish({ error: e });
  }

  // ---------------------------------------------------------------- booking

  private async book(): Promise<void> {
    if (this.busy || this.booking || !this.service || !this.slot || (this.core && !this.quote)) return;
    this.alert('');
    for (const n of ['name', 'email', 'phone', 'start']) this.setFieldError(n, '');
    // The coupon field may have been edited and submitted with Enter: price it first.
    if (this.inputs.coupon.value.trim() !== this.coupon) {
      this.coupon = this.inputs.coupon.value.trim();
      return this.updateQuote();
    }
    const req = this.request();
    // The core's own checks first: every problem at once, beside the right input.
    if (this.core) {
      const v = this.core.validate({ catalog: this.catalog, now: nowRfc3339(), bookings: [], holds: [], booking: req });
      if ('error' in v) return this.showErrors([v.error]);
      if (!v.ok) return this.showErrors(v.errors);
    }
    this.busy = true;
    this.renderPrice();
    this.status('Booking…');
    const r = await this.api.book(req);
    this.busy = false;
    this.status('');
    if (r.error) {
      this.renderPrice();
      this.showErrors(r.errors?.length ? r.errors : [r.error]);
      this.emit('error', { error: r.error, stage: 'book' });
      if (r.error.code === 'slot_unavailable') this.loadSlots();
      return;
    }
    this.lastRequest = req;
    this.booking = r.data.booking;
    this.token = r.data.access_token;
    this.lockForm(true);
    if (this.booking.status === 'confirmed') return this.confirmed(this.booking);
    if (this.booking.status === 'awaiting_payment' && this.booking.payment?.client_secret) return this.startPayment();
    this.fatal({ code: 'unexpected_status', field: '', message: `The booking is ${this.booking.status}.` });
  }

  private lastRequest: BookingRequest | null = null;
  private paymentElement: { destroy(): void } | null = null;

  private lockForm(locked: boolean): void {
    for (const el of this.el.form.querySelectorAll('button,input,select')) el.toggleAttribute('disabled', locked);
  }

  /** Back to the form (hold expired, slot gone): the customer's details stay filled in. */
  private restart(): void {
    clearInterval(this.countdown);
    // Best effort: give the held slot back now rather than at the hold's expiry.
    if (this.booking && !this.done && (this.booking.status === 'awaiting_payment' || this.booking.status === 'held'))
      void this.api.cancel(this.booking.id, this.token);
    this.done = false;
    this.paymentElement?.destroy();
    this.paymentElement = null;
    this.elements = null;
    this.booking = null;
    this.token = '';
    this.el.pay.hidden = true;
    this.el.payErr.hidden = true;
    this.el.payBtn.hidden = false;
    this.el.form.hidden = false;
    this.lockForm(false);
    this.loadSlots();
    this.el.title.focus();
  }

  private async startPayment(): Promise<void> {
    const b = this.booking!;
    const p = b.payment!;
    // The choice collapses to its summary; the form comes back on restart().
    this.el.form.hidden = true;
    // The server's quote: what is charged (the preview showed the same numbers).
    const svc = this.catalog.services.find((x) => x.id === b.booking.service) ?? this.service!;
    this.el.paySummary.replaceChildren(this.priceView(b.quote, svc, b.booking.start, b.booking.quantity));
    this.el.pay.hidden = false;
    this.el.restartBtn.hidden = true;
    this.el.payBtn.setAttribute('disabled', '');
    this.el.payInfo.textContent = `Pay ${this.money(b.amount)} now to confirm your booking.`;
    this.el.payBtn.textContent = `Pay ${this.money(b.amount)}`;
    this.startCountdown(b.hold_expires_at);
    (this.el.pay.querySelector('h3') as HTMLElement).focus();
    this.status('Loading the payment form…');
    let StripeCtor;
    try {
      StripeCtor = await loadStripeJs(this.opts.stripeJs);
    } catch (e) {
      return this.payError({ code: 'stripe_js_unavailable', field: '', message: 'The payment form could not be loaded. Check your connection and try again.' }, true, true);
    }
    if (this.destroyed) return;
    try {
      this.stripe = StripeCtor(p.publishable_key, p.stripe_account ? { stripeAccount: p.stripe_account } : undefined);
      this.mountPaymentElement(p.client_secret!);
    } catch (e) {
      this.payError({ code: 'stripe_js_error', field: '', message: 'The payment form could not be started.' }, true, true);
    }
  }

  private mountPaymentElement(clientSecret: string): void {
    this.paymentElement?.destroy();
    this.elements = this.stripe!.elements({ clientSecret, ...(this.opts.locale ? { locale: this.opts.locale } : {}) });
    const pe = this.elements.create('payment');
    this.paymentElement = pe;
    pe.on('ready', () => {
      if (pe !== this.paymentElement) return;
      this.status('');
      if (!this.busy && !this.done && !this.expired()) this.el.payBtn.removeAttribute('disabled');
    });
    pe.on('loaderror', (ev: any) => this.payError({ code: 'stripe_js_unavailable', field: '', message: ev?.error?.message || 'The payment form could not be loaded.' }, true, true));
    pe.mount(this.payHost);
  }

  private async pay(): Promise<void> {
    if (this.busy || !this.stripe || !this.elements || this.done || !this.booking) return;
    const b = this.booking;
    this.busy = true;
    this.el.payBtn.setAttribute('disabled', '');
    this.el.payErr.hidden = true;
    this.status('Processing payment…');
    let failure: SlotpayError | null = null;
    // Only a payment Stripe refused may have ended the booking on the server (it
    // releases the hold on payment_failed); a form problem leaves the intent untouched.
    let refused = false;
    try {
      const submitted = await this.elements.submit();
      if (submitted.error) failure = stripeErr(submitted.error);
      else {
        const clientSecret = b.payment!.client_secret!;
        // 3-D Secure is handled in the page (redirect only for redirect-based methods).
        // Cards and wallets finish here; a redirect-based method leaves the page and comes
        // back to return_url, where resumeAfterRedirect() picks the booking up again.
        this.savePending(b);
        let res = await this.stripe.confirmPayment({ elements: this.elements, clientSecret, redirect: 'if_required',
                                                     confirmParams: { return_url: returnUrl() } });
        if (res.paymentIntent?.status === 'requires_action') res = await this.stripe.handleNextAction({ clientSecret });
        if (res.error) {
          failure = stripeErr(res.error);
          refused = res.error.type !== 'validation_error';
        } else if (!['succeeded', 'processing', 'requires_capture'].includes(res.paymentIntent.status)) {
          failure = { code: 'payment_incomplete', field: '', message: res.paymentIntent.last_payment_error?.message || 'The payment was not completed. Try again.' };
          refused = true;
        } else {
          this.status('Payment received, confirming your booking…');
          await this.pollUntilSettled();
        }
      }
    } catch (e) {
      failure = { code: 'payment_error', field: '', message: 'The payment could not be completed. Try again.' };
      refused = true;
    }
    if (failure) {
      this.payError(failure, true);
      if (refused) await this.renewIfEnded();
      if (!this.done && !this.expired() && this.elements) this.el.payBtn.removeAttribute('disabled');
    }
    this.busy = false;
  }

  /**
   * After a refused payment: if the server ended the booking (payment_failed), books
   * the same choice again (a new hold and PaymentIntent) and mounts a fresh Payment
   * Element, so the customer can simply try another card.
   */
  private async renewIfEnded(): Promise<void> {
    const until = Date.now() + RENEW_WAIT_MS;
    let status = 'awaiting_payment';
    while (Date.now() < until && !this.destroyed) {
      const r = await this.api.status(this.booking!.id, this.token);
      status = r.data?.booking.status ?? status;
      if (status !== 'awaiting_payment' && status !== 'held') break;
      await new Promise((r2) => setTimeout(r2, RENEW_POLL_MS));
    }
    if (status === 'awaiting_payment' || status === 'held' || this.destroyed) return;
    if (status === 'confirmed') return this.pollUntilSettled();
    const r = await this.api.book(this.lastRequest!);
    if (r.error || r.data.booking.status !== 'awaiting_payment' || !r.data.booking.payment?.client_secret) {
      this.elements = null;
      this.el.payErr.textContent = `${this.el.payErr.textContent} ${r.error?.message ?? ''} Please choose a time again.`.trim();
      this.el.restartBtn.hidden = false;
      return;
    }
    this.booking = r.data.booking;
    this.token = r.data.access_token;
    this.startCountdown(this.booking.hold_expires_at);
    this.el.payErr.textContent += ' Try again or use another card.';
    this.mountPaymentElement(this.booking.payment!.client_secret!);
  }

  private payError(e: SlotpayError, keepDisabled = false, offerRestart = false): void {
    this.status('');
    if (offerRestart) this.el.restartBtn.hidden = false;
    this.el.payErr.textContent = e.message;
    this.el.payErr.hidden = false;
    if (!keepDisabled && !this.done && !this.expired()) this.el.payBtn.removeAttribute('disabled');
    this.emit('error', { error: e, stage: 'pay', booking: this.summary(this.booking!) });
  }

  private pendingKey(): string {
    return `slotpay:pending:${this.opts.merchant}`;
  }

  /** Kept for this tab only (sessionStorage); the token only reads or cancels this booking. */
  private savePending(b: BookingView): void {
    try {
      sessionStorage.setItem(this.pendingKey(), JSON.stringify({ id: b.id, token: this.token, pi: b.payment?.payment_intent }));
    } catch {}
  }

  /** Back from a redirect-based payment method (Stripe appends payment_intent & redirect_status). */
  private async resumeAfterRedirect(): Promise<void> {
    const q = new URLSearchParams(location.search);
    const pi = q.get('payment_intent');
    if (!pi || !q.get('redirect_status')) return;
    let pending: { id?: unknown; token?: unknown; pi?: unknown } | null = null;
    try {
      pending = JSON.parse(sessionStorage.getItem(this.pendingKey()) || 'null');
      sessionStorage.removeItem(this.pendingKey());
    } catch {}
    if (!pending || pending.pi !== pi || typeof pending.id !== 'string' || typeof pending.token !== 'string') return;
    const r = await this.api.status(pending.id, pending.token);
    if (!r.data) return;
    this.booking = r.data.booking;
    this.token = pending.token;
    this.lockForm(true);
    this.el.form.hidden = true;
    if (this.booking.status === 'confirmed') return this.confirmed(this.booking);
    this.el.pay.hidden = false;
    this.el.payBtn.hidden = true;
    if (q.get('redirect_status') === 'failed') {
      return this.payError({ code: 'payment_failed', field: '', message: 'The payment was not completed.' }, true, true);
    }
    this.status('Confirming your payment…');
    await this.pollUntilSettled();
  }

  /** The server confirms on Stripe's webhook; the widget waits for that, bounded. */
  private async pollUntilSettled(): Promise<void> {
    const b = this.booking!;
    const until = Date.now() + POLL_LIMIT_MS;
    while (Date.now() < until && !this.destroyed) {
      const r = await this.api.status(b.id, this.token);
      if (r.data) {
        const s = r.data.booking.status;
        if (s === 'confirmed') return this.confirmed(r.data.booking);
        if (s === 'payment_failed' || s === 'expired' || s === 'cancelled') {
          this.done = true;
          clearInterval(this.countdown);
          return this.payError({ code: `booking_${s}`, field: '', message: `The booking could not be confirmed (${s.replace('_', ' ')}).` }, true, true);
        }
      }
      await new Promise((r2) => setTimeout(r2, POLL_MS));
    }
    this.payError({ code: 'confirmation_timeout', field: '', message: 'Your payment is being processed; the confirmation is taking longer than usual. You will receive an email.' }, true);
  }

  private confirmed(b: BookingView): void {
    this.done = true;
    try {
      sessionStorage.removeItem(this.pendingKey());
    } catch {}
    this.booking = b;
    clearInterval(this.countdown);
    this.status('');
    this.el.pay.hidden = true;
    this.el.form.hidden = true;
    const when = formatSlot(b.booking.start, this.catalog.merchant.timezone, this.opts.locale);
    const svcName = this.catalog.services.find((s) => s.id === b.booking.service)?.name ?? b.booking.service;
    this.el.done.replaceChildren(
      h('h3', { text: 'Booking confirmed' }),
      h('p', { 'data-testid': 'confirmation', text: `${svcName}, ${when}. Reference ${b.id}.` }),
      b.amount > 0 ? h('p', { text: `Paid ${this.money(b.amount)}${b.quote?.due_later > 0 ? `; ${this.money(b.quote.due_later)} due at the appointment` : ''}.` }) : '');
    this.el.done.hidden = false;
    this.el.done.focus();
    const summary = this.summary(b);
    this.emit('booked', { booking: summary });
    this.finish({ booking: summary });
  }

  private startCountdown(expiresAt: string | null): void {
    clearInterval(this.countdown);
    if (!expiresAt) return;
    const end = Date.parse(expiresAt);
    const tick = () => {
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      const mm = String(Math.floor(left / 60));
      const ss = String(left % 60).padStart(2, '0');
      this.el.hold.textContent = left > 0 ? `Your time is held for ${mm}:${ss}.` : 'The hold on this time has expired.';
      if (left === 0) {
        clearInterval(this.countdown);
        if (!this.done && !this.busy) {
          this.el.payBtn.setAttribute('disabled', '');
          this.payError({ code: 'hold_expired', field: '', message: 'The time was released because payment took too long. Please choose a time again.' }, true, true);
        }
      }
    };
    tick();
    this.countdown = window.setInterval(tick, 1000);
  }

  private expired(): boolean {
    const t = this.booking?.hold_expires_at;
    return !!t && Date.parse(t) <= Date.now();
  }

  private summary(b: BookingView): BookingSummary {
    return {
      id: b.id, status: b.status, merchant: b.merchant_id, service: b.booking.service, staff: b.booking.staff,
      start: b.booking.start, quantity: b.booking.quantity, amount: b.amount, currency: b.currency,
      total: b.quote?.total ?? 0, due_later: b.quote?.due_later ?? 0, payment: b.payment_mode,
    };
  }

  // ---------------------------------------------------------------- host

  private resultSent = false;
  private finish(result: BookingResult): void {
    if (this.resultSent || !this.opts.onResult) return;
    this.resultSent = true;
    try {
      this.opts.onResult(result);
    } catch (e) {
      console.error('slotpay: onResult callback threw', e);
    }
  }

  private emit(type: 'ready' | 'booked' | 'error', detail: Record<string, unknown>): void {
    const d = { v: EVENT_VERSION, ...detail };
    try {
      this.target.dispatchEvent(new CustomEvent(`slotpay:${type}`, { detail: d, bubbles: true, composed: true }));
    } catch (e) {
      console.error('slotpay: a host event listener threw', e);
    }
    this.notify?.(type, d);
  }
}

/** Marks the one option button whose data-<key> is `value` as pressed (no re-render, so focus stays). */
function pressOnly(container: HTMLElement, key: string, value: string): void {
  for (const b of container.querySelectorAll<HTMLButtonElement>(`button[data-${key}]`))
    b.setAttribute('aria-pressed', String(b.dataset[key] === value));
}

/** This page without the parameters Stripe adds when it sends the customer back. */
function returnUrl(): string {
  const u = new URL(location.href);
  for (const k of ['payment_intent', 'payment_intent_client_secret', 'redirect_status']) u.searchParams.delete(k);
  return u.href;
}

function stripeErr(e: { code?: string; message?: string; param?: string; type?: string; decline_code?: string }): SlotpayError {
  return { code: e.decline_code || e.code || e.type || 'payment_failed', field: e.param || '', message: e.message || 'The payment failed.' };
}

export function resolveTarget(target: string | Element | undefined): HTMLElement | null {
  if (!target) return null;
  if (typeof target === 'string') {
    try {
      return document.querySelector(target);
    } catch {
      return null;
    }
  }
  return target instanceof HTMLElement ? target : null;
}

export { DEFAULT_STRIPE_JS };

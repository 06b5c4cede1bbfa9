// The booking widget: choose (service, options, date, time, price preview) -> details
// (customer, tip) -> pay (Stripe.js) -> done, or failed. The steps are data (steps.ts);
// this class carries out their effects and keeps the customer's selection. Rendered in
// a Shadow DOM; the Payment Element lives in a light-DOM child slotted into it, because
// Stripe.js mounts into the document.
//
// Performance: the services are drawn from the server's catalog answer alone (money
// with the currency facts from that answer, or Stripe's table); the WASM core loads in
// parallel and is needed only for the price preview and in-browser validation.
import { Api, type BookingRequest, type BookingView, type Catalog, type Service, type Slot } from './api';
import { ChooseView } from './choose-view';
import { loadCore, type Core, type QuoteResponse } from './core';
import { factsFromCore, factsFromServer, factsFromTable, type CurrencyFacts } from './currency';
import { DetailsView } from './details-view';
import { h } from './dom';
import { FieldErrors } from './field-errors';
import { HostEvents, summary, type Notify } from './host-events';
import { I18n, loadMessages, resolveLocale } from './i18n';
import { numberFormat } from './intl';
import { formatMoney } from './money';
import { DoneView, FailedView, paidLine } from './outcome-views';
import { PayStep, takePending } from './pay-step';
import { StepViews } from './step-views';
import { priceTable } from './price-view';
import { quantityMax } from './quantity';
import { transition, type Effect, type Step, type StepEvent } from './steps';
import { DEFAULT_STRIPE_JS } from './stripe';
import { CSS } from './style';
import { colorScheme, resolveTheme, stripeAppearance, themeDeclarations } from './theme';
import { addDays, formatDay, formatSlot, localTime, nowRfc3339, todayIn, zoneAbbreviation } from './time';
import { priceChoice, priceRemote, type Priced } from './pricing';
import type { TipChoice } from './tips';
import type { MountOptions, SlotpayError } from './types';

export type { Notify };

const DAYS_SHOWN = 14;
/** Fields of the choose step: their errors send the customer back there. */
const CHOOSE_FIELDS = ['booking.start', 'booking.quantity', 'booking.coupon'];

export interface ResolvedOptions extends MountOptions {
  api: string;
  assets: string;
  stripeJs: string;
}

interface Selection {
  service: Service | null;
  staff: string;
  addons: Set<string>;
  quantity: number;
  coupon: string;
  day: string;
  slot: Slot | null;
  tip: TipChoice;
}

let ids = 0;

type Views = { choose: ChooseView; details: DetailsView; pay: PayStep; done: DoneView; failed: FailedView };

export class Widget {
  private readonly api: Api;
  private readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly frame: HTMLElement;
  private readonly probe = h('span', { class: 'probe', 'aria-hidden': 'true' });
  private readonly alertLine = h('p', { class: 'alert', role: 'alert', part: 'error', hidden: true });
  private readonly statusLine = h('p', { class: 'note', role: 'status' });
  private readonly payMount: HTMLElement;
  private readonly events: HostEvents;
  private readonly errors = new FieldErrors();
  private readonly uid = `sp${++ids}`;
  private i18n = new I18n({ lang: 'en', intl: 'en' });
  private catalog!: Catalog;
  private facts!: CurrencyFacts;
  private factsFromServer = false;
  private online = true;
  private core: Core | null = null;
  private coreSettled = false;
  private step: Step = { kind: 'choose' };
  private sel: Selection = {
    service: null,
    staff: 'any',
    addons: new Set(),
    quantity: 1,
    coupon: '',
    day: '',
    slot: null,
    tip: { kind: 'none' },
  };
  private slotsByDay = new Map<string, Slot[]>();
  private slotsSeq = 0;
  private quote: QuoteResponse | null = null;
  /** The tip's amount in the current quote (0 without one). */
  private tip = 0;
  private quoteBlocked = false;
  private quoteSeq = 0; // the latest price asked for (a server quote answers later)
  private busy = false;
  private destroyed = false;
  private choose!: ChooseView;
  private views!: StepViews<Views>;
  /** One price box, moved into the step on screen (choose or details). */
  private readonly priceBox = h('div');

  constructor(
    target: HTMLElement,
    private readonly opts: ResolvedOptions,
    notify?: Notify,
  ) {
    this.api = new Api(opts.api, opts.merchant);
    this.events = new HostEvents(target, notify, opts.onResult);
    this.host = h('div', { 'data-slotpay': '', 'data-color-scheme': colorScheme(opts.theme?.colorScheme) });
    for (const [prop, value] of themeDeclarations(opts.theme)) this.host.style.setProperty(prop, value);
    this.root = this.host.attachShadow({ mode: 'open' });
    this.payMount = h('div', { slot: 'payment', 'data-slotpay-payment': '' });
    this.host.append(this.payMount);
    this.frame = h('div', { class: 'sp', part: 'container', 'aria-busy': 'true' }, this.statusLine, this.alertLine);
    this.root.append(h('style', { text: CSS }), this.probe, this.frame);
    target.append(this.host);
  }

  /** Loads the catalog, the messages and (in parallel) the core; resolves when ready or failed. */
  async start(): Promise<void> {
    mark('start');
    const choice = resolveLocale([this.opts.locale, ...(navigator.languages ?? []), navigator.language]);
    const core = loadCore(this.opts.assets).then(
      (c) => c,
      (e: Error) => {
        // Still usable: the server prices and validates every booking anyway; only the
        // instant preview is lost. (Cross-origin pages need CORS on the core's files.)
        console.warn(`slotpay: no instant price preview: ${e.message}`);
        return null;
      },
    );
    const loading = Promise.all([this.api.catalog(), loadMessages(choice, this.opts.assets)]);
    // The page's first number formatter sets up ICU (10-30 ms of this thread): made now,
    // while the catalog is on its way, it is off the first render's path (the messages
    // reuse it). In a page with the loader it is already made (loader.ts): no cost here.
    numberFormat(choice.intl);
    const [cat, i18n] = await loading;
    if (this.destroyed) return;
    this.i18n = i18n;
    this.api.customerLocale = i18n.choice.lang;
    this.frame.lang = this.i18n.choice.lang;
    this.frame.dir = this.i18n.dir;
    this.buildViews();
    if (cat.error) {
      this.coreSettled = true;
      this.frame.removeAttribute('aria-busy');
      this.dispatch({ type: 'failed', error: cat.error, stage: 'load', restart: false });
      this.events.finish({ error: cat.error });
      return;
    }
    this.catalog = cat.data.catalog;
    this.online = cat.data.online_payments !== false;
    const code = this.catalog.merchant.currency;
    const server = factsFromServer(cat.data.currency, code);
    this.factsFromServer = !!server;
    this.facts = server ?? factsFromTable(code);
    this.choose.setTitle(this.i18n.t('title', { merchant: this.catalog.merchant.name }));
    this.renderServices();
    this.showStep();
    this.frame.removeAttribute('aria-busy');
    mark('services-shown');

    this.core = await core;
    this.coreSettled = true;
    if (this.destroyed) return;
    if (this.core) {
      const fromCore = this.factsFromServer ? null : factsFromCore(this.core, code);
      if (
        fromCore &&
        (fromCore.exponent !== this.facts.exponent || fromCore.amount_multiple_of !== this.facts.amount_multiple_of)
      ) {
        this.facts = fromCore;
        this.renderServices();
      } else if (fromCore) this.facts = fromCore;
      this.updateQuote();
      mark('price-ready');
    } else this.renderPrice();
    this.events.emit('ready', { merchant: this.catalog.merchant.id, price_preview: !!this.core });
    await this.resumeAfterRedirect();
  }

  destroy(): void {
    this.destroyed = true;
    this.views?.peek('pay')?.stop();
    this.host.remove();
  }

  // ---------------------------------------------------------------- views and steps

  private buildViews(): void {
    const { i18n, uid, errors } = this;
    const choose = () =>
      new ChooseView(i18n, uid, errors, {
        service: (svc) => this.pickService(svc),
        staff: (id) => ((this.sel.staff = id), this.loadSlots()),
        addon: (id, on) => (on ? this.sel.addons.add(id) : this.sel.addons.delete(id), this.updateQuote()),
        quantity: (n) => ((this.sel.quantity = n), this.updateQuote()),
        coupon: (code) => ((this.sel.coupon = code), this.updateQuote()),
        day: (day) => this.pickDay(day),
        slot: (s) => this.pickSlot(s),
        continue: () => this.dispatch({ type: 'continue', ready: this.canContinue() }),
      });
    const details = () =>
      new DetailsView(i18n, uid, errors, {
        back: () => this.dispatch({ type: 'back' }),
        submit: () => void this.book(),
        tip: (choice) => ((this.sel.tip = choice), this.updateQuote()),
      });
    const pay = () =>
      new PayStep(
        {
          i18n,
          api: this.api,
          events: this.events,
          stripeJs: this.opts.stripeJs,
          merchant: this.opts.merchant,
          mountPoint: this.payMount,
          money: (a) => this.money(a),
          appearance: () => stripeAppearance(resolveTheme(this.probe)),
          priceTable: (b) => this.serverPrice(b),
          dispatch: (ev) => this.dispatch(ev),
          destroyed: () => this.destroyed,
        },
        uid,
      );
    const done = () => new DoneView(i18n, uid);
    const failed = () => new FailedView(i18n, uid, () => this.dispatch({ type: 'restart' }));
    this.views = new StepViews(this.frame, { choose, details, pay, done, failed });
    this.choose = this.views.get('choose');
  }

  // The later steps' views are built when first needed (step-views.ts).
  private get details(): DetailsView {
    return this.views.get('details');
  }
  private get pay(): PayStep {
    return this.views.get('pay');
  }

  private dispatch(ev: StepEvent): void {
    const { step, effects } = transition(this.step, ev);
    const changed = step.kind !== this.step.kind;
    if (this.step.kind === 'pay' && step.kind !== 'pay') this.pay.stop();
    this.step = step;
    if (changed) this.showStep();
    for (const e of effects) this.run(e);
  }

  private showStep(): void {
    const k = this.step.kind;
    this.views.show(k);
    this.alert('');
    if (k === 'choose') this.choose.setPrice(this.priceBox);
    if (k === 'details') {
      this.details.setPrice(this.priceBox);
      const s = this.sel;
      if (s.service && s.slot) this.details.setSummary(`${s.service.name} · ${this.when(s.slot.start)}`);
      this.renderTips();
    }
    if (k === 'done') {
      const b = this.step.kind === 'done' ? this.step.booking : null;
      if (b) this.showDone(b);
    }
    if (this.step.kind === 'failed') this.views.get('failed').show(this.i18n.error(this.step.error), this.step.restart);
    else this.views.peek('failed')?.clear();
  }

  private run(e: Effect): void {
    switch (e.type) {
      case 'focus':
        return this.heading().focus();
      case 'startPayment':
        if (this.step.kind === 'pay') void this.pay.start(this.step.booking, this.step.token, this.step.request);
        return;
      case 'cancelHold':
        void this.api.cancel(e.booking.id, e.token);
        return;
      case 'reloadSlots':
        this.busy = false;
        return void this.loadSlots();
      case 'booked': {
        const s = summary(e.booking);
        this.events.emit('booked', { booking: s });
        return this.events.finish({ booking: s });
      }
      case 'error':
        return this.events.emit('error', { error: { ...e.error, message: this.i18n.error(e.error) }, stage: e.stage });
    }
  }

  private heading(): HTMLElement {
    return this.views.get(this.step.kind).heading;
  }

  // ---------------------------------------------------------------- choosing

  private money(amount: number): string {
    return formatMoney(amount, this.facts, this.i18n.locale);
  }

  private when(start: string): string {
    return formatSlot(start, this.catalog.merchant.timezone, this.i18n.locale);
  }

  private renderServices(): void {
    const t = this.i18n;
    this.choose.renderServices(
      this.catalog,
      (svc) => {
        const price = svc.payment === 'free' || svc.price === 0 ? t.t('free') : this.money(svc.price);
        const duration = t.t('minutes', { count: svc.duration_min });
        // A merchant not (yet) able to take card payments: its paid online services wait.
        const disabled = !this.online && (svc.payment ?? 'stripe') === 'stripe' && svc.price > 0;
        const text = t.t('serviceOption', { name: svc.name, duration, price });
        return { text: disabled ? `${text} · ${t.t('notOnlineYet')}` : text, disabled };
      },
      this.sel.service?.id ?? null,
    );
  }

  private pickService(svc: Service): void {
    if (this.busy || this.step.kind !== 'choose') return;
    Object.assign(this.sel, { service: svc, staff: 'any', quantity: 1, slot: null });
    this.sel.addons.clear();
    this.choose.markService(svc.id);
    const staff = (this.catalog.staff || []).filter((s) => s.services.includes(svc.id));
    this.choose.renderOptions(svc, staff, (a) =>
      this.i18n.t('addonOption', { name: a.name ?? a.id, price: this.money(a.price) }),
    );
    void this.loadSlots();
  }

  private async loadSlots(): Promise<void> {
    const svc = this.sel.service;
    if (!svc) return;
    const seq = ++this.slotsSeq;
    this.sel.slot = null;
    this.updateQuote();
    this.choose.clearDays();
    this.choose.slotsStatus(this.i18n.t('loadingTimes'));
    const tz = this.catalog.merchant.timezone;
    const from = todayIn(tz);
    const days = Math.max(1, Math.min(DAYS_SHOWN, (this.catalog.schedule?.max_advance_days ?? DAYS_SHOWN) + 1));
    const r = await this.api.availability(svc.id, this.sel.staff, from, addDays(from, days));
    if (seq !== this.slotsSeq || this.destroyed) return;
    if (r.error) return this.choose.slotsStatus(this.i18n.error(r.error), true);
    this.slotsByDay.clear();
    for (let i = 0; i < days; i++) this.slotsByDay.set(addDays(from, i), []);
    for (const s of r.data.slots) this.slotsByDay.get(s.start.slice(0, 10))?.push(s);
    if (!this.slotsByDay.get(this.sel.day)?.length)
      this.sel.day = [...this.slotsByDay].find(([, v]) => v.length)?.[0] ?? '';
    const dayList = [...this.slotsByDay].map(([d, v]): [string, number] => [d, v.length]);
    this.choose.renderDays(dayList, this.sel.day, (d) => formatDay(d, this.i18n.locale));
    this.renderSlots();
  }

  private pickDay(day: string): void {
    this.sel.day = day;
    this.sel.slot = null;
    this.renderSlots();
    this.updateQuote();
  }

  private renderSlots(): void {
    const slots = this.slotsByDay.get(this.sel.day) || [];
    const tz = this.catalog.merchant.timezone;
    const t = this.i18n;
    if (!slots.length) return this.choose.slotsStatus(t.t('noTimes'));
    const group = (this.sel.service?.capacity ?? 1) > 1; // group services show the seats left
    const zone = t.t('timesIn', { zone: zoneAbbreviation(slots[0].start, tz), tz });
    const listLabel = t.t('timesOn', { day: formatDay(this.sel.day, t.locale) });
    this.choose.renderSlots(slots, this.sel.slot?.start ?? null, zone, listLabel, (s) => {
      const left = group ? t.t('seatsLeft', { count: s.remaining }) : '';
      const time = localTime(s.start, t.locale, tz);
      return {
        text: left ? `${time} · ${left}` : time,
        aria: left ? `${this.when(s.start)}, ${left}` : this.when(s.start),
      };
    });
  }

  private pickSlot(s: Slot): void {
    if (this.busy || this.step.kind !== 'choose') return;
    this.sel.slot = s;
    this.errors.clear('booking.start');
    this.choose.setQuantityMax(this.sel.service ? quantityMax(this.sel.service, s.remaining) : 1);
    this.updateQuote();
  }

  private request(): BookingRequest {
    const s = this.sel;
    const req: BookingRequest = {
      service: s.service!.id,
      staff: s.staff,
      start: s.slot!.start,
      quantity: s.quantity,
      addons: [...s.addons],
      tip: this.tip,
      customer: { name: this.details.name.value.trim(), email: this.details.email.value.trim() },
    };
    if (s.coupon) req.coupon = s.coupon;
    const phone = this.details.phone.value.trim();
    if (phone) req.customer.phone = phone;
    return req;
  }

  /**
   * The price, computed in the browser by the same core the server charges with; with a
   * coupon, by the server's quote route (the public catalog carries no coupons).
   */
  private updateQuote(): void {
    const seq = ++this.quoteSeq;
    this.quote = null;
    this.quoteBlocked = false;
    this.tip = 0;
    this.errors.clear('booking.coupon', 'booking.quantity', 'booking.tip');
    const s = this.sel;
    if (s.service && s.slot && (this.core || s.coupon)) {
      const { customer: _c, tip: _t, ...booking } = this.request();
      const tip = this.tipsAllowed() ? s.tip : null;
      if (s.coupon) {
        this.quoteBlocked = true; // until the server answers
        void priceRemote((b) => this.api.quote(b), booking, tip, this.facts).then((priced) => {
          if (seq === this.quoteSeq) this.showPriced(priced);
        });
        return this.renderPrice();
      }
      return this.showPriced(priceChoice(this.core!, this.catalog, booking, tip, this.facts));
    }
    this.renderPrice();
  }

  private showPriced(priced: Priced): void {
    this.quoteBlocked = !!priced.error;
    if (priced.error) {
      const text = this.i18n.error(priced.error);
      return this.errors.set(priced.error.field, text) ? this.renderPrice() : this.renderPrice(text);
    }
    this.quote = priced.quote;
    this.tip = priced.tip;
    this.renderPrice();
  }

  private canContinue(): boolean {
    const s = this.sel;
    // Without the core the server prices the booking: a chosen slot is enough.
    return !!s.service && !!s.slot && !this.busy && !this.quoteBlocked && (!!this.quote || !this.core);
  }

  private renderPrice(problem?: string): void {
    this.choose?.setContinue(this.canContinue());
    this.views?.peek('details')?.setSubmitEnabled(this.canContinue());
    const s = this.sel;
    if (problem) return void this.priceBox.replaceChildren(h('p', { class: 'alert', text: problem }));
    if (!s.service || !s.slot) return void this.priceBox.replaceChildren();
    const when = this.when(s.slot.start);
    if (!this.quote) {
      const note = !this.coreSettled ? 'calculating' : this.core ? null : 'noPreview';
      return void this.priceBox.replaceChildren(
        h(
          'div',
          { class: 'price', part: 'price' },
          h('p', { class: 'note', 'data-testid': 'slot-summary', text: when }),
          note ? h('p', { class: 'note', 'data-testid': 'no-preview', text: this.i18n.t(note) }) : '',
        ),
      );
    }
    this.priceBox.replaceChildren(
      priceTable(this.quote, s.service, s.quantity, when, { i18n: this.i18n, money: (a) => this.money(a) }),
    );
    if (this.step.kind === 'details') this.renderTips();
  }

  /** Tips are offered when the merchant's embed says so (`tips`), and the core can price them. */
  private tipsAllowed(): boolean {
    const t = this.opts.tips;
    const id = this.sel.service?.id;
    const on = t === true || (Array.isArray(t) && !!id && t.includes(id));
    return on && !!this.core && this.sel.service?.payment !== 'free' && this.sel.service?.payment !== 'external';
  }

  private renderTips(): void {
    this.details.renderTips(this.tipsAllowed(), this.sel.tip, this.facts.currency);
  }

  private serverPrice(b: BookingView): HTMLElement {
    const svc = this.catalog.services.find((x) => x.id === b.booking.service) ?? this.sel.service!;
    return priceTable(b.quote, svc, b.booking.quantity, this.when(b.booking.start), {
      i18n: this.i18n,
      money: (a) => this.money(a),
    });
  }

  // ---------------------------------------------------------------- booking

  private async book(): Promise<void> {
    if (this.busy || this.step.kind !== 'details' || !this.canContinue()) return;
    this.alert('');
    this.errors.clearAll();
    const req = this.request();
    // The core's own checks first: every problem at once, beside the right input.
    if (this.core) {
      // Without the coupon: the public catalog has none; the server checks it.
      const { coupon: _coupon, ...local } = req;
      const v = this.core.validate({
        catalog: this.catalog,
        now: nowRfc3339(),
        bookings: [],
        holds: [],
        booking: local,
      });
      if ('error' in v) return this.showErrors([v.error]);
      if (!v.ok) return this.showErrors(v.errors);
    }
    this.busy = true;
    this.details.setBusy(true, this.i18n.t('booking'));
    this.status(this.i18n.t('booking'));
    const r = await this.api.book(req);
    this.busy = false;
    this.details.setBusy(false, this.i18n.t('book'));
    this.status('');
    if (this.destroyed) return;
    if (r.error) {
      this.renderPrice();
      this.showErrors(r.errors?.length ? r.errors : [r.error]);
      this.events.emit('error', { error: { ...r.error, message: this.i18n.error(r.error) }, stage: 'book' });
      if (r.error.code === 'slot_unavailable') void this.loadSlots();
      return;
    }
    this.dispatch({ type: 'booked', booking: r.data.booking, token: r.data.access_token, request: req });
  }

  private showErrors(errors: SlotpayError[]): void {
    // A problem with the choice (the time, seats, coupon) is fixed on the choose step.
    if (errors.some((e) => CHOOSE_FIELDS.includes(e.field))) this.dispatch({ type: 'back' });
    const { rest, first } = this.errors.show(errors, (e) => this.i18n.error(e));
    this.alert(rest.map((e) => this.i18n.error(e)).join(' '));
    first?.focus();
  }

  private alert(message: string): void {
    this.alertLine.textContent = message;
    this.alertLine.hidden = !message;
  }

  private status(message: string): void {
    this.statusLine.textContent = message;
  }

  private showDone(b: BookingView): void {
    const svc = this.catalog.services.find((s) => s.id === b.booking.service)?.name ?? b.booking.service;
    const t = this.i18n;
    const confirmation = t.t('confirmation', { service: svc, when: this.when(b.booking.start), id: b.id });
    const paid = paidLine(t, b, (amount) => this.money(amount));
    // Issue #9: nothing to pay, and the merchant wants the customer's email confirmed.
    const pending =
      b.status === 'pending_confirmation' ? t.t('confirmPending', { email: b.customer?.email ?? '' }) : null;
    this.views.get('done').show(confirmation, paid, pending);
  }

  /** Back from a redirect-based payment method: pick the booking up again. */
  private async resumeAfterRedirect(): Promise<void> {
    const pending = takePending(this.opts.merchant, location.search);
    if (!pending) return;
    const r = await this.api.status(pending.id, pending.token);
    if (!r.data || this.destroyed) return;
    const b = r.data.booking;
    this.step = { kind: 'details' }; // as if just booked
    if (b.status === 'confirmed') return this.dispatch({ type: 'confirmed', booking: b });
    this.step = { kind: 'pay', booking: b, token: pending.token, request: null };
    this.showStep();
    await this.pay.resume(b, pending.token, pending.failed);
  }
}

/** Performance marks (slotpay:start, slotpay:services-shown, slotpay:price-ready) for benchmarks. */
function mark(name: string): void {
  try {
    performance.mark(`slotpay:${name}`);
  } catch {}
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

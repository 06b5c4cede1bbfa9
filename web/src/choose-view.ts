// The choose step: service, staff, add-ons, seats, coupon, date, time and the price
// preview. Renders what the widget tells it and reports the customer's choices through
// its handlers; changes are made in place so focus stays where the customer is.
import type { Catalog, Service, Slot } from './api';
import { h, pressOnly } from './dom';
import type { FieldErrors } from './field-errors';
import type { I18n } from './i18n';
import { clampQuantity, quantityMax } from './quantity';
import { SlotPicker, type SlotLabel } from './slot-picker';

export interface ChooseHandlers {
  service(svc: Service): void;
  staff(id: string): void;
  addon(id: string, on: boolean): void;
  quantity(n: number): void;
  coupon(code: string): void;
  day(date: string): void;
  slot(s: Slot): void;
  continue(): void;
}

export class ChooseView {
  readonly el: HTMLElement;
  readonly heading: HTMLElement;
  private readonly services = h('div', { class: 'opts', part: 'services' });
  private readonly staff = h('div');
  private readonly addons = h('div');
  private readonly quantityBox: HTMLElement;
  readonly quantityInput: HTMLInputElement;
  readonly couponInput: HTMLInputElement;
  private readonly days = h('div', { class: 'opts', part: 'dates' });
  private readonly zone = h('p', { class: 'note' });
  private readonly slotStatus = h('p', { class: 'note', role: 'status' });
  private readonly picker: SlotPicker;
  private readonly price = h('div', { 'aria-live': 'polite' });
  private readonly next: HTMLButtonElement;

  constructor(
    private readonly i18n: I18n,
    private readonly uid: string,
    errors: FieldErrors,
    private readonly on: ChooseHandlers,
  ) {
    const t = (k: Parameters<I18n['t']>[0]) => i18n.t(k);
    this.picker = new SlotPicker(
      (s) => on.slot(s),
      () => i18n.dir === 'rtl',
    );
    this.heading = h('h2', { id: `${uid}-title`, tabindex: '-1', part: 'heading' });
    this.quantityInput = h('input', {
      id: `${uid}-quantity`,
      name: 'quantity',
      type: 'number',
      min: '1',
      value: '1',
      inputmode: 'numeric',
      part: 'input',
      onchange: () => this.quantityChanged(),
    });
    this.quantityBox = h(
      'div',
      { hidden: true },
      h('label', { for: `${uid}-quantity`, text: t('quantity') }),
      this.quantityInput,
      errors.register(['booking.quantity'], this.quantityInput, `${uid}-quantity-err`),
    );
    this.couponInput = h('input', {
      id: `${uid}-coupon`,
      name: 'coupon',
      type: 'text',
      autocomplete: 'off',
      part: 'input',
      onchange: () => on.coupon(this.couponInput.value.trim()),
    });
    this.couponInput.addEventListener('input', () => errors.clear('booking.coupon'));
    const coupon = h(
      'div',
      { part: 'field' },
      h('label', { for: `${uid}-coupon`, text: t('coupon') }),
      this.couponInput,
      errors.register(['booking.coupon'], this.couponInput, `${uid}-coupon-err`),
    );
    this.next = h('button', {
      type: 'button',
      class: 'primary',
      part: 'button-primary',
      'data-action': 'continue',
      disabled: true,
      text: t('continue'),
      onclick: () => on.continue(),
    });
    this.el = h(
      'section',
      { 'aria-labelledby': `${uid}-title`, part: 'step-choose' },
      this.heading,
      h('fieldset', {}, h('legend', { text: t('service') }), this.services),
      this.staff,
      this.addons,
      this.quantityBox,
      coupon,
      h('fieldset', {}, h('legend', { text: t('date') }), this.days),
      h(
        'fieldset',
        {},
        h('legend', { text: t('time') }),
        this.zone,
        this.slotStatus,
        this.picker.el,
        errors.register(['booking.start'], this.picker.el, `${uid}-start-err`),
      ),
      this.price,
      this.next,
    );
  }

  setTitle(text: string): void {
    this.heading.textContent = text;
  }

  renderServices(
    catalog: Catalog,
    label: (svc: Service) => { text: string; disabled: boolean },
    selected: string | null,
  ): void {
    this.services.replaceChildren(
      ...catalog.services.map((svc) => {
        const l = label(svc);
        return h('button', {
          type: 'button',
          class: 'opt',
          part: 'option',
          'data-service': svc.id,
          'aria-pressed': String(svc.id === selected),
          disabled: l.disabled,
          text: l.text,
          onclick: () => this.on.service(svc),
        });
      }),
    );
  }

  markService(id: string): void {
    pressOnly(this.services, 'service', id);
  }

  /** Staff (when several), add-ons and seats for the chosen service. */
  renderOptions(
    svc: Service,
    staff: { id: string; name?: string }[],
    addonLabel: (a: { name?: string; id: string; price: number }) => string,
  ): void {
    const u = this.uid;
    this.staff.replaceChildren();
    if (staff.length > 1) {
      const sel = h(
        'select',
        { id: `${u}-staff`, part: 'input', onchange: () => this.on.staff(sel.value) },
        h('option', { value: 'any', text: this.i18n.t('anyStaff') }),
        ...staff.map((s) => h('option', { value: s.id, text: s.name ?? s.id })),
      );
      this.staff.append(h('label', { for: `${u}-staff`, text: this.i18n.t('staff') }), sel);
    }
    this.addons.replaceChildren();
    if (svc.addons?.length) {
      this.addons.append(
        h(
          'fieldset',
          {},
          h('legend', { text: this.i18n.t('addons') }),
          ...svc.addons.map((a) => {
            const id = `${u}-addon-${a.id}`;
            const cb = h('input', {
              type: 'checkbox',
              id,
              'data-addon': a.id,
              onchange: () => this.on.addon(a.id, cb.checked),
            });
            return h('div', { class: 'chk' }, cb, h('label', { for: id, text: addonLabel(a) }));
          }),
        ),
      );
    }
    const max = quantityMax(svc);
    this.quantityBox.hidden = max <= 1;
    this.quantityInput.value = '1';
    this.quantityInput.max = String(max);
  }

  /** Caps the seats (a picked time's seats left); a larger number already typed comes down. */
  setQuantityMax(max: number): void {
    this.quantityInput.max = String(Math.max(1, max));
    if (Number(this.quantityInput.value) > Math.max(1, max)) this.quantityChanged();
  }

  private quantityChanged(): void {
    // The input's max does not stop typing: a number over it is brought down to it.
    const q = clampQuantity(this.quantityInput.value, Number(this.quantityInput.max) || 1);
    this.quantityInput.value = String(q);
    this.on.quantity(q);
  }

  renderDays(days: [string, number][], selected: string, label: (day: string) => string): void {
    this.days.replaceChildren(
      ...days.map(([day, count]) => {
        const text = label(day);
        return h('button', {
          type: 'button',
          class: 'opt',
          part: 'option',
          'data-day': day,
          'aria-pressed': String(day === selected),
          disabled: count === 0,
          'aria-label': count ? text : this.i18n.t('dayNoTimes', { day: text }),
          text,
          onclick: () => {
            pressOnly(this.days, 'day', day);
            this.on.day(day);
          },
        });
      }),
    );
  }

  /** A status instead of times (loading, none free, an error); '' to clear. */
  slotsStatus(text: string, isError = false): void {
    this.slotStatus.textContent = text;
    this.slotStatus.className = isError ? 'alert' : 'note';
    if (text) {
      this.picker.el.replaceChildren();
      this.picker.el.hidden = true;
      this.zone.textContent = '';
    }
  }

  renderSlots(
    slots: Slot[],
    selected: string | null,
    zone: string,
    listLabel: string,
    label: (s: Slot) => SlotLabel,
  ): void {
    this.slotsStatus('');
    this.zone.textContent = zone;
    this.picker.el.hidden = false;
    this.picker.render(slots, selected, label, listLabel);
  }

  clearDays(): void {
    this.days.replaceChildren();
  }

  markSlot(start: string | null): void {
    this.picker.mark(start);
  }

  setPrice(node: Node | null): void {
    if (node) this.price.replaceChildren(node);
    else this.price.replaceChildren();
  }

  setContinue(enabled: boolean): void {
    this.next.disabled = !enabled;
  }
}

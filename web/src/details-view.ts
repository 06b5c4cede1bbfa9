// The details step: who is booking (name, email, phone), an optional tip, the price
// and the Book button. Field errors are shown beside their inputs (field-errors.ts).
import { h } from './dom';
import type { FieldErrors } from './field-errors';
import type { I18n, MessageKey } from './i18n';
import { TIP_PERCENTS, type TipChoice } from './tips';
import { numberFormat } from './intl';

export interface DetailsHandlers {
  back(): void;
  submit(): void;
  tip(choice: TipChoice): void;
}

export class DetailsView {
  readonly el: HTMLElement;
  readonly heading: HTMLElement;
  readonly name: HTMLInputElement;
  readonly email: HTMLInputElement;
  readonly phone: HTMLInputElement;
  private readonly summary = h('p', { class: 'note', 'data-testid': 'details-summary' });
  private readonly tips = h('fieldset', { part: 'tips', hidden: true });
  private readonly tipInput: HTMLInputElement;
  private readonly tipLabel: HTMLLabelElement;
  private readonly tipCustomBox: HTMLElement;
  private readonly price = h('div', { 'aria-live': 'polite' });
  private readonly submitButton: HTMLButtonElement;

  constructor(
    private readonly i18n: I18n,
    private readonly uid: string,
    errors: FieldErrors,
    private readonly on: DetailsHandlers,
  ) {
    const field = (
      name: string,
      label: MessageKey,
      type: string,
      path: string,
      extra: Record<string, string | boolean>,
    ) => {
      const id = `${uid}-${name}`;
      const input = h('input', { id, name, type, part: 'input', ...extra });
      input.addEventListener('input', () => errors.clear(path));
      const labelEl = h('label', { for: id, text: i18n.t(label) });
      const box = h('div', { part: 'field' }, labelEl, input, errors.register([path], input, `${id}-err`));
      return { input, box, label: labelEl };
    };
    const name = field('name', 'name', 'text', 'booking.customer.name', { autocomplete: 'name', required: true });
    const email = field('email', 'email', 'email', 'booking.customer.email', { autocomplete: 'email', required: true });
    const phone = field('phone', 'phone', 'tel', 'booking.customer.phone', { autocomplete: 'tel' });
    this.name = name.input;
    this.email = email.input;
    this.phone = phone.input;
    const tip = field('tip', 'tipAmount', 'text', 'booking.tip', { inputmode: 'decimal', autocomplete: 'off' });
    this.tipInput = tip.input;
    this.tipLabel = tip.label;
    this.tipInput.addEventListener('change', () => on.tip({ kind: 'custom', text: this.tipInput.value }));
    this.tipCustomBox = h('div', { hidden: true }, tip.box);
    this.heading = h('h2', { id: `${uid}-details`, tabindex: '-1', part: 'heading', text: i18n.t('details') });
    this.submitButton = h('button', { type: 'submit', class: 'primary', part: 'button-primary', text: i18n.t('book') });
    this.el = h(
      'section',
      { 'aria-labelledby': `${uid}-details`, part: 'step-details', hidden: true },
      this.heading,
      this.summary,
      h('button', {
        type: 'button',
        class: 'link',
        part: 'button',
        'data-action': 'back',
        text: i18n.t('back'),
        onclick: () => on.back(),
      }),
      h(
        'form',
        {
          novalidate: true,
          'aria-labelledby': `${uid}-details`,
          part: 'details',
          onsubmit: (e) => {
            e.preventDefault();
            on.submit();
          },
        },
        name.box,
        email.box,
        phone.box,
        this.tips,
        this.tipCustomBox,
        this.price,
        this.submitButton,
      ),
    );
  }

  setSummary(text: string): void {
    this.summary.textContent = text;
  }

  /** Tip choices (none, 10/15/20 %, another amount); hidden when the service takes none. */
  renderTips(allowed: boolean, current: TipChoice, currency: string): void {
    this.tips.hidden = !allowed;
    this.tipCustomBox.hidden = !allowed || current.kind !== 'custom';
    if (!allowed) return;
    const u = this.uid;
    const pct = numberFormat(this.i18n.locale, { style: 'percent' });
    const choices: [string, string, TipChoice][] = [
      ['none', this.i18n.t('tipNone'), { kind: 'none' }],
      ...TIP_PERCENTS.map((p): [string, string, TipChoice] => [
        String(p),
        pct.format(p / 100),
        { kind: 'percent', percent: p },
      ]),
      ['custom', this.i18n.t('tipCustom'), { kind: 'custom', text: this.tipInput.value }],
    ];
    const key = (c: TipChoice) => (c.kind === 'percent' ? String(c.percent) : c.kind);
    this.tips.replaceChildren(
      h('legend', { text: this.i18n.t('tip') }),
      h(
        'div',
        { class: 'opts' },
        ...choices.map(([k, text, choice]) => {
          const id = `${u}-tip-${k}`;
          const radio = h('input', {
            type: 'radio',
            name: `${u}-tip`,
            id,
            value: k,
            'data-tip': k,
            checked: key(current) === k,
            onchange: () => {
              this.tipCustomBox.hidden = choice.kind !== 'custom';
              this.on.tip(choice.kind === 'custom' ? { kind: 'custom', text: this.tipInput.value } : choice);
            },
          });
          return h('div', { class: 'chk' }, radio, h('label', { for: id, text }));
        }),
      ),
    );
    this.tipLabel.textContent = this.i18n.t('tipAmount', { currency: currency.toUpperCase() });
  }

  setPrice(node: Node | null): void {
    if (node) this.price.replaceChildren(node);
    else this.price.replaceChildren();
  }

  setBusy(busy: boolean, label: string): void {
    this.submitButton.disabled = busy;
    this.submitButton.textContent = label;
  }

  setSubmitEnabled(enabled: boolean): void {
    this.submitButton.disabled = !enabled;
  }
}

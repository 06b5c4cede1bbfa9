// The price table of a quote: the core's preview while choosing, the server's own quote
// (what is charged) at the pay step. Every label through the catalog, every amount
// through formatMoney with the currency's facts.
import type { QuoteLine, QuoteResponse } from './core';
import type { Service } from './api';
import { h } from './dom';
import type { I18n } from './i18n';
import { numberFormat } from './intl';

export interface PriceContext {
  i18n: I18n;
  money: (amount: number) => string;
}

function percent(i18n: I18n, bps: number): string {
  return numberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10000);
}

export function lineLabel(l: QuoteLine, svc: Service, quantity: number, i18n: I18n): string {
  switch (l.kind) {
    case 'service':
      return quantity > 1 ? i18n.t('lineServiceQty', { name: svc.name, count: quantity }) : svc.name;
    case 'addon':
      return svc.addons?.find((a) => a.id === l.id)?.name ?? l.id;
    case 'discount':
      return i18n.t('lineDiscount', { code: l.code });
    case 'tax':
      return i18n.t(l.inclusive ? 'lineTaxIncluded' : 'lineTax', { rate: percent(i18n, l.rate_bps) });
    case 'tip':
      return i18n.t('lineTip');
    default:
      return String((l as { kind: string }).kind); // a kind added to the contract later
  }
}

export function payNote(q: QuoteResponse, i18n: I18n): string {
  if (q.payment === 'free') return i18n.t('payFree');
  if (q.payment === 'external') return i18n.t('payExternal');
  if (q.payment === 'pay_at_venue') return i18n.t('payAtVenue');
  return i18n.t(q.due_later > 0 ? 'payDeposit' : 'payFull');
}

export function priceTable(
  q: QuoteResponse,
  svc: Service,
  quantity: number,
  when: string,
  c: PriceContext,
): HTMLElement {
  const { i18n, money } = c;
  // <bdi>: an amount keeps its own order ("US$ 45.00") inside right-to-left text.
  const row = (a: string, b: string, cls?: string, testid?: string) =>
    h('tr', { class: cls, 'data-testid': testid }, h('td', { text: a }), h('td', {}, h('bdi', { text: b })));
  return h(
    'div',
    { class: 'price', part: 'price' },
    h('p', { class: 'note', 'data-testid': 'slot-summary', text: when }),
    h(
      'table',
      { 'aria-label': i18n.t('price') },
      h(
        'tbody',
        {},
        ...q.lines.map((l) => row(lineLabel(l, svc, quantity, i18n), money(l.amount))),
        row(i18n.t('total'), money(q.total), 'total', 'total'),
        q.payment === 'stripe' ? row(i18n.t('dueNow'), money(q.due_now), undefined, 'due-now') : null,
        q.payment === 'stripe' && q.due_later > 0
          ? row(i18n.t('dueLater'), money(q.due_later), undefined, 'due-later')
          : null,
      ),
    ),
    h('p', { class: 'note', text: payNote(q, i18n) }),
  );
}

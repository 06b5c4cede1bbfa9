// Pure decisions of the bookings page (unit-tested): its phone booking, pay link and payment history.
import type { HistoryEntry } from './types';

/** What a booking still owes (its total less what was paid online), 0 when nothing. */
export function dueOf(b: { status: string; total?: number; paid_amount: number }): number {
  if (b.status !== 'confirmed' || b.total === undefined) return 0;
  return Math.max(0, b.total - b.paid_amount);
}

/**
 * The form field an API error belongs to: the server's ("customer.email" -> "email",
 * "start" -> "time") and the core's, which name the request's parts ("booking.start").
 */
export function phoneField(field: string | undefined): string {
  const f = (field ?? '').replace(/^booking\./, '').replace(/^customer\./, '');
  if (f === 'start' || f === 'date') return 'time';
  if (/^addons(\[\d+\])?$/.test(f)) return 'addons';
  return ['service', 'staff', 'name', 'email', 'phone', 'quantity'].includes(f) ? f : '';
}

/** The seats a phone booking may ask for: a group service's (capacity above 1) only. */
export const takesQuantity = (s: { capacity?: number } | undefined) => (s?.capacity ?? 1) > 1;

/** Typed seats -> a whole number from 1, or null. */
export function seats(text: string): number | null {
  const t = text.trim();
  return /^[1-9]\d{0,4}$/.test(t) ? Number(t) : null;
}

/** A language tag in words for the merchant: "German (de)"; the tag alone when unnamed. */
export function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

const REFUNDED_BY: Record<string, string> = {
  customer_cancel: 'the customer cancelled',
  merchant: 'you cancelled or marked a no-show',
  // The reason says which: the slot was gone, cancelled before payment, paid after cancel.
  slotpay: 'made by Slotpay',
  merchant_or_stripe_dashboard: 'made by you, here or in the Stripe dashboard',
  unknown: 'reported by Stripe',
};

/**
 * One payment history entry in words: what happened, the amount (refunds negative) and
 * the details; `money` and `time` format in the merchant's currency and zone.
 */
export function historyLine(
  e: HistoryEntry,
  money: (minor: number) => string,
  time: (rfc3339: string) => string,
  now = Date.now(),
): { when: string; what: string; amount: string; details: string } {
  let when = time(e.at);
  const details: string[] = [];
  let what = '';
  let amount = money(e.amount);
  switch (e.type) {
    case 'payment':
      what = `${e.for === 'deposit' ? 'Deposit' : e.for === 'balance' ? 'Balance' : 'Payment'} ${
        e.pay_link ? 'paid by pay link' : 'paid online'
      }`;
      if (e.at_source !== 'recorded') when += ' (when booked)';
      details.push(e.payment_intent);
      break;
    case 'refund':
      what = 'Refund';
      amount = `−${amount}`;
      details.push(e.status, REFUNDED_BY[e.by] ?? e.by);
      if (e.reason) details.push(`reason: ${e.reason.replace(/_/g, ' ')}`);
      if (e.application_fee_refunded !== null)
        details.push(e.application_fee_refunded ? 'platform fee refunded' : 'platform fee kept');
      // Which charge it went back to: the payment lines show the same PaymentIntent.
      if (e.payment_intent) details.push(`on ${e.payment_intent}`);
      if (e.id) details.push(e.id);
      break;
    case 'dispute':
      what = 'Dispute';
      details.push(e.status.replace(/_/g, ' '), e.reason.replace(/_/g, ' '));
      if (e.evidence_due_by) details.push(`evidence due by ${time(e.evidence_due_by)}`);
      break;
    case 'pay_link':
      what = 'Pay link sent';
      if (e.used) details.push(e.paid_at ? `used, paid ${time(e.paid_at)}` : 'used');
      else if (e.expires_at && Date.parse(e.expires_at) < now) details.push('not used, expired');
      else details.push(e.expires_at ? `not used yet, valid until ${time(e.expires_at)}` : 'not used yet');
      details.push(e.id);
      break;
  }
  return { when, what, amount, details: details.filter(Boolean).join(' · ') };
}

// What a customer would pay for the service being edited, computed live by the WASM
// core (the same quote the server charges): due now, due later, the platform fee and
// Stripe's minimum-charge verdict.
import type { QuoteResponse } from '../../../wasm/slotpay-core';
import { money } from './format';

export function PricePreview({
  quote,
  exp,
  pending,
  problem,
}: {
  quote: QuoteResponse | null;
  exp: number;
  pending: boolean;
  /** The core's error, in words (also shown beside its field when the form has one). */
  problem?: string;
}) {
  if (pending) return <p role="status">Loading the price calculator…</p>;
  if (!quote)
    return (
      <div class="card preview" aria-live="polite" data-testid="price-preview">
        <p>No price yet: {problem ?? 'fix the fields marked in the form.'}</p>
      </div>
    );
  const m = (v: number) => money(v, quote.currency, exp);
  const how =
    quote.payment === 'stripe'
      ? 'paid online by card'
      : quote.payment === 'pay_at_venue'
        ? 'below the minimum charge: paid at your venue'
        : quote.payment === 'external'
          ? 'paid outside Slotpay'
          : 'free';
  return (
    <div class="card preview" aria-live="polite" data-testid="price-preview">
      <h2>A customer pays</h2>
      <dl>
        <dt>Total</dt>
        <dd data-testid="total">{m(quote.total)}</dd>
        {quote.tax > 0 && (
          <>
            <dt>of which tax</dt>
            <dd>{m(quote.tax)}</dd>
          </>
        )}
        <dt>Due now</dt>
        <dd data-testid="due-now">
          {m(quote.due_now)} ({how})
        </dd>
        <dt>Due later</dt>
        <dd data-testid="due-later">{m(quote.due_later)}</dd>
        <dt>Platform fee</dt>
        <dd data-testid="fee">{m(quote.application_fee ?? 0)}</dd>
        {quote.min_charge && (
          <>
            <dt>Stripe minimum</dt>
            <dd data-testid="min-charge">
              {quote.min_charge.ok
                ? quote.min_charge.adjusted
                  ? `raised to the minimum charge of ${m(quote.min_charge.amount)}`
                  : `OK (minimum ${m(quote.min_charge.amount)})`
                : `below Stripe's minimum charge of ${m(quote.min_charge.amount)}`}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

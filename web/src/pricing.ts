// The price of the customer's choice, by the WASM core (the same code the server charges
// with): first without a tip (a percentage tip is of that price), then with the tip's
// amount. Pure given the core; every problem comes back as the core's error detail,
// with the field it is about.
import type { Catalog } from './api';
import type { Core, CoreErrorDetail, QuoteResponse } from './core';
import type { CurrencyFacts } from './currency';
import { tipAmount, tipBase, type TipChoice } from './tips';
import type { BookingRequest as CoreBookingRequest } from '../../wasm/slotpay-core';

export type Priced =
  { quote: QuoteResponse; tip: number; error?: undefined } | { error: CoreErrorDetail; tip?: undefined };

/**
 * `tip` null when the service takes no tips (nothing is sent); a custom amount that
 * cannot be read is an invalid_amount at booking.tip, beside the tip input.
 */
export function priceChoice(
  core: Pick<Core, 'quote'>,
  catalog: Catalog,
  booking: CoreBookingRequest,
  tip: TipChoice | null,
  facts: CurrencyFacts,
): Priced {
  const base = core.quote({ catalog, booking: { ...booking, tip: 0 } });
  if ('error' in base) return { error: base.error };
  const amount = tip ? tipAmount(tip, tipBase(base), facts.exponent, facts.amount_multiple_of) : 0;
  if (amount === null) return { error: { code: 'invalid_amount', field: 'booking.tip', message: 'not an amount' } };
  if (amount === 0) return { quote: base, tip: 0 };
  const q = core.quote({ catalog, booking: { ...booking, tip: amount } });
  return 'error' in q ? { error: q.error } : { quote: q, tip: amount };
}

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
  const amount = tipFor(base, tip, facts);
  if (amount === null) return { error: badTip };
  if (amount === 0) return { quote: base, tip: 0 };
  const q = core.quote({ catalog, booking: { ...booking, tip: amount } });
  return 'error' in q ? { error: q.error } : { quote: q, tip: amount };
}

/** What the server's quote route answers: a quote, or the error at its field. */
export type RemoteQuote = (booking: CoreBookingRequest) => Promise<{ data?: QuoteResponse; error?: CoreErrorDetail }>;

/**
 * The same with the server's quote route (a coupon: the public catalog has none, so
 * only the server can price it). Same two steps, same answer shape.
 */
export async function priceRemote(
  quote: RemoteQuote,
  booking: CoreBookingRequest,
  tip: TipChoice | null,
  facts: CurrencyFacts,
): Promise<Priced> {
  const base = await quote({ ...booking, tip: 0 });
  if (!base.data) return { error: base.error ?? unknownError };
  const amount = tipFor(base.data, tip, facts);
  if (amount === null) return { error: badTip };
  if (amount === 0) return { quote: base.data, tip: 0 };
  const q = await quote({ ...booking, tip: amount });
  return q.data ? { quote: q.data, tip: amount } : { error: q.error ?? unknownError };
}

const badTip: CoreErrorDetail = { code: 'invalid_amount', field: 'booking.tip', message: 'not an amount' };
const unknownError: CoreErrorDetail = { code: 'http_error', field: '', message: 'no price' };

function tipFor(base: QuoteResponse, tip: TipChoice | null, facts: CurrencyFacts): number | null {
  return tip ? tipAmount(tip, tipBase(base), facts.exponent, facts.amount_multiple_of) : 0;
}

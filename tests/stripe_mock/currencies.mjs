// Currency facts the mock enforces: minimum charge amounts (docs.stripe.com/currencies,
// newer 31-row table, in `amount` units) and, when ../shared/stripe/currencies.json is
// readable, the list of known currencies with their exponents and multiples.

import { readFileSync } from 'node:fs';

export const MIN_CHARGE = {
  usd: 50, aed: 200, ars: 50, aud: 50, brl: 50, cad: 50, chf: 50, cop: 50, czk: 1500,
  dkk: 250, eur: 50, gbp: 30, hkd: 400, huf: 17500, idr: 50, ils: 50, inr: 50, jpy: 50,
  krw: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, php: 50, pln: 200, ron: 200, rub: 50,
  sek: 300, sgd: 50, thb: 1000, zar: 50,
};

const FALLBACK = Object.keys(MIN_CHARGE);

// -> Map code -> {stripe_amount_exponent, charge_amount_multiple_of?}
export function loadCurrencies(file) {
  const map = new Map();
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const list = Array.isArray(doc.currencies) ? doc.currencies : Object.values(doc.currencies || {});
    for (const c of list) {
      if (c && typeof c.code === 'string') {
        map.set(c.code.toLowerCase(), {
          stripe_amount_exponent: c.stripe_amount_exponent ?? 2,
          charge_amount_multiple_of: c.charge_amount_multiple_of,
        });
      }
    }
  } catch {
    // fall through to the built-in list
  }
  if (map.size === 0) for (const c of FALLBACK) map.set(c, { stripe_amount_exponent: ['jpy', 'krw'].includes(c) ? 0 : 2 });
  return map;
}

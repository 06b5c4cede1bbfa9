// How amounts of the merchant's currency are written: Stripe's exponent and chargeable
// multiple. From the server's catalog answer when it carries them, else from the WASM
// core's `currency` op, else (only until one of those answers) from Stripe's short list
// of exceptions below. Never from Intl: Intl gives ISK, UGX and HUF no decimals, while
// Stripe counts all three in hundredths (a 100x error).
import type { Core } from './core';

export interface CurrencyFacts {
  currency: string;
  /** Decimal places of `amount` on the wire (0, 2 or 3). */
  exponent: number;
  /** Every charged amount is a multiple of this (10 for three-decimal, 100 for ISK/UGX). */
  amount_multiple_of: number;
  min_charge?: number;
  max_amount?: number;
}

// Stripe's currency table (../shared/stripe/currencies.json; checked against all 139
// currencies and against the core by tests/web/currency.test.mjs): two-decimal unless
// listed here.
const ZERO_DECIMAL = 'bif clp djf gnf jpy kmf krw mga pyg rwf vnd vuv xaf xof xpf';
const THREE_DECIMAL = 'bhd jod kwd omr tnd'; // the last digit must be 0
const WHOLE_UNITS_IN_HUNDREDTHS = 'isk ugx'; // two-decimal on the wire, whole units only

export function factsFromTable(code: string): CurrencyFacts {
  const c = code.toLowerCase();
  const has = (list: string) => list.split(' ').includes(c);
  if (has(ZERO_DECIMAL)) return { currency: c, exponent: 0, amount_multiple_of: 1 };
  if (has(THREE_DECIMAL)) return { currency: c, exponent: 3, amount_multiple_of: 10 };
  if (has(WHOLE_UNITS_IN_HUNDREDTHS)) return { currency: c, exponent: 2, amount_multiple_of: 100 };
  return { currency: c, exponent: 2, amount_multiple_of: 1 };
}

const int = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= lo && v <= hi;

/** The server's `currency` object, if it is one for `code` (anything else is ignored). */
export function factsFromServer(value: unknown, code: string): CurrencyFacts | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.currency !== 'string' || v.currency.toLowerCase() !== code.toLowerCase()) return null;
  if (!int(v.exponent, 0, 4) || !int(v.amount_multiple_of, 1, 10000)) return null;
  return {
    currency: code.toLowerCase(),
    exponent: v.exponent,
    amount_multiple_of: v.amount_multiple_of,
    min_charge: int(v.min_charge, 0, Number.MAX_SAFE_INTEGER) ? v.min_charge : undefined,
    max_amount: int(v.max_amount, 0, Number.MAX_SAFE_INTEGER) ? v.max_amount : undefined,
  };
}

/** The core's answer, or null when it has none for `code`. */
export function factsFromCore(core: Core, code: string): CurrencyFacts | null {
  const r = core.currency({ currency: code });
  if ('error' in r) return null;
  return {
    currency: r.currency,
    exponent: r.exponent,
    amount_multiple_of: r.amount_multiple_of,
    min_charge: r.min_charge,
    max_amount: r.max_amount,
  };
}

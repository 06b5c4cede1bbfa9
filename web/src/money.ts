// Money for display: integer minor units and the currency's facts (exponent, chargeable
// multiple: see currency.ts). No arithmetic on amounts: the decimal string is built from
// the integer's digits, and Intl.NumberFormat formats that string exactly.
import type { CurrencyFacts } from './currency';
import { numberFormat } from './intl';

export function toDecimalString(amount: number, exponent: number): string {
  if (!Number.isSafeInteger(amount)) return 'NaN';
  const neg = amount < 0;
  let digits = String(Math.abs(amount));
  if (exponent > 0) {
    digits = digits.padStart(exponent + 1, '0');
    digits = `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  }
  return neg ? `-${digits}` : digits;
}

/**
 * Decimal places to show: the exponent, except for currencies charged in whole units
 * written in hundredths (ISK, UGX: multiple 100 = 10^2), whose decimals are always 00.
 */
export function shownDecimals(amount: number, facts: CurrencyFacts): number {
  const whole = facts.amount_multiple_of === 10 ** facts.exponent;
  return whole && amount % facts.amount_multiple_of === 0 ? 0 : facts.exponent;
}

export function formatMoney(amount: number, facts: CurrencyFacts, locale?: string): string {
  const decimals = shownDecimals(amount, facts);
  let text = toDecimalString(amount, facts.exponent);
  if (decimals === 0 && facts.exponent > 0) text = text.slice(0, -(facts.exponent + 1));
  const fmt = numberFormat(locale, {
    style: 'currency',
    currency: facts.currency.toUpperCase(),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  // Intl accepts decimal strings (exact, no binary rounding); the cast keeps old lib typings happy.
  return fmt.format(text as unknown as number);
}

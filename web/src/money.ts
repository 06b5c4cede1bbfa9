// Money for display: integer minor units + the currency's exponent (from the core's
// `currency` op). No arithmetic on amounts: the decimal string is built from the
// integer's digits, and Intl.NumberFormat formats that string exactly.

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

export function formatMoney(amount: number, currency: string, exponent: number, locale?: string): string {
  const fmt = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl accepts decimal strings (exact, no binary rounding); the cast keeps old lib typings happy.
  return fmt.format(toDecimalString(amount, exponent) as unknown as number);
}

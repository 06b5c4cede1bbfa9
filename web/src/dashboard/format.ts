// Money and dates in the merchant's locale (the browser's) and currency. The number of
// decimals comes from the WASM core's `currency` op (Stripe's table), not from Intl: the
// two disagree for some currencies (ISK, UGX, HUF ...).
import { formatMoney, toDecimalString } from '../money';

export const locale = () => (typeof navigator != 'undefined' && navigator.language) || 'en';

/** Minor units as the merchant reads them (the widget's exact formatting: money.ts). */
export function money(minor: number, currency: string, exponent: number): string {
  return formatMoney(minor, { currency, exponent, amount_multiple_of: 1 }, locale());
}

/** "12.50" (major units, as typed) -> 1250 minor units; null when not a number. */
export function toMinor(text: string, exponent: number): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  if (frac.length > exponent) return null;
  const v = Number(whole) * 10 ** exponent + Number((frac + '0'.repeat(exponent)).slice(0, exponent) || '0');
  return Number.isSafeInteger(v) ? v : null;
}

/** 1250 -> "12.50": the editable text of an amount. */
export const toMajor = (minor: number, exponent: number): string => toDecimalString(minor, exponent);

/** A booking's start as booked (RFC 3339 with the merchant's offset), in the merchant's words. */
export function when(rfc3339: string, timeZone?: string): string {
  const d = new Date(rfc3339);
  if (isNaN(d.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
}

export function day(isoDate: string): string {
  const d = new Date(isoDate + 'T12:00:00Z');
  return new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(d);
}

/** YYYY-MM-DD of a Date, in UTC (date arithmetic on calendar days only). */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (iso: string, n: number) => isoDay(new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000));

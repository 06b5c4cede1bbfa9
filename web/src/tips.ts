// Tips: none, a percentage of the services after discount (before tax), or an amount
// the customer types. The widget turns the choice into an integer amount; the core
// prices it (a `tip` line, all of it due now) and the server charges what its own core
// computes from the same amount.
import type { QuoteResponse } from './core';

export const TIP_PERCENTS = [10, 15, 20] as const;

export type TipChoice = { kind: 'none' } | { kind: 'percent'; percent: number } | { kind: 'custom'; text: string };

/** What a percentage applies to: the services and add-ons after discount, before tax. */
export function tipBase(q: QuoteResponse): number {
  return Math.max(0, q.subtotal - q.discount);
}

/** base * percent / 100, rounded half up to a multiple of `multiple` (integers only). */
export function percentTip(base: number, percent: number, multiple: number): number {
  if (!Number.isSafeInteger(base) || base <= 0 || percent <= 0) return 0;
  const unit = BigInt(100 * multiple);
  const scaled = BigInt(base) * BigInt(percent);
  return Number(((scaled + unit / 2n) / unit) * BigInt(multiple));
}

/**
 * A typed amount ("5", "5.5", "5,50") in minor units; null when it is not a
 * non-negative number with at most `exponent` decimals. Whether it is chargeable (a
 * multiple) is the core's to say: its error is shown beside the input.
 */
export function parseAmount(text: string, exponent: number): number | null {
  const t = text.trim().replace(/\s/g, '');
  const m = /^(\d{1,12})(?:[.,](\d*))?$/.exec(t);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > exponent) return null;
  const n = Number(m[1] + frac.padEnd(exponent, '0'));
  return Number.isSafeInteger(n) ? n : null;
}

/** The amount for a choice; null when a custom amount cannot be read. */
export function tipAmount(choice: TipChoice, base: number, exponent: number, multiple: number): number | null {
  if (choice.kind === 'none') return 0;
  if (choice.kind === 'percent') return percentTip(base, choice.percent, multiple);
  if (choice.text.trim() === '') return 0;
  return parseAmount(choice.text, exponent);
}

/**
 * The `tips` embed option: true / "true" / "all" for every paid service, a list of
 * service ids (array or "cut,color"), anything else none.
 */
export function tipsOption(v: unknown): boolean | string[] {
  if (v === true || v === 'true' || v === 'all') return true;
  if (v === 'false') return false;
  const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : [];
  const ids = list
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .filter(Boolean);
  return ids.length ? ids : false;
}

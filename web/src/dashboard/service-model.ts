// A service as the editor holds it (text as typed) and as the catalog stores it. Pure:
// the form never holds a half-parsed number, and what is saved is exactly what the
// live price was computed from.
import type { Service } from '../../../wasm/slotpay-core';
import { toMajor, toMinor } from './format';

export type Kind = 'none' | 'rate' | 'fixed';
export interface AddonForm {
  id: string;
  name: string;
  price: string;
  duration: string;
}
export interface ServiceForm {
  id: string;
  name: string;
  price: string;
  duration: string;
  capacity: string;
  maxPerBooking: string;
  bufferBefore: string;
  bufferAfter: string;
  payment: 'stripe' | 'external' | 'free';
  /** Issue #11 item 4: the card is saved at booking and the rest charged at completion. */
  chargeAfter: boolean;
  depositKind: Kind;
  deposit: string;
  taxRate: string;
  taxInclusive: boolean;
  freeUntil: string;
  feeKind: Kind;
  fee: string;
  depositRefundable: boolean;
  noShowKind: Kind;
  noShow: string;
  addons: AddonForm[];
}

/** Field errors found before the core sees the service (text that is not a number). */
export type FormErrors = Partial<Record<string, string>>;

const pct = (bps: number) => String(bps / 100);
const rateOrFixed = (v: { rate_bps?: number; fixed?: number } | undefined, exp: number): [Kind, string] =>
  !v ? ['none', ''] : v.rate_bps !== undefined ? ['rate', pct(v.rate_bps)] : ['fixed', toMajor(v.fixed ?? 0, exp)];

export function emptyForm(): ServiceForm {
  return {
    id: '',
    name: '',
    price: '',
    duration: '60',
    capacity: '1',
    maxPerBooking: '',
    bufferBefore: '0',
    bufferAfter: '0',
    payment: 'stripe',
    chargeAfter: false,
    depositKind: 'none',
    deposit: '',
    taxRate: '',
    taxInclusive: true,
    freeUntil: '',
    feeKind: 'none',
    fee: '',
    depositRefundable: true,
    noShowKind: 'none',
    noShow: '',
    addons: [],
  };
}

export function toForm(s: Service, exp: number): ServiceForm {
  const [depositKind, deposit] = rateOrFixed(s.deposit, exp);
  const [feeKind, fee] = rateOrFixed(s.cancellation?.fee, exp);
  const [noShowKind, noShow] = rateOrFixed(s.cancellation?.no_show_fee, exp);
  return {
    id: s.id,
    name: s.name,
    price: toMajor(s.price, exp),
    duration: String(s.duration_min),
    capacity: String(s.capacity ?? 1),
    maxPerBooking: s.max_per_booking === undefined ? '' : String(s.max_per_booking),
    bufferBefore: String(s.buffer_before_min ?? 0),
    bufferAfter: String(s.buffer_after_min ?? 0),
    payment: s.payment ?? 'stripe',
    chargeAfter: s.charge_after_service ?? false,
    depositKind,
    deposit,
    taxRate: s.tax ? pct(s.tax.rate_bps) : '',
    taxInclusive: s.tax?.inclusive ?? true,
    freeUntil: s.cancellation?.free_until_min === undefined ? '' : String(s.cancellation.free_until_min),
    feeKind,
    fee,
    depositRefundable: s.cancellation?.deposit_refundable ?? true,
    noShowKind,
    noShow,
    addons: (s.addons ?? []).map((a) => ({
      id: a.id,
      name: a.name ?? '',
      price: toMajor(a.price, exp),
      duration: a.duration_min ? String(a.duration_min) : '',
    })),
  };
}

/** Percent text ("12.5") -> basis points (1250); null when not a number. */
export function toBps(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}

/** The form as a catalog service, or the fields whose text is not a number. */
export function fromForm(f: ServiceForm, exp: number): { service: Service | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const int = (key: string, text: string, optional = false): number | undefined => {
    if (optional && text.trim() === '') return undefined;
    if (!/^\d+$/.test(text.trim())) {
      errors[key] = 'Enter a whole number.';
      return undefined;
    }
    return Number(text.trim());
  };
  const amount = (key: string, text: string): number => {
    const v = toMinor(text, exp);
    if (v === null) errors[key] = exp ? `Enter an amount with at most ${exp} decimals.` : 'Enter a whole amount.';
    return v ?? 0;
  };
  const rate = (key: string, text: string): number => {
    const v = toBps(text);
    if (v === null) errors[key] = 'Enter a percentage (up to 2 decimals).';
    return v ?? 0;
  };
  const rof = (key: string, kind: Kind, text: string) =>
    kind === 'none' ? undefined : kind === 'rate' ? { rate_bps: rate(key, text) } : { fixed: amount(key, text) };

  const s: Service = {
    id: f.id.trim(),
    name: f.name.trim(),
    price: amount('price', f.price),
    duration_min: int('duration_min', f.duration) ?? 0,
    capacity: int('capacity', f.capacity) ?? 1,
    buffer_before_min: int('buffer_before_min', f.bufferBefore) ?? 0,
    buffer_after_min: int('buffer_after_min', f.bufferAfter) ?? 0,
    payment: f.payment,
  };
  // Only with online payment (the core refuses it otherwise).
  if (f.chargeAfter && f.payment === 'stripe') s.charge_after_service = true;
  const maxPer = int('max_per_booking', f.maxPerBooking, true);
  if (maxPer !== undefined) s.max_per_booking = maxPer;
  const deposit = rof('deposit', f.depositKind, f.deposit);
  if (deposit) s.deposit = deposit as Service['deposit'];
  if (f.taxRate.trim() !== '') s.tax = { rate_bps: rate('tax', f.taxRate), inclusive: f.taxInclusive };
  const fee = rof('cancellation.fee', f.feeKind, f.fee);
  const noShow = rof('cancellation.no_show_fee', f.noShowKind, f.noShow);
  const freeUntil = int('cancellation.free_until_min', f.freeUntil, true);
  if (fee || noShow || freeUntil !== undefined || !f.depositRefundable) {
    s.cancellation = { deposit_refundable: f.depositRefundable };
    if (freeUntil !== undefined) s.cancellation.free_until_min = freeUntil;
    if (fee) s.cancellation.fee = fee as NonNullable<Service['cancellation']>['fee'];
    if (noShow) s.cancellation.no_show_fee = noShow as NonNullable<Service['cancellation']>['no_show_fee'];
  }
  if (f.addons.length)
    s.addons = f.addons.map((a, i) => {
      const out: NonNullable<Service['addons']>[number] = {
        id: a.id.trim(),
        name: a.name.trim(),
        price: amount(`addons[${i}].price`, a.price),
      };
      const d = int(`addons[${i}].duration_min`, a.duration, true);
      if (d !== undefined) out.duration_min = d;
      return out;
    });
  return { service: Object.keys(errors).length ? null : s, errors };
}

/** "services[3].cancellation.fee.rate_bps" -> "cancellation.fee" (the editor's field key). */
export function fieldKey(coreField: string): string {
  const rest = coreField.replace(/^(catalog\.)?services\[\d+\]\.?/, '');
  return rest.replace(/\.(rate_bps|fixed)$/, '');
}

/** The JSON merge patch (RFC 7396) that turns the stored service into `next`. */
export function mergePatch(prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(prev)) if (!(k in next)) patch[k] = null;
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v == 'object' && !Array.isArray(v);
  for (const [k, v] of Object.entries(next)) {
    if (JSON.stringify(prev[k]) === JSON.stringify(v)) continue;
    // Objects merge (RFC 7396): a nested patch, so a deposit's rate_bps goes when fixed comes.
    patch[k] = isObj(prev[k]) && isObj(v) ? mergePatch(prev[k] as Record<string, unknown>, v) : v;
  }
  return patch;
}

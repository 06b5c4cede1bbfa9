// Types of slotpay-core.mjs: the Slotpay core compiled to WebAssembly.
//
// The request and response shapes are those of the core's JSON contract
// (shared/CONTRACT.md); the module answers exactly what the native core answers.
// Hand-written: keep in step with the contract (extend, never rename).
//
// Conventions (from the contract):
// - Money is an integer `amount` in the minor unit Stripe expects for the
//   currency (JPY 0 decimals, USD 2, KWD 3 in multiples of 10, ISK in multiples
//   of 100), never a float. Currencies are lowercase ISO codes ("usd").
// - Rates are basis points (`rate_bps`, 1% = 100).
// - Instants are RFC 3339 with an offset ("2026-03-08T09:00:00-04:00"); outputs
//   carry the merchant's local offset. Local dates "YYYY-MM-DD", times "HH:MM".
// - Every operation either answers or returns an error document; none throws.

/** Integer amount in the currency's minor unit. */
export type Amount = number;
/** Lowercase ISO 4217 code, e.g. "usd", "jpy". */
export type CurrencyCode = string;
/** RFC 3339 with offset, e.g. "2026-12-01T10:00:00-05:00". */
export type Rfc3339 = string;
/** Local calendar date "YYYY-MM-DD" in the merchant's zone. */
export type LocalDate = string;
/** Local time "HH:MM" ("24:00" allowed as the end of a range). */
export type LocalTime = string;
/** Basis points: 1% = 100, 100% = 10000. */
export type Bps = number;

// ---------------------------------------------------------------- errors

/**
 * Stable snake_case error codes; never renamed once shipped (more may be added,
 * hence the `string` fallback).
 */
export type ErrorCode =
  | 'invalid_json' | 'invalid_field' | 'missing_field' | 'unknown_field'
  | 'unknown_currency' | 'unknown_timezone' | 'unknown_service' | 'unknown_staff'
  | 'unknown_addon' | 'unknown_coupon' | 'unknown_operation'
  | 'amount_overflow' | 'amount_too_large' | 'invalid_amount' | 'currency_mismatch'
  | 'below_minimum_charge' | 'slot_unavailable' | 'outside_booking_window' | 'too_soon'
  | 'capacity_exceeded' | 'invalid_email' | 'invalid_phone' | 'input_too_large'
  | 'invalid_time' | 'invalid_date' | 'invalid_range' | 'off_grid'
  | 'service_not_bookable' | 'already_started' | 'internal_error'
  | (string & {});

export interface CoreErrorDetail {
  code: ErrorCode;
  /** Path into the request of the offending field ("booking.customer.email"); "" for the whole request. */
  field: string;
  /** For humans; may change between versions. */
  message: string;
}

/**
 * What every operation returns when it cannot answer: malformed JSON, wrong
 * types, unknown ids, amounts out of range, inputs too large or too deep.
 * `internal_error` means the module itself failed (a bug); the instance then
 * answers every later call with it, and the page should load a new one.
 */
export interface CoreError {
  error: CoreErrorDetail;
}

/** A response or an error document. Narrow with `'error' in result`. */
export type Result<T> = T | CoreError;

// ---------------------------------------------------------------- catalog

/** `[[from, to], ...]` opening ranges of one day, local times. */
export type DayHours = Array<[LocalTime, LocalTime]>;
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type WeeklyHours = Partial<Record<Weekday, DayHours>>;

/** Either a rate or a fixed amount, exactly one of them. */
export type RateOrFixed = { rate_bps: Bps; fixed?: never } | { fixed: Amount; rate_bps?: never };

export interface Merchant {
  /** 1-64 letters, digits, '_', '-', '.' */
  id: string;
  name: string;
  /** IANA zone name, e.g. "America/New_York". */
  timezone: string;
  /** Settlement currency of every price in the catalog. */
  currency: CurrencyCode;
  /** Platform's application fee on what is charged now; default none. */
  platform_fee?: { rate_bps?: Bps; fixed?: Amount };
  /**
   * What to do when what is due online is below Stripe's minimum charge
   * (default "raise_to_minimum": a deposit is raised to it, capped at the total).
   */
  min_charge_policy?: 'raise_to_minimum' | 'reject' | 'pay_at_venue';
  allow_full_discount?: boolean;
  accept_unconfirmed?: boolean;
  contact_email?: string;
  /** Hours before the start the reminder email goes out (0..168, default 24; 0: none). */
  reminder_hours?: number;
  /** Customers may reschedule until this many minutes before the start (0..43200, default 1440). */
  reschedule_until_min?: number;
}

export interface Schedule {
  weekly?: WeeklyHours;
  /** Date -> that day's hours ([] = closed). */
  overrides?: Record<LocalDate, DayHours>;
  /** Default 15, 5..1440. */
  slot_interval_min?: number;
  /** Default 0. */
  min_notice_min?: number;
  /** Default 60. */
  max_advance_days?: number;
}

export interface Staff {
  id: string;
  name?: string;
  /** Ids of the services this person offers. */
  services: string[];
  /** Own hours; without them the merchant's hours apply. */
  weekly?: WeeklyHours;
  overrides?: Record<LocalDate, DayHours>;
}

export interface Addon {
  id: string;
  name?: string;
  price: Amount;
  duration_min?: number;
}

export interface CancellationPolicy {
  /** Cancelling at least this many minutes before the start is free. */
  free_until_min?: number;
  /** Fee inside the window (rate of what was paid, or fixed). */
  fee?: RateOrFixed;
  deposit_refundable?: boolean;
  no_show_fee?: RateOrFixed;
}

export interface Service {
  id: string;
  name: string;
  duration_min: number;
  price: Amount;
  /** Seats per staff member (group bookings); default 1. */
  capacity?: number;
  /** Seats one booking may take (1..10000); default 10. More: quantity_over_limit at booking.quantity. */
  max_per_booking?: number;
  buffer_before_min?: number;
  buffer_after_min?: number;
  /** Default "stripe". */
  payment?: 'stripe' | 'external' | 'free';
  /** Without a deposit the total is due now. */
  deposit?: RateOrFixed;
  cancellation?: CancellationPolicy;
  tax?: { rate_bps: Bps; inclusive?: boolean };
  addons?: Addon[];
  /** Save the card at booking; charge what is due later when the booking is completed. */
  charge_after_service?: boolean;
}

export interface Coupon {
  code: string;
  rate_bps?: Bps;
  fixed?: Amount;
}

/** A merchant's configuration. */
export interface Catalog {
  merchant: Merchant;
  schedule?: Schedule;
  staff?: Staff[];
  services: Service[];
  coupons?: Coupon[];
}

// ---------------------------------------------------------------- currency

export interface CurrencyRequest {
  currency: CurrencyCode;
}

export interface CurrencyResponse {
  currency: CurrencyCode;
  /** Decimal places on the wire (0, 2 or 3). */
  exponent: number;
  /** Every charge must be a multiple of this (1, 10 for KWD, 100 for ISK/UGX). */
  amount_multiple_of: number;
  /** Stripe's minimum charge in this currency. */
  min_charge: Amount;
  /** Whether Stripe documents that minimum (else it is derived). */
  min_charge_documented: boolean;
  max_amount: Amount;
}

// ---------------------------------------------------------------- quote

export interface Customer {
  name?: string;
  email?: string;
  /** E.164, e.g. "+15551234567". */
  phone?: string;
}

export interface BookingRequest {
  service: string;
  /** A staff id or "any" (default). */
  staff?: string;
  start?: Rfc3339;
  /** Seats; default 1. */
  quantity?: number;
  addons?: string[];
  coupon?: string;
  tip?: Amount;
  /** Used by `validate`. */
  customer?: Customer;
}

export interface QuoteRequest {
  catalog: Catalog;
  booking: BookingRequest;
}

export type QuoteLine =
  | { kind: 'service'; id: string; amount: Amount }
  | { kind: 'addon'; id: string; amount: Amount }
  /** Negative amount. */
  | { kind: 'discount'; code: string; amount: Amount }
  /** With `inclusive: true` the tax is part of the prices above, not added. */
  | { kind: 'tax'; rate_bps: Bps; inclusive?: true; amount: Amount }
  | { kind: 'tip'; amount: Amount };

export interface QuoteResponse {
  currency: CurrencyCode;
  lines: QuoteLine[];
  subtotal: Amount;
  discount: Amount;
  tax: Amount;
  tip: Amount;
  total: Amount;
  /** How what is due now is paid. */
  payment: 'stripe' | 'external' | 'free' | 'pay_at_venue';
  /** Deposit or full total, charged at booking. */
  due_now: Amount;
  due_later: Amount;
  /** Platform fee on `due_now`; absent when zero. */
  application_fee?: Amount;
  /** Stripe's minimum-charge verdict for `due_now`. */
  min_charge?: { amount: Amount; ok: boolean; adjusted: boolean };
}

// ---------------------------------------------------------------- availability

/** A booking or hold that occupies capacity (at most 20,000 together per request). */
export interface ExistingBooking {
  service: string;
  /** The assigned staff member; "" for a service the merchant runs. */
  staff: string;
  start: Rfc3339;
  /** The real end; the core adds the service's buffers. */
  end: Rfc3339;
  quantity?: number;
}

export interface AvailabilityRequest {
  catalog: Catalog;
  service: string;
  /** A staff id or "any" (default). */
  staff?: string;
  /** Seats wanted (group services); a slot is listed when at least this many are free. Default 1. */
  quantity?: number;
  /** Add-on ids: their durations lengthen the slot. */
  addons?: string[];
  /** Inclusive, merchant's local date. */
  from: LocalDate;
  /** Exclusive, merchant's local date; at most 92 days after `from`. */
  to: LocalDate;
  /** The current instant ("now" is an input: the core reads no clock). */
  now: Rfc3339;
  bookings?: ExistingBooking[];
  holds?: ExistingBooking[];
}

export interface Slot {
  /** With the local offset in force at that instant; `end - start` is the real duration. */
  start: Rfc3339;
  end: Rfc3339;
  /** Seats still free. */
  remaining: number;
  /** Staff ids who can take it. */
  staff: string[];
}

export interface AvailabilityResponse {
  timezone: string;
  slots: Slot[];
}

// ---------------------------------------------------------------- validate

export interface ValidateRequest {
  catalog: Catalog;
  booking: BookingRequest & { start: Rfc3339; customer: Customer };
  now: Rfc3339;
  bookings?: ExistingBooking[];
  holds?: ExistingBooking[];
}

/** Either the booking is acceptable (with its quote) or every problem is listed. */
export type ValidateResponse =
  /** `booking` is what the server stores and later sends back in `bookings`/`holds`. */
  | { ok: true; quote: QuoteResponse; booking: ExistingBooking & { quantity: number } }
  | { ok: false; errors: CoreErrorDetail[] };

// ---------------------------------------------------------------- cancel

export interface CancelRequest {
  catalog: Catalog;
  now: Rfc3339;
  booking: {
    service: string;
    start: Rfc3339;
    paid: { amount: Amount; currency: CurrencyCode };
    application_fee?: Amount;
    /** What was paid was a deposit (the policy may keep it). Default false. */
    deposit?: boolean;
  };
}

/** Always `refund + fee == booking.paid.amount`. */
export interface CancelResponse {
  refund: Amount;
  fee: Amount;
  refund_application_fee: boolean;
  currency: CurrencyCode;
  /** Which part of the policy applied: free cancellation, late, or after the start. */
  window: 'free' | 'late' | 'no_show';
}

// ---------------------------------------------------------------- the module

export type Operation = 'currency' | 'quote' | 'availability' | 'validate' | 'cancel';

export interface Core {
  /**
   * The raw entry point: a request as JSON text (or UTF-8 bytes) in, the
   * response JSON text out, byte-identical to `slotpay-core OP < request.json`.
   * Never throws; an unknown `op` gives an `unknown_operation` error document.
   */
  run(op: Operation | string, request: string | Uint8Array): string;
  /** The operation names run() accepts, in a stable order. */
  operations(): string[];
  /** The core's version, e.g. "0.1.0". */
  readonly version: string;

  // Typed wrappers: JSON.stringify the request, JSON.parse the response. A request
  // that cannot be serialised (cyclic, BigInt) gives an `invalid_json` error.
  currency(request: CurrencyRequest): Result<CurrencyResponse>;
  quote(request: QuoteRequest): Result<QuoteResponse>;
  availability(request: AvailabilityRequest): Result<AvailabilityResponse>;
  /** Domain problems come back as `{ok: false, errors}`; unreadable requests as `{error}`. */
  validate(request: ValidateRequest): Result<ValidateResponse>;
  cancel(request: CancelRequest): Result<CancelResponse>;
}

export interface LoadOptions {
  /**
   * Where to fetch slotpay-core.wasm; default: beside slotpay-core.mjs. Served
   * as `application/wasm` it is compiled while it downloads.
   */
  wasmUrl?: string | URL;
  /** The module's bytes; when given nothing is fetched (node, or self-fetched bytes). */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
}

/**
 * Loads the module. Loads by URL are memoised (one per URL, shared by every
 * caller); a failed load is forgotten so that the next call retries. Rejects with
 * an Error naming the URL when the module cannot be fetched or compiled.
 */
export function loadSlotpayCore(options?: LoadOptions): Promise<Core>;

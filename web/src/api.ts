// The Slotpay server's public API. Every call resolves to {data} | {error}; nothing throws.
import type { SlotpayError } from './types';
import type {
  BookingRequest as CoreBookingRequest,
  Catalog,
  QuoteResponse,
  Service,
  Slot,
} from '../../wasm/slotpay-core';

export type { Catalog, Service, Slot };

export type ApiResult<T> =
  | { data: T; error?: undefined; errors?: undefined }
  | { data?: undefined; error: SlotpayError; errors?: SlotpayError[] };

export interface BookingView {
  id: string;
  merchant_id: string;
  status: string;
  booking: { service: string; staff: string; start: string; end?: string; quantity: number };
  quote: QuoteResponse;
  payment_mode: string;
  amount: number;
  currency: string;
  hold_expires_at: string | null;
  customer?: { name: string; email: string; phone?: string };
  payment?: {
    payment_intent: string | null;
    client_secret?: string;
    publishable_key: string;
    stripe_account: string;
    /** Issue #11 item 4: the card is saved for a charge after the service ("setup": nothing due now). */
    kind?: 'payment' | 'setup';
    /** What is charged on the saved card after the appointment. */
    charge_after_service?: number;
  };
}
/** What the widget sends: the choice and the customer, never an amount. */
export type BookingRequest = CoreBookingRequest & {
  staff: string;
  start: string;
  quantity: number;
  addons: string[];
  tip: number;
  customer: { name: string; email: string; phone?: string };
};

const TIMEOUT_MS = 20000;

/** The browser's IANA zone ("Europe/Paris"), or undefined (left out of the JSON). */
function browserZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

// Requests the loader started before the widget arrived (GET only, by URL): taken once.
const prefetched = new Map<string, Promise<Response>>();

export function adoptPrefetched(started: Record<string, unknown> | undefined): void {
  for (const [url, p] of Object.entries(started ?? {})) if (p instanceof Promise) prefetched.set(url, p);
}

async function call<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  const early = prefetched.get(url);
  prefetched.delete(url);
  try {
    const r = await (early ?? fetch(url, { ...init, signal: ctl.signal, credentials: 'omit', cache: 'no-store' }));
    let body: any = null;
    try {
      body = await r.json();
    } catch {
      body = null;
    }
    if (r.ok && body && typeof body === 'object' && !body.error) return { data: body as T };
    if (body && body.error && typeof body.error.code === 'string')
      return { error: body.error, errors: Array.isArray(body.errors) ? body.errors : undefined };
    return { error: { code: 'http_error', field: '', message: `The server answered HTTP ${r.status}.` } };
  } catch (e) {
    const aborted = (e as Error)?.name === 'AbortError';
    return {
      error: {
        code: aborted ? 'timeout' : 'network_error',
        field: '',
        message: aborted ? 'The server took too long to answer.' : 'Could not reach the booking server.',
      },
    };
  } finally {
    clearTimeout(timer);
  }
}

export class Api {
  /** The language the widget speaks (issue #12 item 2: the customer's emails use it). */
  customerLocale?: string;

  constructor(
    private readonly base: string,
    private readonly merchant: string,
  ) {}

  private m(path: string): string {
    return `${this.base}/v1/merchants/${encodeURIComponent(this.merchant)}${path}`;
  }

  catalog() {
    // `currency`: the merchant currency's facts (exponent, multiple...), when the server sends them.
    return call<{ catalog: Catalog; online_payments: boolean; currency?: unknown }>(this.m('/catalog'));
  }

  availability(service: string, staff: string, from: string, to: string) {
    const q = new URLSearchParams({ service, staff, from, to });
    return call<{ timezone: string; slots: Slot[] }>(this.m(`/availability?${q}`));
  }

  /**
   * The server's price for a choice with a coupon: the public catalog carries no coupons,
   * so the server checks the code (known, in its dates, not used up) and prices it.
   */
  quote(booking: CoreBookingRequest) {
    return call<QuoteResponse>(this.m('/quote'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(booking),
    });
  }

  /** Sends the choice and the customer, never an amount: the server prices it. With it the
   *  browser's IANA zone and the widget's language (issue #12 item 2), for the emails. */
  book(req: BookingRequest) {
    return call<{ booking: BookingView; access_token: string }>(this.m('/bookings'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...req, customer_zone: browserZone(), customer_locale: this.customerLocale }),
    });
  }

  cancel(id: string, token: string) {
    return call<{ booking: BookingView }>(`${this.base}/v1/bookings/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  }

  /**
   * The pay step is shown: the server's short first hold becomes the full hold (issue #9).
   * The answer's booking carries the new hold_expires_at. Idempotent.
   */
  extendHold(id: string, token: string) {
    return call<{ booking: BookingView }>(`${this.base}/v1/bookings/${encodeURIComponent(id)}/extend-hold`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  }

  status(id: string, token: string) {
    return call<{ booking: BookingView }>(`${this.base}/v1/bookings/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }
}

// Public shapes shared by the widget, the iframe page and the host page.
// Versioned: fields are only ever added (v stays 1 while that holds).
import type { ThemeOptions } from './theme';

export type { ThemeOptions };

/** An error as the core and the server report it (field: a path such as booking.customer.email). */
export interface SlotpayError {
  code: string;
  field: string;
  message: string;
}

/** What the host page learns about a booking (no secrets: no client secret, no access token). */
export interface BookingSummary {
  id: string;
  status: string;
  merchant: string;
  service: string;
  staff: string;
  start: string;
  quantity: number;
  /** charged online now, in the currency's minor unit (0 for free/external). */
  amount: number;
  currency: string;
  total: number;
  due_later: number;
  payment: string;
}

/** Results handed to host callbacks: a booking or an error, never an exception. */
export type BookingResult =
  { booking: BookingSummary; error?: undefined } | { booking?: undefined; error: SlotpayError };

export interface MountOptions {
  /** CSS selector or element that receives the widget (a Shadow DOM is attached to a child). */
  target: string | Element;
  /** merchant id, e.g. "m_demo" */
  merchant: string;
  /** the Slotpay server origin; default: the origin the widget script came from */
  api?: string;
  /** Stripe.js URL; default https://js.stripe.com/v3/ */
  stripeJs?: string;
  /** where slotpay-core.mjs/.wasm live; default: beside the widget script */
  assets?: string;
  /**
   * BCP 47 locale: the language (en, es, fr, de, pt-BR, ja, ar; English otherwise) and
   * the format of dates and money; default: the browser's languages.
   */
  locale?: string;
  /** Colours, radius, font, spacing and light/dark (the page's --slotpay-* properties work too). */
  theme?: ThemeOptions;
  /** Offer a tip step: true for every paid service, or the ids of the services that take tips. */
  tips?: boolean | string[];
  /** called once with {booking} or {error} */
  onResult?: (result: BookingResult) => void;
}

export const EVENT_VERSION = 1 as const;

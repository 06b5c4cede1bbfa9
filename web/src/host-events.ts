// What the host page hears: CustomEvents on the target element (bubbling, composed,
// versioned payloads), the iframe page's postMessage forwarder, and the onResult
// callback, called once. Nothing thrown by the page's own listeners reaches the widget.
import { EVENT_VERSION, type BookingResult, type BookingSummary } from './types';
import type { BookingView } from './api';

export type HostEventType = 'ready' | 'booked' | 'error';
/** Receives every host-visible event (the iframe page forwards them by postMessage). */
export type Notify = (type: HostEventType, detail: Record<string, unknown>) => void;

export class HostEvents {
  private resultSent = false;

  constructor(
    private readonly target: HTMLElement,
    private readonly notify?: Notify,
    private readonly onResult?: (result: BookingResult) => void,
  ) {}

  emit(type: HostEventType, detail: Record<string, unknown>): void {
    const d = { v: EVENT_VERSION, ...detail };
    try {
      this.target.dispatchEvent(new CustomEvent(`slotpay:${type}`, { detail: d, bubbles: true, composed: true }));
    } catch (e) {
      console.error('slotpay: a host event listener threw', e);
    }
    this.notify?.(type, d);
  }

  /** The onResult callback, at most once. */
  finish(result: BookingResult): void {
    if (this.resultSent || !this.onResult) return;
    this.resultSent = true;
    try {
      this.onResult(result);
    } catch (e) {
      console.error('slotpay: onResult callback threw', e);
    }
  }
}

/** What the host learns of a booking: no secrets (no client secret, no access token). */
export function summary(b: BookingView): BookingSummary {
  return {
    id: b.id,
    status: b.status,
    merchant: b.merchant_id,
    service: b.booking.service,
    staff: b.booking.staff,
    start: b.booking.start,
    quantity: b.booking.quantity,
    amount: b.amount,
    currency: b.currency,
    total: b.quote?.total ?? 0,
    due_later: b.quote?.due_later ?? 0,
    payment: b.payment_mode,
  };
}

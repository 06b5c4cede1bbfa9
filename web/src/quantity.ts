// How many seats one booking may take, as the server will allow it (issue #9): the
// service's capacity, its max_per_booking (the core's default when unset) and, once a
// time is picked, the seats left there. Pure; the choose step caps its input with it.
import type { Service } from './api';

/** The core's kDefaultMaxPerBooking (core/include/slotpay/catalog.hpp); a test keeps them equal. */
export const DEFAULT_MAX_PER_BOOKING = 10;

/** The most seats one booking of `svc` may take (at least 1). */
export function quantityMax(svc: Pick<Service, 'capacity' | 'max_per_booking'>, remaining?: number): number {
  let max = Math.min(svc.capacity ?? 1, svc.max_per_booking ?? DEFAULT_MAX_PER_BOOKING);
  if (remaining !== undefined) max = Math.min(max, remaining);
  return Math.max(1, Math.floor(max));
}

/** A typed quantity as a whole number in 1..max (junk: 1). */
export function clampQuantity(value: string | number, max: number): number {
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n) || n < 1) return 1;
  return Math.min(n, Math.max(1, max));
}

// The Node reference's booking rules: a catalog (the same JSON slotpay-server reads),
// checked with luxon for the merchant's zone. Covers what the benchmark's catalog uses:
// weekly hours and date overrides, the slot grid, notice and booking window, staff,
// seats per start (group services) and the price with the platform fee. Not a port of
// the C++ core: no add-ons, coupons, tax or deposits.
import { DateTime } from 'luxon';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']; // luxon: 1 = Monday
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const OFFSET = /(Z|[+-]\d\d:\d\d)$/;

export class BookingError extends Error {
  constructor(code, field, message, status) {
    super(message);
    Object.assign(this, { code, field, status });
  }
}
const invalid = (code, field, message) => new BookingError(code, field, message, 422);

const minutes = (hhmm) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};
const ranges = (list) => (list ?? []).map(([from, to]) => [minutes(from), minutes(to)]);

export class Catalog {
  constructor(doc) {
    const { merchant, schedule } = doc;
    if (!DateTime.local().setZone(merchant.timezone).isValid) throw new Error(`unknown timezone ${merchant.timezone}`);
    this.merchant = merchant;
    this.zone = merchant.timezone;
    this.currency = merchant.currency;
    this.fee = merchant.platform_fee ?? { rate_bps: 0, fixed: 0 };
    this.interval = schedule.slot_interval_min ?? 15;
    this.minNotice = schedule.min_notice_min ?? 0;
    this.maxAdvanceDays = schedule.max_advance_days ?? 60;
    this.weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, ranges(schedule.weekly?.[d])]));
    this.overrides = new Map(Object.entries(schedule.overrides ?? {}).map(([date, list]) => [date, ranges(list)]));
    this.services = new Map(doc.services.map((s) => [s.id, s]));
    this.staff = doc.staff ?? [];
  }

  // The opening ranges of a local day, in minutes from midnight.
  hoursOn(local) {
    return this.overrides.get(local.toISODate()) ?? this.weekly[WEEKDAYS[local.weekday - 1]];
  }

  // Checks a booking request against the catalog at `now` (a DateTime). Returns
  // {service, staffIds, start, end, quantity, customer, amount, applicationFee}; throws
  // a BookingError. Seats are checked by the caller, against its store.
  check(body, now) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BookingError('invalid_json', '', 'the request body must be a JSON object', 400);
    const service = this.services.get(body.service);
    if (!service) throw invalid('unknown_service', 'service', 'no such service');
    if (service.payment && service.payment !== 'stripe') throw invalid('service_not_bookable', 'service', 'only paid services here');

    const staffId = body.staff ?? 'any';
    const offering = this.staff.filter((s) => s.services.includes(service.id)).map((s) => s.id);
    const staffIds = staffId === 'any' ? offering : offering.filter((id) => id === staffId);
    if (!staffIds.length) throw invalid('unknown_staff', 'staff', 'no such staff member for this service');

    const quantity = body.quantity ?? 1;
    const capacity = service.capacity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > capacity)
      throw new BookingError('invalid_field', 'quantity', `quantity must be 1 to ${capacity}`, 400);

    const c = body.customer;
    if (typeof c !== 'object' || c === null || typeof c.name !== 'string' || !c.name.trim() || c.name.length > 200)
      throw new BookingError('missing_field', 'customer.name', 'customer.name is required', 400);
    if (typeof c.email !== 'string' || c.email.length > 254 || !EMAIL.test(c.email))
      throw invalid('invalid_email', 'customer.email', 'not an email address');

    if (typeof body.start !== 'string' || !OFFSET.test(body.start))
      throw new BookingError('invalid_field', 'start', 'start must be an RFC 3339 time with an offset', 400);
    const start = DateTime.fromISO(body.start, { setZone: true });
    if (!start.isValid) throw new BookingError('invalid_field', 'start', 'start must be an RFC 3339 time with an offset', 400);
    const local = start.setZone(this.zone);
    const end = local.plus({ minutes: service.duration_min });
    if (start < now.plus({ minutes: this.minNotice })) throw invalid('too_soon', 'start', 'too soon');
    if (start > now.plus({ days: this.maxAdvanceDays })) throw invalid('outside_booking_window', 'start', 'too far ahead');

    // On the grid of an opening range, and over before it closes (same local day).
    const m = local.hour * 60 + local.minute;
    const open = local.second === 0 && local.millisecond === 0 && end.hasSame(local, 'day') &&
      this.hoursOn(local).some(([from, to]) => m >= from && m + service.duration_min <= to && (m - from) % this.interval === 0);
    if (!open) throw new BookingError('slot_unavailable', 'start', 'not a bookable start', 409);

    const amount = service.price * quantity;
    const fee = Math.round((amount * (this.fee.rate_bps ?? 0)) / 10000) + (this.fee.fixed ?? 0);
    return {
      service, staffIds, start: local, end, quantity, customer: { name: c.name, email: c.email }, amount,
      applicationFee: fee > 0 && fee < amount ? fee : 0,
    };
  }
}

// The chart's data: bookings and net revenue per day of a report's range. Pure.
import { addDays } from './format';

export interface DayPoint {
  day: string;
  bookings: number;
  revenue: number;
}

/** A row of GET /v1/merchant/reports/bookings?format=json (the fields used here). */
export interface Entry {
  start: string;
  currency: string;
  gross: number;
  refunded: number;
  net: number;
}

/** Bookings and net revenue per day of the range (days without bookings included). */
export function perDay(entries: Entry[], from: string, to: string): DayPoint[] {
  const out: DayPoint[] = [];
  const idx = new Map<string, DayPoint>();
  for (let d = from, i = 0; d <= to && i < 367; d = addDays(d, 1), i++) {
    const p = { day: d, bookings: 0, revenue: 0 };
    out.push(p);
    idx.set(d, p);
  }
  for (const e of entries) {
    const p = idx.get(e.start.slice(0, 10));
    if (p) ((p.bookings += 1), (p.revenue += e.net));
  }
  return out;
}

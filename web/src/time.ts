// Dates and times in the merchant's zone. Slot instants carry the merchant's local
// offset (CONTRACT.md), so the wall-clock date and time are read from the string;
// Intl supplies weekday/month names and the zone's abbreviation.
import { dateTimeFormat } from './intl';

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  const p = partsOf(dateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Calendar arithmetic on a local date, independent of any zone. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function partsOf(fmt: Intl.DateTimeFormat, d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** English: "Tue 1 Dec" for a local date; other languages as Intl writes it ("mar, 1 dic"). */
export function formatDay(date: string, locale?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const fmt = dateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  const at = new Date(Date.UTC(y, m - 1, d));
  if (!isEnglish(fmt)) return fmt.format(at);
  const p = partsOf(fmt, at);
  return `${p.weekday} ${p.day} ${p.month}`;
}

function isEnglish(fmt: Intl.DateTimeFormat): boolean {
  return fmt.resolvedOptions().locale.split('-')[0] === 'en';
}

/**
 * The local wall-clock time of an RFC 3339 instant with the merchant's offset: "09:00"
 * in English (read from the string), else in the locale's own digits and order.
 */
export function localTime(instant: string, locale?: string, timeZone?: string): string {
  const fmt = dateTimeFormat(locale, { timeZone: timeZone ?? 'UTC', hour: '2-digit', minute: '2-digit' });
  if (!timeZone || isEnglish(fmt)) return instant.slice(11, 16);
  return fmt.format(new Date(instant));
}

/** "EST", or "GMT-5" where the zone has no common abbreviation. */
export function zoneAbbreviation(instant: string, timeZone: string): string {
  const p = partsOf(dateTimeFormat('en-US', { timeZone, timeZoneName: 'short', hour: 'numeric' }), new Date(instant));
  return p.timeZoneName || timeZone;
}

/** "Tue 1 Dec, 09:00 EST" */
export function formatSlot(instant: string, timeZone: string, locale?: string): string {
  const day = formatDay(instant.slice(0, 10), locale);
  return `${day}, ${localTime(instant, locale, timeZone)} ${zoneAbbreviation(instant, timeZone)}`;
}

/** "2026-11-23T11:50:07Z": now, to the second, as the core expects. */
export function nowRfc3339(now = new Date()): string {
  return now.toISOString().slice(0, 19) + 'Z';
}

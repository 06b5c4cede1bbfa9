// Dates and times in the merchant's zone. Slot instants carry the merchant's local
// offset (CONTRACT.md), so the wall-clock date and time are read from the string;
// Intl supplies weekday/month names and the zone's abbreviation.

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  const p = partsOf(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), now);
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

/** "Tue 1 Dec" for a local date. */
export function formatDay(date: string, locale?: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const p = partsOf(new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }),
                    new Date(Date.UTC(y, m - 1, d)));
  return `${p.weekday} ${p.day} ${p.month}`;
}

/** "09:00": the local wall-clock time of an RFC 3339 instant with offset. */
export function localTime(instant: string): string {
  return instant.slice(11, 16);
}

/** "EST", or "GMT-5" where the zone has no common abbreviation. */
export function zoneAbbreviation(instant: string, timeZone: string): string {
  const p = partsOf(new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short', hour: 'numeric' }), new Date(instant));
  return p.timeZoneName || timeZone;
}

/** "Tue 1 Dec, 09:00 EST" */
export function formatSlot(instant: string, timeZone: string, locale?: string): string {
  return `${formatDay(instant.slice(0, 10), locale)}, ${localTime(instant)} ${zoneAbbreviation(instant, timeZone)}`;
}

/** "2026-11-23T11:50:07Z": now, to the second, as the core expects. */
export function nowRfc3339(now = new Date()): string {
  return now.toISOString().slice(0, 19) + 'Z';
}

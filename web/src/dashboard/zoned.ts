// A date and a time typed in the shop's time zone -> the RFC 3339 start the booking API
// takes ("2026-12-03T10:00:00-05:00"), whatever zone the merchant's browser is in. Pure.

/** The zone's offset from UTC, in minutes, at the instant `ms`. */
export function offsetMinutes(timeZone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-12-03" + "10:00" in "America/New_York" -> "2026-12-03T10:00:00-05:00"; null when
 * the date or time is malformed. A wall time skipped by a DST change gets the offset in
 * force just before it (the core then refuses it as off the schedule, beside the field).
 */
export function zonedStart(date: string, time: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const wall = Date.parse(`${date}T${time}:00Z`);
  if (isNaN(wall)) return null;
  // Two passes: the offset at the guessed instant, then at the instant it gives.
  let off = offsetMinutes(timeZone, wall);
  off = offsetMinutes(timeZone, wall - off * 60000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${date}T${time}:00${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

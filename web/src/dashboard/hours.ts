// Opening hours as the merchant types them: "09:00-12:00, 13:00-17:00" per day, empty
// for closed. Pure; the core checks the times themselves when the catalog is saved.
import type { DayHours, WeeklyHours } from '../../../wasm/slotpay-core';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const hoursText = (h: DayHours | undefined): string => (h ?? []).map(([a, b]) => `${a}-${b}`).join(', ');

/** "09:00-12:00, 13:00-17:00" -> [["09:00","12:00"],["13:00","17:00"]]; null when malformed. */
export function parseHours(text: string): DayHours | null {
  const t = text.trim();
  if (!t) return [];
  const out: DayHours = [];
  for (const part of t.split(/[,;]/)) {
    const m = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(part);
    if (!m) return null;
    out.push([m[1].padStart(5, '0'), m[2].padStart(5, '0')]);
  }
  return out;
}

/** The week from its seven texts, or the days whose text is malformed. */
export function parseWeek(texts: Record<string, string>): { weekly: WeeklyHours | null; bad: string[] } {
  const weekly: WeeklyHours = {};
  const bad: string[] = [];
  for (const d of WEEKDAYS) {
    const h = parseHours(texts[d] ?? '');
    if (h === null) bad.push(d);
    else if (h.length) weekly[d] = h;
  }
  return { weekly: bad.length ? null : weekly, bad };
}

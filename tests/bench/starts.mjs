// Prints a Lua file for book.lua: STARTS = every bookable start of the catalog's first
// service over the given days (RFC 3339 with the zone's offset of that day), and FROM =
// the first of those days. Days start at tomorrow + 1 in the merchant's zone, so that
// min_notice never refuses one; the catalog's max_advance_days must cover them.
//   node tests/bench/starts.mjs CATALOG DAYS > starts.lua
import fs from 'node:fs';

const [file, daysArg] = process.argv.slice(2);
const catalog = JSON.parse(fs.readFileSync(file, 'utf8'));
const days = Number(daysArg ?? 90);
const zone = catalog.merchant.timezone;
const service = catalog.services[0];
const { weekly, slot_interval_min: interval = 15, max_advance_days: maxDays = 60 } = catalog.schedule;
if (days + 2 > maxDays) throw new Error(`${days} days do not fit in max_advance_days ${maxDays}`);

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const pad = (n) => String(n).padStart(2, '0');
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
const localDate = (t) => dateFormat.format(t);
// The zone's offset at local noon of a date; opening hours here do not cross a DST change.
const offsetAt = (date) => {
  const name = offsetFormat.format(new Date(`${date}T12:00:00Z`));
  const m = /GMT([+-]\d\d:\d\d)?/.exec(name);
  return m[1] ?? '+00:00';
};

const starts = [];
let first = null, previous = null;
for (let d = 2; d < days + 2; d++) {
  const date = localDate(new Date(Date.now() + d * 86400000));
  if (date === previous) continue;  // a 25-hour day near midnight
  previous = date;
  first ??= date;
  const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
  const override = catalog.schedule.overrides?.[date];
  const offset = offsetAt(date);
  for (const [from, to] of override ?? weekly[weekday] ?? []) {
    const [fh, fm] = from.split(':').map(Number);
    const [th, tm] = to.split(':').map(Number);
    for (let m = fh * 60 + fm; m + service.duration_min <= th * 60 + tm; m += interval)
      starts.push(`${date}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:00${offset}`);
  }
}
console.log(`STARTS = {${starts.map((s) => JSON.stringify(s)).join(',')}}`);
console.log(`FROM = ${JSON.stringify(first)}`);

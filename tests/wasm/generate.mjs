// Seeded generators of random but valid core requests, built from the demo
// catalog: the same seed always gives the same requests (parity tests, bench).
// Each generator returns {op, request} with `request` a plain object.

// Stripe's chargeable unit in minor units (shared/stripe/currencies.json): ISK is
// two-decimal on the wire but charged in whole krónur, KWD in multiples of 10.
export const CURRENCIES = { usd: 1, jpy: 1, kwd: 10, isk: 100, gbp: 1 };

// Zones with DST in both hemispheres, a 30-minute DST shift and a 45-minute offset,
// with the local dates of their 2026-2027 transitions (Kathmandu has none).
export const ZONES = {
  'America/New_York': ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  'Europe/London': ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
  'Australia/Lord_Howe': ['2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03'],
  'Asia/Kathmandu': ['2026-06-15', '2026-12-31', '2027-02-28'],
};

// mulberry32: small, fast, good enough to spread test cases.
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));  // inclusive
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  const subset = (list) => list.filter(() => chance(0.5));
  return { next, int, pick, chance, subset };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// The zone's UTC offset (minutes) at an instant, from the platform's tz data.
const offsetFormats = new Map();
function offsetAt(zone, utcMs) {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, f);
  }
  const name = f.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName').value;
  const m = name.match(/GMT([+-])(\d\d):(\d\d)/);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

// RFC 3339 for a local wall time in `zone` (times used here are never in a gap).
export function localInstant(zone, date, minutes) {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60000;
  let utc = wall - offsetAt(zone, wall) * 60000;
  utc = wall - offsetAt(zone, utc) * 60000;
  const off = offsetAt(zone, utc);
  const local = new Date(utc + off * 60000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  return `${local}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

const hhmm = (m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;

function randomDayHours(r) {
  if (r.chance(0.15)) return [];
  const open = r.int(14, 40) * 15;        // 03:30..10:00
  if (r.chance(0.4)) {
    const lunch = open + r.int(8, 16) * 15;
    const back = lunch + r.int(2, 6) * 15;
    const close = Math.min(back + r.int(8, 24) * 15, 1440);
    return [[hhmm(open), hhmm(lunch)], [hhmm(back), close === 1440 ? '24:00' : hhmm(close)]];
  }
  const close = Math.min(open + r.int(12, 56) * 15, 1440);
  return [[hhmm(open), close === 1440 ? '24:00' : hhmm(close)]];
}

function rateOrFixed(r, unit, maxUnits) {
  return r.chance(0.5) ? { rate_bps: r.int(0, 10000) } : { fixed: unit * r.int(0, maxUnits) };
}

// A catalog derived from the demo one, with money in `currency` and random terms.
export function randomCatalog(r, demo, { currency = r.pick(Object.keys(CURRENCIES)), zone } = {}) {
  const unit = CURRENCIES[currency];
  const maxUnits = unit === 1 ? 60000 : 6000;
  const price = () => unit * r.int(0, maxUnits);
  const c = structuredClone(demo);
  c.merchant.currency = currency;
  if (zone) c.merchant.timezone = zone;
  c.merchant.platform_fee = { rate_bps: r.int(0, 1500), fixed: unit * r.int(0, 100) };
  c.merchant.min_charge_policy = r.pick(['raise_to_minimum', 'reject', 'pay_at_venue']);
  c.coupons = [{ code: 'WELCOME10', rate_bps: r.int(1, 10000) }, { code: 'FIVEOFF', fixed: unit * r.int(1, 2000) }];
  for (const s of c.services) {
    if (s.payment !== 'free') s.price = price();
    s.duration_min = r.pick([15, 20, 30, 45, 60, 90, 120]);
    s.buffer_before_min = r.pick([0, 0, 5, 10, 15]);
    s.buffer_after_min = r.pick([0, 0, 5, 10, 15, 30]);
    if (r.chance(0.7)) s.deposit = rateOrFixed(r, unit, maxUnits / 4); else delete s.deposit;
    if (r.chance(0.7)) s.tax = { rate_bps: r.int(0, 2700), inclusive: r.chance(0.5) }; else delete s.tax;
    if (r.chance(0.5)) s.cancellation = { free_until_min: r.pick([0, 60, 720, 1440, 2880]), fee: rateOrFixed(r, unit, 500) };
    else delete s.cancellation;
    s.addons = Array.from({ length: r.int(0, 3) }, (_, i) => ({ id: `addon${i}`, name: `Add-on ${i}`,
      price: price(), duration_min: r.pick([0, 5, 10, 15]) }));
    if (s.payment !== 'free') s.capacity = r.chance(0.3) ? r.int(2, 20) : 1;
  }
  return c;
}

// quote: any service, a subset of its add-ons, maybe a coupon and a tip.
export function randomQuote(r, demo) {
  const catalog = randomCatalog(r, demo);
  const unit = CURRENCIES[catalog.merchant.currency];
  const service = r.pick(catalog.services);
  const staff = catalog.staff.filter((s) => s.services.includes(service.id)).map((s) => s.id);
  const booking = {
    service: service.id,
    staff: staff.length && r.chance(0.4) ? r.pick(staff) : 'any',
    start: localInstant(catalog.merchant.timezone, addDays('2026-12-01', r.int(0, 30)), r.int(36, 64) * 15),
    quantity: r.int(1, service.capacity ?? 1),
    addons: r.subset(service.addons.map((a) => a.id)),
  };
  if (r.chance(0.5)) booking.coupon = r.pick(['WELCOME10', 'FIVEOFF']);
  if (r.chance(0.4)) booking.tip = unit * r.int(0, 5000);
  return { op: 'quote', request: { catalog, booking } };
}

// availability: a random week schedule in a DST-interesting zone, a window of 1-8
// days around a transition, existing bookings on the grid.
export function randomAvailability(r, demo) {
  const zone = r.pick(Object.keys(ZONES));
  const catalog = randomCatalog(r, demo, { zone });
  const weekly = {};
  for (const day of DAYS) {
    const hours = randomDayHours(r);
    if (hours.length) weekly[day] = hours;
  }
  const from = addDays(r.pick(ZONES[zone]), r.int(-3, 1));
  const days = r.int(1, 8);
  const to = addDays(from, days);
  catalog.schedule = {
    weekly,
    overrides: r.chance(0.3) ? { [addDays(from, r.int(0, days - 1))]: r.chance(0.5) ? [] : [['10:00', '13:00']] } : {},
    slot_interval_min: r.pick([5, 10, 15, 20, 30, 60]),
    min_notice_min: r.pick([0, 60, 120, 1440]),
    max_advance_days: r.pick([30, 60, 120]),
  };
  if (r.chance(0.3)) catalog.staff[1].weekly = { tue: [['12:00', '20:00']], sun: [['00:00', '24:00']] };
  const bookable = catalog.services.filter((s) => catalog.staff.some((st) => st.services.includes(s.id)));
  const service = r.pick(bookable);
  const staff = catalog.staff.filter((s) => s.services.includes(service.id)).map((s) => s.id);
  const bookings = [];
  for (let i = r.int(0, 6); i > 0; i--) {
    const s = r.pick(bookable);
    const who = catalog.staff.filter((st) => st.services.includes(s.id)).map((st) => st.id);
    const date = addDays(from, r.int(0, days - 1));
    const startMin = r.int(32, 70) * 15;
    bookings.push({
      service: s.id, staff: r.pick(who),
      start: localInstant(zone, date, startMin),
      end: localInstant(zone, date, startMin + s.duration_min),
      quantity: r.int(1, s.capacity ?? 1),
    });
  }
  const request = {
    catalog, service: service.id,
    staff: staff.length > 1 && r.chance(0.5) ? r.pick(staff) : 'any',
    from, to,
    now: localInstant(zone, addDays(from, -r.int(0, 20)), r.int(0, 95) * 15),
    bookings, holds: [],
  };
  return { op: 'availability', request };
}

// Issue #9, items 1 and 3 end to end: a booking cannot take a whole class, one client,
// one email or everyone together can keep only so many seats waiting for payment; the
// public catalog carries no coupons and no platform fee, the quote route prices a coupon
// (its dates and redemption caps checked), and a coupon that makes a paid booking free
// is refused unless the merchant allows it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const today = new Date();
const isoDay = (d) => d.toISOString().slice(0, 10);
const dayOffset = (n) => isoDay(new Date(today.getTime() + n * 86400000));

// The e2e catalog with coupons of every kind (dates far from "now" in any zone).
function catalogWithCoupons({ allowFull = false } = {}) {
  const c = JSON.parse(fs.readFileSync(h.CATALOG, 'utf8'));
  c.coupons = [
    { code: 'SPRING', rate_bps: 1000 },
    { code: 'LATER', rate_bps: 1000, valid_from: dayOffset(5) },
    { code: 'GONE', rate_bps: 1000, valid_until: dayOffset(-5) },
    { code: 'TWICE', fixed: 500, max_redemptions: 2 },
    { code: 'ONCEEACH', fixed: 500, max_per_customer: 1 },
    { code: 'ALL', rate_bps: 10000 },
  ];
  if (allowFull) c.merchant.allow_full_discount = true;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slotpay-cat-')), 'catalog.json');
  fs.writeFileSync(file, JSON.stringify(c));
  return { json: c, file };
}

let mock, srv, capped;
const cat = catalogWithCoupons();
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--seed-merchant', cat.file, '--booking-rate', '0'] });
  capped = await h.startServer(mock, {
    args: ['--max-holds-per-client', '3', '--max-holds-per-email', '2', '--max-holds-per-merchant', '5'],
  });
});
after(async () => {
  await srv?.stop();
  await capped?.stop();
  await mock?.close();
});

const quote = (s, body, headers = {}) => h.api(s, 'POST', '/v1/merchants/m_e2e/quote', { body, headers });

test('a booking cannot hold 100 seats of a class (max_per_booking, default 10)', async () => {
  const before = (await h.adminBookings(srv)).length;
  const r = await h.book(srv, 'class', h.slotStart(12, '10:00'), { quantity: 100 });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'quantity_over_limit');
  assert.equal(r.body.error.field, 'booking.quantity');
  assert.equal((await h.adminBookings(srv)).length, before, 'no hold taken');
  const ok = await h.book(srv, 'class', h.slotStart(12, '10:00'), { quantity: 10 });
  assert.equal(ok.status, 201, ok.text);
});

test('live holds are capped per client, per email and per merchant', async () => {
  const start = (i) => h.slotStart(13, `${String(9 + i).padStart(2, '0')}:00`);
  // One email: 2 holds, the third refused at the email.
  const email = { name: 'Same', email: 'same@example.com' };
  assert.equal((await h.book(capped, 'class', start(0), { customer: email })).status, 201);
  assert.equal((await h.book(capped, 'class', start(1), { customer: { ...email, email: 'SAME@example.com' } })).status, 201);
  const third = await h.book(capped, 'class', start(2), { customer: email });
  assert.equal(third.status, 429, third.text);
  assert.equal(third.body.error.code, 'too_many_holds');
  assert.equal(third.body.error.field, 'booking.customer.email');
  // The same client (127.0.0.1), another email: one more, then the client's cap (3).
  assert.equal((await h.book(capped, 'class', start(3))).status, 201);
  const fourth = await h.book(capped, 'class', start(4));
  assert.equal(fourth.status, 429, fourth.text);
  assert.equal(fourth.body.error.code, 'too_many_holds');
  assert.equal(fourth.body.error.field, '');
  // Free and external bookings hold nothing for payment: not capped.
  assert.equal((await h.book(capped, 'consult', start(5))).status, 201);
});

test('the per-merchant cap counts every client', async () => {
  const s = await h.startServer(mock, { args: ['--max-holds-per-merchant', '2'] });
  try {
    assert.equal((await h.book(s, 'class', h.slotStart(14, '10:00'))).status, 201);
    assert.equal((await h.book(s, 'class', h.slotStart(14, '11:00'))).status, 201);
    const r = await h.book(s, 'class', h.slotStart(14, '12:00'));
    assert.equal(r.status, 429, r.text);
    assert.equal(r.body.error.code, 'too_many_holds');
    assert.match(r.body.error.message, /business/);
  } finally {
    await s.stop();
  }
});

test('a cancelled hold gives its place under the cap back', async () => {
  const s = await h.startServer(mock, { args: ['--max-holds-per-client', '1'] });
  try {
    const a = await h.book(s, 'class', h.slotStart(15, '10:00'));
    assert.equal(a.status, 201, a.text);
    assert.equal((await h.book(s, 'class', h.slotStart(15, '11:00'))).status, 429);
    const c = await h.api(s, 'POST', `/v1/bookings/${a.body.booking.id}/cancel`, { token: a.body.access_token });
    assert.equal(c.status, 200, c.text);
    assert.equal((await h.book(s, 'class', h.slotStart(15, '11:00'))).status, 201);
  } finally {
    await s.stop();
  }
});

test('the public catalog carries no coupon codes and no platform fee', async () => {
  const r = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.catalog.coupons, undefined);
  assert.equal(r.body.catalog.merchant.platform_fee, undefined);
  for (const code of ['SPRING', 'TWICE', 'ONCEEACH', 'platform_fee']) assert.ok(!r.text.includes(code), code);
  assert.equal(r.body.catalog.services.length, cat.json.services.length, 'the rest is there');
});

test('the quote route prices a coupon server-side, without the platform fee', async () => {
  const base = { service: 'cut', quantity: 1 };
  const plain = await quote(srv, base, { origin: 'https://salon.example' });
  assert.equal(plain.status, 200, plain.text);
  assert.equal(plain.headers.get('access-control-allow-origin'), 'https://salon.example');
  assert.equal(plain.body.discount, 0);
  assert.equal(plain.body.application_fee, undefined);
  const spring = await quote(srv, { ...base, coupon: 'spring' });
  assert.equal(spring.status, 200, spring.text);
  assert.equal(spring.body.discount, 450);
  assert.equal(spring.body.subtotal, plain.body.subtotal);
  const unknown = await quote(srv, { ...base, coupon: 'NOPE' });
  assert.equal(unknown.status, 422);
  assert.deepEqual([unknown.body.error.code, unknown.body.error.field], ['unknown_coupon', 'booking.coupon']);
  assert.equal((await quote(srv, { ...base, amount: 1 })).body.error.code, 'unknown_field');
  assert.equal((await quote(srv, base, { origin: 'https://evil.example' })).status, 403);
});

test('coupon windows: not yet valid and expired coupons refused by the quote and the booking', async () => {
  for (const [code, want] of [['LATER', 'coupon_not_yet_valid'], ['GONE', 'coupon_expired']]) {
    const q = await quote(srv, { service: 'cut', coupon: code });
    assert.equal(q.status, 422, q.text);
    assert.deepEqual([q.body.error.code, q.body.error.field], [want, 'booking.coupon']);
    const b = await h.book(srv, 'cut', h.slotStart(16, '10:00'), { coupon: code });
    assert.equal(b.status, 422, b.text);
    assert.equal(b.body.error.code, want);
  }
});

test('redemption caps: max_redemptions and max_per_customer, counted from live bookings', async () => {
  const a = await h.book(srv, 'trio', h.slotStart(17, '10:00'), { coupon: 'TWICE' });
  assert.equal(a.status, 201, a.text);
  assert.equal((await h.book(srv, 'trio', h.slotStart(17, '11:00'), { coupon: 'twice' })).status, 201);
  const third = await h.book(srv, 'trio', h.slotStart(17, '12:00'), { coupon: 'TWICE' });
  assert.equal(third.status, 422, third.text);
  assert.deepEqual([third.body.error.code, third.body.error.field], ['coupon_exhausted', 'booking.coupon']);
  assert.equal((await quote(srv, { service: 'trio', coupon: 'TWICE' })).body.error.code, 'coupon_exhausted');
  // A cancelled booking gives its use back.
  const c = await h.api(srv, 'POST', `/v1/bookings/${a.body.booking.id}/cancel`, { token: a.body.access_token });
  assert.equal(c.status, 200, c.text);
  assert.equal((await h.book(srv, 'trio', h.slotStart(17, '12:00'), { coupon: 'TWICE' })).status, 201);

  const customer = { name: 'Once', email: 'once@example.com' };
  assert.equal((await h.book(srv, 'trio', h.slotStart(18, '10:00'), { coupon: 'ONCEEACH', customer })).status, 201);
  const again = await h.book(srv, 'trio', h.slotStart(18, '11:00'), { coupon: 'ONCEEACH', customer: { ...customer, email: 'ONCE@example.com' } });
  assert.equal(again.status, 422, again.text);
  assert.equal(again.body.error.code, 'coupon_already_used');
  assert.equal((await quote(srv, { service: 'trio', coupon: 'ONCEEACH', customer })).body.error.code, 'coupon_already_used');
  assert.equal((await quote(srv, { service: 'trio', coupon: 'ONCEEACH' })).status, 200, 'no email: not judged');
  assert.equal((await h.book(srv, 'trio', h.slotStart(18, '11:00'), { coupon: 'ONCEEACH' })).status, 201);
});

test('a 100% coupon on a paid service is refused unless the merchant allows it', async () => {
  const r = await h.book(srv, 'cut', h.slotStart(19, '10:00'), { coupon: 'ALL' });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual([r.body.error.code, r.body.error.field], ['full_discount_not_allowed', 'booking.coupon']);
  assert.equal((await quote(srv, { service: 'cut', coupon: 'ALL' })).body.error.code, 'full_discount_not_allowed');
  const allowed = catalogWithCoupons({ allowFull: true });
  const s = await h.startServer(mock, { args: ['--seed-merchant', allowed.file] });
  try {
    const ok = await h.book(s, 'cut', h.slotStart(19, '10:00'), { coupon: 'ALL' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.booking.status, 'confirmed');
  } finally {
    await s.stop();
  }
});

// Issue #9 item 1: the short first hold. A new online booking holds its seats for
// --first-hold-seconds; POST /v1/bookings/{id}/extend-hold (the widget, at the pay step,
// with the booking's token) makes it the full hold (--hold-seconds) counted from the
// booking's creation. An unextended hold is released after the short time; an extended
// one is not.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv, dflt;

before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { holdSeconds: 600, args: ['--quiet', '--first-hold-seconds', '2'] });
  dflt = await h.startServer(mock, { holdSeconds: 600, args: ['--quiet'] });
});
after(async () => {
  await srv?.stop();
  await dflt?.stop();
  await mock?.close();
});

const secondsFromNow = (t) => (Date.parse(t) - Date.now()) / 1000;
const extend = (s, created, opts = {}) =>
  h.api(s, 'POST', `/v1/bookings/${created.booking.id}/extend-hold`, { token: created.access_token, ...opts });

test('an unextended hold is released after the short first hold; an extended one is not', async () => {
  const a = await h.book(srv, 'cut', h.slotStart(20, '10:00'));
  const b = await h.book(srv, 'cut', h.slotStart(20, '11:00'));
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.ok(secondsFromNow(a.body.booking.hold_expires_at) <= 3, a.body.booking.hold_expires_at);

  const x = await extend(srv, b.body);
  assert.equal(x.status, 200, x.text);
  assert.equal(x.body.booking.id, b.body.booking.id);
  assert.equal(x.body.booking.status, 'awaiting_payment');
  const full = secondsFromNow(x.body.booking.hold_expires_at);
  assert.ok(full > 590 && full <= 601, `full hold from creation, got ${full}s`);
  assert.match(x.body.booking.payment.client_secret, /^pi_.*_secret_/, 'still payable');
  // Idempotent: the same end again, never later.
  const again = await extend(srv, b.body);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.booking.hold_expires_at, x.body.booking.hold_expires_at);

  await h.sleep(3500); // past the first hold, with the expiry pass (250 ms) behind it
  assert.equal((await h.bookingStatus(srv, a.body)).status, 'expired');
  const kept = await h.bookingStatus(srv, b.body);
  assert.equal(kept.status, 'awaiting_payment');
  assert.equal(kept.hold_expires_at, x.body.booking.hold_expires_at);
  // The released seat can be booked again; the extended one cannot.
  assert.equal((await h.book(srv, 'cut', h.slotStart(20, '10:00'))).status, 201);
  assert.equal((await h.book(srv, 'cut', h.slotStart(20, '11:00'))).status, 409);
  // A hold that ran out cannot be brought back.
  const late = await extend(srv, a.body);
  assert.equal(late.status, 409, late.text);
  assert.equal(late.body.error.code, 'hold_not_extendable');
});

test('extend-hold needs the booking token in Authorization; a booking that is no hold is refused', async () => {
  const c = await h.book(srv, 'cut', h.slotStart(21, '10:00'));
  assert.equal(c.status, 201, c.text);
  const wrong = await extend(srv, c.body, { token: 'f'.repeat(64) });
  assert.equal(wrong.status, 404);
  assert.equal(wrong.body.error.code, 'booking_not_found');
  const unknown = await h.api(srv, 'POST', '/v1/bookings/b_nope/extend-hold', { token: c.body.access_token });
  assert.deepEqual(unknown.body, wrong.body, 'an unknown id and a wrong token are one answer');
  const query = await h.api(srv, 'POST', `/v1/bookings/${c.body.booking.id}/extend-hold?token=${c.body.access_token}`);
  assert.equal(query.status, 400);
  assert.equal(query.body.error.code, 'token_in_query');
  const free = await h.book(srv, 'consult', h.slotStart(21, '12:00'));
  assert.equal(free.status, 201, free.text);
  assert.equal(free.body.booking.status, 'confirmed');
  const r = await extend(srv, free.body);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'hold_not_extendable');
  // The preflight is answered by origin alone (no existence oracle).
  const pre = await h.api(srv, 'OPTIONS', '/v1/bookings/b_nope/extend-hold', {
    headers: { origin: 'https://salon.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(pre.status, 204);
});

test('by default the first hold is 3 minutes of the 10', async () => {
  const c = await h.book(dflt, 'cut', h.slotStart(22, '10:00'));
  assert.equal(c.status, 201, c.text);
  const first = secondsFromNow(c.body.booking.hold_expires_at);
  assert.ok(first > 170 && first <= 181, `first hold ${first}s`);
  const x = await extend(dflt, c.body, { headers: { origin: 'https://salon.example' } });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.headers.get('access-control-allow-origin'), 'https://salon.example');
  const full = secondsFromNow(x.body.booking.hold_expires_at);
  assert.ok(full > 590 && full <= 601, `full hold ${full}s`);
});

// The server is killed with SIGKILL in the middle of bookings and restarted: no booking
// that was answered is lost, and every PaymentIntent Stripe holds carries the id of a
// booking that exists. SIGTERM stops the server gracefully (in-flight requests finish).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock;
before(async () => { mock = await h.startMock(); });
after(async () => { await mock?.close(); });

test('SIGKILL in the middle of bookings, then restart: no booking lost, no payment without a booking', async () => {
  const db = h.tempDb();
  const args = ['--booking-rate', '0', '--threads', '24'];
  let srv = await h.startServer(mock, { db, args });
  const start = h.slotStart(25, '09:00');
  // Slow Stripe so that many requests are caught between hold and PaymentIntent.
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'timeout',
                                                      delay_ms: 300, count: 1000 });
  const answered = (await Promise.all(Array.from({ length: 10 }, () => h.book(srv, 'class', start))))
    .filter((r) => r.status === 201);
  assert.equal(answered.length, 10);
  const inflight = Promise.allSettled(Array.from({ length: 30 }, () => h.book(srv, 'class', start)));
  await h.sleep(150);
  const killed = await srv.stop('SIGKILL');
  assert.equal(killed.signal, 'SIGKILL');
  const late = await inflight;
  for (const r of late) if (r.status === 'fulfilled' && r.value.status === 201) answered.push(r.value);
  await h.mockControl(mock, 'DELETE', '/_mock/fail');
  await h.sleep(700);  // the slow Stripe finishes what it had started

  srv = await h.startServer(mock, { db, args });
  try {
    // Every booking a client got an answer for is still there.
    for (const r of answered) {
      const s = await h.bookingStatus(srv, r.body);
      assert.ok(s, `booking ${r.body.booking.id} lost`);
      assert.equal(s.status, 'awaiting_payment');
    }
    const rows = await h.adminBookings(srv);
    const ids = new Set(rows.map((b) => b.id));
    assert.ok(rows.length >= answered.length);
    // Every PaymentIntent at Stripe belongs to a booking in the database.
    const pis = (await h.mockControl(mock, 'GET', '/_mock/objects?type=payment_intent')).data.map((x) => x.obj)
      .filter((pi) => pi.metadata?.merchant_id === 'm_e2e' && pi.description?.includes('Slotpay'));
    for (const pi of pis) {
      assert.ok(pi.metadata.booking_id && ids.has(pi.metadata.booking_id), `orphan PaymentIntent ${pi.id}`);
    }
    // Interrupted bookings were resolved: expired, and their intents cancelled at Stripe.
    const interrupted = rows.filter((b) => !answered.some((r) => r.body.booking.id === b.id));
    assert.ok(interrupted.length > 0, 'the kill landed between hold and PaymentIntent for some bookings');
    const settled = await h.waitFor(async () => {
      const now = await h.adminBookings(srv);
      return now.filter((b) => interrupted.some((i) => i.id === b.id)).every((b) => b.status === 'expired' && !b.pi_cancel_pending) ? now : null;
    });
    assert.ok(settled, 'interrupted bookings expired and their intents cancelled');
    const pisAfter = (await h.mockControl(mock, 'GET', '/_mock/objects?type=payment_intent')).data.map((x) => x.obj);
    for (const b of interrupted) {
      for (const pi of pisAfter.filter((p) => p.metadata?.booking_id === b.id)) assert.equal(pi.status, 'canceled', pi.id);
    }
    // And the restarted server still takes payments.
    const one = answered[0];
    await h.stripeApi(mock, 'POST', `/v1/payment_intents/${one.body.booking.payment.payment_intent}/confirm`, { payment_method: 'pm_card_visa' });
    const ok = await h.waitFor(async () => (await h.bookingStatus(srv, one.body)).status === 'confirmed');
    assert.ok(ok);
  } finally {
    await srv.stop();
  }
});

test('SIGTERM: in-flight requests finish, then a clean exit', async () => {
  const srv = await h.startServer(mock);
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'timeout',
                                                      delay_ms: 600, count: 1 });
  const pending = h.book(srv, 'class', h.slotStart(26, '09:00'));
  await h.sleep(200);
  const stopped = srv.stop('SIGTERM');
  const r = await pending;
  assert.equal(r.status, 201, r.text);
  const exit = await stopped;
  assert.equal(exit.code, 0);
  assert.match(srv.logs, /"msg":"stopped"/);
});

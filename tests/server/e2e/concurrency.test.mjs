// 50 concurrent bookings for one slot of capacity 3 give exactly 3 holds (and 3
// PaymentIntents); Stripe failures: 500 then success gives one PaymentIntent, timeouts are
// retried with the same Idempotency-Key, a Stripe outage leaves no hold behind.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--booking-rate', '0', '--threads', '24'] });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

async function piCount() {
  return (await h.mockControl(mock, 'GET', '/_mock/counts')).payment_intent ?? 0;
}

test('50 concurrent bookings for a slot of capacity 3 give exactly 3 holds', async () => {
  const start = h.slotStart(21, '10:00');
  const before = await piCount();
  const results = await Promise.all(Array.from({ length: 50 }, () => h.book(srv, 'trio', start)));
  const created = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status === 409);
  assert.equal(created.length, 3, results.map((r) => r.status).join(','));
  assert.equal(refused.length, 47);
  for (const r of refused) assert.ok(['slot_unavailable', 'capacity_exceeded'].includes(r.body.error.code), r.text);
  assert.equal(await piCount(), before + 3);
  const rows = (await h.adminBookings(srv)).filter((b) => b.booking.start === start);
  assert.equal(rows.length, 3);
});

test('Stripe answers 500 (after creating the intent), then succeeds: one PaymentIntent', async () => {
  const before = await piCount();
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'http_500',
                                                      count: 1, after_processing: true });
  const r = await h.book(srv, 'class', h.slotStart(22, '09:00'));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.booking.status, 'awaiting_payment');
  assert.equal(await piCount(), before + 1);
  const reqs = (await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST')).data
    .filter((x) => x.idempotency_key === `booking_${r.body.booking.id}_create_pi`);
  assert.equal(reqs.length, 2, 'one failure, one retry with the same key');
  assert.ok(reqs[1].replayed, 'the retry was an idempotent replay');
});

test('Stripe answers 500 before processing, then succeeds: one PaymentIntent', async () => {
  const before = await piCount();
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'http_500', count: 1 });
  const r = await h.book(srv, 'class', h.slotStart(22, '10:00'));
  assert.equal(r.status, 201, r.text);
  assert.equal(await piCount(), before + 1);
});

test('Stripe-Should-Retry: false is honoured (no retry), the hold is released', async () => {
  const start = h.slotStart(22, '11:00');
  const postsBefore = (await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST')).data.length;
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST',
                                                      mode: 'stripe_should_retry_false', count: 1 });
  const r = await h.book(srv, 'cut', start);
  assert.equal(r.status, 503, r.text);
  assert.equal(r.body.error.code, 'stripe_unavailable');
  const reqs = (await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST')).data;
  assert.equal(reqs.length, postsBefore + 1, 'exactly one attempt');
  assert.ok(reqs.at(-1).injected_failure);
  const again = await h.book(srv, 'cut', start);
  assert.equal(again.status, 201, again.text);
});

test('Stripe times out once: retried with the same key, one PaymentIntent', async () => {
  const before = await piCount();
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'timeout',
                                                      delay_ms: 4000, after_processing: true, count: 1 });
  const t0 = Date.now();
  const r = await h.book(srv, 'class', h.slotStart(23, '09:00'));
  assert.equal(r.status, 201, r.text);
  assert.ok(Date.now() - t0 < 10000);
  assert.equal(await piCount(), before + 1);
});

test('Stripe keeps timing out: a clear 503 in bounded time, no hold left behind', async () => {
  const start = h.slotStart(23, '10:00');
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/payment_intents', method: 'POST', mode: 'timeout',
                                                      delay_ms: 4000, count: 3 });
  const t0 = Date.now();
  const r = await h.book(srv, 'cut', start);
  const took = Date.now() - t0;
  assert.equal(r.status, 503, r.text);
  assert.equal(r.body.error.code, 'stripe_unavailable');
  assert.ok(took < 9000, `took ${took} ms`);
  await h.mockControl(mock, 'DELETE', '/_mock/fail');
  const again = await h.book(srv, 'cut', start);
  assert.equal(again.status, 201, again.text);
});

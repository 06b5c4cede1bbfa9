// Create booking -> PaymentIntent on the connected account -> signed webhook -> confirmed;
// free/external services; cancel (unpaid and paid); payment failure frees the hold.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--booking-rate', '0'] });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

async function pay(created, pm = 'pm_card_visa') {
  return h.stripeApi(mock, 'POST', `/v1/payment_intents/${created.booking.payment.payment_intent}/confirm`,
                     { payment_method: pm });
}

test('create booking: hold + PaymentIntent on the connected account; webhook confirms it', async () => {
  const r = await h.book(srv, 'cut', h.slotStart(12, '10:00'), { amount: 1, total: 1 });
  assert.equal(r.status, 201, r.text);
  const b = r.body.booking;
  assert.equal(b.status, 'awaiting_payment');
  assert.match(r.body.access_token, /^[0-9a-f]{64}$/);
  assert.ok(b.hold_expires_at);
  assert.equal(b.payment.publishable_key, h.PK);
  assert.equal(b.payment.stripe_account, h.ACCOUNT);
  assert.match(b.payment.client_secret, /^pi_.*_secret_/);
  // The amount is the server's quote, whatever the browser sent.
  assert.equal(b.amount, b.quote.due_now);
  assert.ok(b.amount > 1);

  const reqs = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/payment_intents&method=POST');
  const create = reqs.data.find((x) => x.params?.metadata?.booking_id === b.id);
  assert.ok(create, 'PaymentIntent create request seen by Stripe');
  assert.equal(create.account, h.ACCOUNT);
  assert.equal(create.idempotency_key, `booking_${b.id}_create_pi`);
  assert.equal(Number(create.params.amount), b.quote.due_now);
  assert.equal(Number(create.params.application_fee_amount), b.quote.application_fee);

  const c = await pay(r.body);
  assert.equal(c.body.status, 'succeeded');
  const confirmed = await h.waitFor(async () => {
    const s = await h.bookingStatus(srv, r.body);
    return s.status === 'confirmed' ? s : null;
  });
  assert.equal(confirmed?.status, 'confirmed');
  assert.equal(confirmed.paid_amount, b.amount);
  assert.equal(confirmed.payment.client_secret, undefined, 'no client secret once paid');
  const v = await h.mockControl(mock, 'GET', '/_mock/validation_errors');
  assert.equal(v.count, 0, JSON.stringify(v.data));
});

test('free and external services are confirmed at once, without Stripe', async () => {
  const before = (await h.mockControl(mock, 'GET', '/_mock/counts')).payment_intent ?? 0;
  for (const [service, at] of [['consult', '11:00'], ['repair', '14:00']]) {
    const r = await h.book(srv, service, h.slotStart(13, at));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.booking.status, 'confirmed');
    assert.equal(r.body.booking.payment, undefined);
  }
  const afterCount = (await h.mockControl(mock, 'GET', '/_mock/counts')).payment_intent ?? 0;
  assert.equal(afterCount, before);
});

test('availability subtracts holds and confirmed bookings', async () => {
  const start = h.slotStart(30, '15:00');
  const day = start.slice(0, 10);
  const next = new Date(Date.parse(day + 'T12:00:00Z') + 86400000).toISOString().slice(0, 10);
  const q = `/v1/merchants/m_e2e/availability?service=trio&staff=any&from=${day}&to=${next}`;
  const remaining = async () => {
    const r = await h.api(srv, 'GET', q);
    assert.equal(r.status, 200, r.text);
    return r.body.slots.find((s) => s.start === start)?.remaining;
  };
  assert.equal(await remaining(), 3);
  const held = await h.book(srv, 'trio', start);
  assert.equal(held.status, 201, held.text);
  assert.equal(await remaining(), 2);
  const paid = await h.book(srv, 'trio', start);
  await pay(paid.body);
  await h.waitFor(async () => (await h.bookingStatus(srv, paid.body)).status === 'confirmed');
  assert.equal(await remaining(), 1);
  const bad = await h.api(srv, 'GET', '/v1/merchants/m_e2e/availability?service=trio');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'missing_field');
});

test('status needs the access token', async () => {
  const r = await h.book(srv, 'class', h.slotStart(14, '09:00'));
  assert.equal(r.status, 201, r.text);
  const wrong = await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}`, { token: 'f'.repeat(64) });
  assert.equal(wrong.status, 404);
  assert.equal(wrong.body.error.code, 'booking_not_found');
  const none = await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}`);
  assert.equal(none.status, 404);
  // Issue #9: the token only in Authorization; in the URL it is refused with a clear error.
  const viaQuery = await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}?token=${r.body.access_token}`);
  assert.equal(viaQuery.status, 400, viaQuery.text);
  assert.deepEqual([viaQuery.body.error.code, viaQuery.body.error.field], ['token_in_query', 'token']);
  const cancelViaQuery = await h.api(srv, 'POST', `/v1/bookings/${r.body.booking.id}/cancel?token=${r.body.access_token}`);
  assert.equal(cancelViaQuery.status, 400, cancelViaQuery.text);
  assert.equal(cancelViaQuery.body.error.code, 'token_in_query');
  const ok = await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}`, { token: r.body.access_token });
  assert.equal(ok.status, 200, ok.text);
});

test('a failed payment frees the hold; the slot can be booked again', async () => {
  const start = h.slotStart(15, '14:00');
  const r = await h.book(srv, 'cut', start);
  assert.equal(r.status, 201, r.text);
  const taken = await h.book(srv, 'cut', start);
  assert.equal(taken.status, 409, taken.text);
  const c = await pay(r.body, 'pm_card_chargeDeclined');
  assert.equal(c.status, 402);
  const s = await h.waitFor(async () => {
    const x = await h.bookingStatus(srv, r.body);
    return x.status === 'payment_failed' ? x : null;
  });
  assert.equal(s?.status, 'payment_failed');
  const again = await h.book(srv, 'cut', start);
  assert.equal(again.status, 201, again.text);
});

test('cancel an unpaid booking: the PaymentIntent is cancelled at Stripe', async () => {
  const r = await h.book(srv, 'cut', h.slotStart(16, '10:00'));
  assert.equal(r.status, 201, r.text);
  const c = await h.api(srv, 'POST', `/v1/bookings/${r.body.booking.id}/cancel`, { token: r.body.access_token });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.booking.status, 'cancelled');
  const pi = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${r.body.booking.payment.payment_intent}`);
  assert.equal(pi.body.status, 'canceled');
});

test('cancel a paid booking early: the core policy refunds all, application fee included', async () => {
  const r = await h.book(srv, 'cut', h.slotStart(20, '10:00'));
  assert.equal(r.status, 201, r.text);
  await pay(r.body);
  await h.waitFor(async () => (await h.bookingStatus(srv, r.body)).status === 'confirmed');
  const c = await h.api(srv, 'POST', `/v1/bookings/${r.body.booking.id}/cancel`, { token: r.body.access_token });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.booking.status, 'cancelled');
  assert.equal(c.body.cancellation.refund, r.body.booking.amount);
  assert.equal(c.body.cancellation.refund_application_fee, true);
  assert.equal(c.body.booking.refunded_amount, r.body.booking.amount);
  const refunds = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/refunds&method=POST');
  const mine = refunds.data.filter((x) => x.params?.metadata?.booking_id === r.body.booking.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].account, h.ACCOUNT);
  assert.equal(mine[0].params.refund_application_fee, 'true');
  assert.equal(Number(mine[0].params.amount), r.body.booking.amount);
  // Cancelling again changes nothing.
  const again = await h.api(srv, 'POST', `/v1/bookings/${r.body.booking.id}/cancel`, { token: r.body.access_token });
  assert.equal(again.status, 200);
  const refunds2 = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/refunds&method=POST');
  assert.equal(refunds2.data.filter((x) => x.params?.metadata?.booking_id === r.body.booking.id).length, 1);
});

test('account.updated is recorded: without charges_enabled no online payment is offered', async () => {
  await h.mockControl(mock, 'POST', `/_mock/accounts/${h.ACCOUNT}/update`, { charges_enabled: false });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  const cat = await h.api(srv, 'GET', '/v1/merchants/m_e2e/catalog');
  assert.equal(cat.body.online_payments, false);
  const r = await h.book(srv, 'class', h.slotStart(31, '09:00'));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'payments_unavailable');
  const free = await h.book(srv, 'consult', h.slotStart(31, '10:00'));
  assert.equal(free.status, 201, free.text);
  await h.mockControl(mock, 'POST', `/_mock/accounts/${h.ACCOUNT}/update`, { charges_enabled: true });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  assert.equal((await h.book(srv, 'class', h.slotStart(31, '11:00'))).status, 201);
});

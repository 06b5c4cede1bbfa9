// Webhooks: duplicates and reordered deliveries change nothing twice; forged and stale
// signatures are rejected; an expired hold's PaymentIntent is cancelled; a payment that
// succeeds after its hold expired and the slot was taken is refunded automatically.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import * as h from './harness.mjs';

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { holdSeconds: 3 });
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

const stripe = new Stripe(h.SK);
const sign = (payload, secret = h.WHSEC, timestamp) =>
  stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });

async function deliver(payload, header) {
  return h.api(srv, 'POST', '/v1/stripe/webhook', {
    raw: payload, headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) },
  });
}

async function eventsOf(piId) {
  const all = await h.mockControl(mock, 'GET', '/_mock/events');
  return all.data.filter((e) => e.data?.object?.id === piId || e.data?.object?.payment_intent === piId);
}

test('duplicate deliveries are recorded once and change nothing', async () => {
  const r = await h.book(srv, 'class', h.slotStart(10, '09:00'));
  assert.equal(r.status, 201, r.text);
  const pi = r.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  const s1 = await h.bookingStatus(srv, r.body);
  assert.equal(s1.status, 'confirmed');
  const succeeded = (await eventsOf(pi)).find((e) => e.type === 'payment_intent.succeeded');
  assert.ok(succeeded);
  const red = await h.mockControl(mock, 'POST', '/_mock/webhooks/redeliver', { event_id: succeeded.id });
  assert.ok(red.delivered?.[0]?.ok, JSON.stringify(red));
  // Our own duplicate, signed afresh: the server answers 200 and reports the duplicate.
  const payload = JSON.stringify(succeeded);
  const again = await deliver(payload, sign(payload));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.duplicate, true);
  const s2 = await h.bookingStatus(srv, r.body);
  assert.deepEqual(s2, s1);
});

test('reordered deliveries: a stale payment_failed after succeeded does not undo the booking', async () => {
  const r = await h.book(srv, 'class', h.slotStart(10, '11:00'));
  assert.equal(r.status, 201, r.text);
  const pi = r.body.booking.payment.payment_intent;
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/pause');
  const declined = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_chargeDeclined' });
  assert.equal(declined.status, 402);
  const ok = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  assert.equal(ok.body.status, 'succeeded');
  const pending = (await h.mockControl(mock, 'GET', '/_mock/webhooks')).pending;
  assert.ok(pending.length >= 2);
  await h.mockControl(mock, 'POST', '/_mock/webhooks/resume', { order: 'reverse' });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  const s = await h.bookingStatus(srv, r.body);
  assert.equal(s.status, 'confirmed');
  assert.equal(s.paid_amount, r.body.booking.amount);
  const deliveries = (await h.mockControl(mock, 'GET', '/_mock/webhooks')).deliveries;
  const order = deliveries.filter((d) => pending.includes(d.event_id)).map((d) => d.type);
  assert.ok(order.indexOf('payment_intent.succeeded') < order.indexOf('payment_intent.payment_failed'),
            `delivered out of order: ${order}`);
});

test('forged, stale, missing and re-serialised signatures are rejected; nothing changes', async () => {
  const r = await h.book(srv, 'class', h.slotStart(11, '09:00'));
  assert.equal(r.status, 201, r.text);
  const event = {
    id: 'evt_forged_' + crypto.randomBytes(6).toString('hex'), object: 'event', type: 'payment_intent.succeeded',
    account: h.ACCOUNT, created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1,
    data: { object: { id: r.body.booking.payment.payment_intent, object: 'payment_intent', amount: r.body.booking.amount,
                      amount_received: r.body.booking.amount, currency: 'usd', status: 'succeeded',
                      metadata: { booking_id: r.body.booking.id } } },
  };
  const payload = JSON.stringify(event);
  const cases = [
    ['wrong secret', sign(payload, 'whsec_attacker')],
    ['stale (301 s)', sign(payload, h.WHSEC, Math.floor(Date.now() / 1000) - 301)],
    ['missing', undefined],
    ['v0 only', sign(payload).replace('v1=', 'v0=')],
    ['other body', sign(JSON.stringify(event, null, 2))],
  ];
  for (const [name, header] of cases) {
    const res = await deliver(payload, header);
    assert.equal(res.status, 400, `${name}: ${res.text}`);
    assert.equal(res.body.error.code, 'invalid_signature', name);
  }
  assert.equal((await h.bookingStatus(srv, r.body)).status, 'awaiting_payment');
  // The same event correctly signed is accepted (the test above is not vacuous).
  const good = await deliver(payload, sign(payload));
  assert.equal(good.status, 200, good.text);
  assert.equal((await h.bookingStatus(srv, r.body)).status, 'confirmed');
});

test('holds expire: capacity returns and the PaymentIntent is cancelled at Stripe', async () => {
  const start = h.slotStart(17, '10:00');
  const r = await h.book(srv, 'cut', start);
  assert.equal(r.status, 201, r.text);
  assert.equal((await h.book(srv, 'cut', start)).status, 409);
  const expired = await h.waitFor(async () => {
    const s = await h.bookingStatus(srv, r.body);
    return s.status === 'expired' ? s : null;
  }, { timeoutMs: 8000 });
  assert.equal(expired?.status, 'expired');
  const pi = await h.waitFor(async () => {
    const x = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${r.body.booking.payment.payment_intent}`);
    return x.body.status === 'canceled' ? x : null;
  });
  assert.equal(pi?.body.status, 'canceled');
  const again = await h.book(srv, 'cut', start);
  assert.equal(again.status, 201, again.text);
});

test('paid after the hold expired and the slot was taken: refunded automatically', async () => {
  const start = h.slotStart(18, '10:00');
  const first = await h.book(srv, 'cut', start);
  assert.equal(first.status, 201, first.text);
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/pause');
  const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${first.body.booking.payment.payment_intent}/confirm`,
                                 { payment_method: 'pm_card_visa' });
  assert.equal(paid.body.status, 'succeeded');
  // The success event is held back; the hold runs out and someone else takes the slot.
  await h.waitFor(async () => (await h.bookingStatus(srv, first.body)).status === 'expired', { timeoutMs: 8000 });
  const second = await h.book(srv, 'cut', start);
  assert.equal(second.status, 201, second.text);
  await h.mockControl(mock, 'POST', '/_mock/webhooks/resume', { order: 'fifo' });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  const s = await h.waitFor(async () => {
    const x = await h.bookingStatus(srv, first.body);
    return x.refunded_amount > 0 ? x : null;
  });
  assert.equal(s?.status, 'expired');
  assert.equal(s.paid_amount, first.body.booking.amount);
  assert.equal(s.refunded_amount, first.body.booking.amount);
  const refunds = await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/refunds&method=POST');
  const mine = refunds.data.filter((x) => x.params?.metadata?.booking_id === first.body.booking.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].account, h.ACCOUNT);
});

test('charge.dispute.created is recorded on the booking', async () => {
  const r = await h.book(srv, 'class', h.slotStart(19, '09:00'));
  const pi = r.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  await h.mockControl(mock, 'POST', '/_mock/events/trigger', { type: 'charge.dispute.created', payment_intent: pi });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
  const s = await h.bookingStatus(srv, r.body);
  assert.equal(s.status, 'confirmed');
  assert.equal(s.disputed, true);
});

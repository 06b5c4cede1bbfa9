// Issue #9, item 5 end to end: signed events that do not belong to the booking they
// name are recorded and ignored, with a metric: another connected account (also with
// an empty account), the other mode (livemode), metadata naming a booking whose stored
// PaymentIntent is another, for every event type the issue listed.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import * as h from './harness.mjs';

let mock, srv;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock);
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

const stripe = new Stripe(h.SK);
const sign = (payload) => stripe.webhooks.generateTestHeaderString({ payload, secret: h.WHSEC });

async function deliver(event) {
  const payload = JSON.stringify({
    id: 'evt_bind_' + crypto.randomBytes(6).toString('hex'), object: 'event',
    created: Math.floor(Date.now() / 1000), pending_webhooks: 1, livemode: false, account: h.ACCOUNT, ...event,
  });
  return h.api(srv, 'POST', '/v1/stripe/webhook', {
    raw: payload, headers: { 'content-type': 'application/json', 'stripe-signature': sign(payload) },
  });
}

const stateOf = async (r) =>
  (await h.api(srv, 'GET', `/v1/bookings/${r.body.booking.id}`, { token: r.body.access_token })).body.booking;

test('foreign, mismatched and metadata-only events are recorded and ignored', async () => {
  const r = await h.book(srv, 'class', h.slotStart(24, '10:00'));
  assert.equal(r.status, 201, r.text);
  const b = r.body.booking;
  const pi = b.payment.payment_intent;
  const succeeded = { id: pi, object: 'payment_intent', amount: b.amount, amount_received: b.amount, currency: 'usd', status: 'succeeded' };
  const cases = [
    ['another account', { type: 'payment_intent.succeeded', account: 'acct_1Foreign', data: { object: succeeded } }, 'ignored_account'],
    ['no account (platform) for a connected booking', { type: 'payment_intent.succeeded', account: undefined, data: { object: succeeded } }, 'ignored_account'],
    ['live event to a test server', { type: 'payment_intent.succeeded', livemode: true, data: { object: succeeded } }, 'ignored_livemode'],
    ['refund of another charge naming the booking in metadata', { type: 'charge.refunded', data: { object: { id: 'ch_x', object: 'charge', payment_intent: 'pi_someone_else', amount_refunded: 500, metadata: { booking_id: b.id } } } }, 'ignored_no_booking'],
    ['dispute from another account', { type: 'charge.dispute.created', account: 'acct_1Foreign', data: { object: { id: 'dp_x', object: 'dispute', payment_intent: pi, metadata: { booking_id: b.id } } } }, 'ignored_account'],
    ['payment_failed for another PaymentIntent', { type: 'payment_intent.payment_failed', data: { object: { id: 'pi_other', object: 'payment_intent', metadata: { booking_id: b.id } } } }, 'ignored_no_booking'],
    ['canceled for another PaymentIntent', { type: 'payment_intent.canceled', data: { object: { id: 'pi_other2', object: 'payment_intent', metadata: { booking_id: b.id } } } }, 'ignored_no_booking'],
  ];
  for (const [name, event, want] of cases) {
    const res = await deliver(event);
    assert.equal(res.status, 200, `${name}: ${res.text}`);
    assert.equal(res.body.action, want, name);
    const now = await stateOf(r);
    assert.equal(now.status, 'awaiting_payment', name);
    assert.equal(now.refunded_amount, 0, name);
    assert.equal(now.disputed, false, name);
  }
  const m = await h.api(srv, 'GET', '/metrics', { token: h.ADMIN });
  for (const result of ['ignored_account', 'ignored_livemode', 'ignored_no_booking'])
    assert.match(m.text, new RegExp(`slotpay_webhooks_total\\{[^}]*result="${result}"\\} [1-9]`), result);
  // The genuine event still confirms it.
  const ok = await deliver({ type: 'payment_intent.succeeded', data: { object: succeeded } });
  assert.equal(ok.body.action, 'confirmed', ok.text);
  assert.equal((await stateOf(r)).status, 'confirmed');
});

// Issue #13, the dashboard's booking details end to end over loopback, against the local
// Stripe server: GET /v1/merchant/bookings/{id} answers the booking, its customer and its
// payment history (the payment, a partial refund by the merchant, a dispute) in time
// order; another merchant's booking, or an API key of the other mode, gets 404 and none of
// its data; GET /v1/merchant/bookings?q= finds bookings by customer name or e-mail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const OWNER = 'owner@details.example';
const PASSWORD = 'correct horse battery staple 42';

let mock, srv, owner;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, { args: ['--seed-owner', OWNER], env: { SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD } });
  owner = await session(await h.api(srv, 'POST', '/v1/merchant/signin', { body: { email: OWNER, password: PASSWORD } }));
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

async function session(signedIn) {
  assert.ok(signedIn.status === 200 || signedIn.status === 201, signedIn.text);
  const cookie = signedIn.headers.get('set-cookie').split(';')[0];
  return (method, p, { body, headers = {} } = {}) =>
    h.api(srv, method, p, { body, headers: { cookie, 'x-csrf-token': signedIn.body.csrf_token, ...headers } });
}

const flush = () => h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });

async function paidBooking(start, customer, extra = {}) {
  const r = await h.api(srv, 'POST', '/v1/merchants/m_e2e/bookings', {
    body: { ...h.bookingRequest('trio', start), ...(customer ? { customer } : {}), ...extra },
  });
  assert.equal(r.status, 201, r.text);
  const pi = r.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  await flush();
  await h.waitFor(async () => (await h.bookingStatus(srv, r.body)).status === 'confirmed');
  return { id: r.body.booking.id, pi, paid: r.body.booking.amount, customer: r.body.booking.customer };
}

test('a booking after a partial refund and a dispute: customer and payment history in time order', async () => {
  // The widget sends the customer's language and zone ("de-AT" is served by German emails).
  const { id, pi, paid, customer } = await paidBooking(h.slotStart(24, '10:00'), undefined, {
    customer_locale: 'de-AT',
    customer_zone: 'Europe/Vienna',
  });
  const refund = await owner('POST', `/v1/merchant/bookings/${id}/refunds`, {
    body: { amount: 1000, reason: 'requested_by_customer' },
    headers: { 'idempotency-key': 'details-1' },
  });
  assert.equal(refund.status, 201, refund.text);
  const opened = await h.mockControl(mock, 'POST', '/_mock/events/trigger', {
    type: 'charge.dispute.created',
    payment_intent: pi,
    reason: 'product_not_received',
  });
  const dp = opened.data.object;
  await flush();
  await h.waitFor(async () => (await owner('GET', `/v1/merchant/bookings/${id}`)).body.booking.disputed);

  const r = await owner('GET', `/v1/merchant/bookings/${id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.booking.id, id);
  assert.equal(r.body.booking.status, 'confirmed');
  assert.equal(r.body.booking.paid_amount, paid);
  assert.equal(r.body.booking.refunded_amount, 1000);
  assert.deepEqual(r.body.customer, {
    name: customer.name,
    email: customer.email,
    phone: '+15551234567',
    language: 'de',
    time_zone: 'Europe/Vienna',
  });
  assert.deepEqual(r.body.booking.customer, r.body.customer);

  const history = r.body.history;
  assert.deepEqual(
    history.map((e) => e.type),
    ['payment', 'refund', 'dispute'],
  );
  const [payment, refunded, dispute] = history;
  assert.deepEqual(
    { ...payment, at: undefined },
    {
      type: 'payment', at: undefined, amount: paid, currency: 'usd', payment_intent: pi, for: 'booking', pay_link: null,
      at_source: 'booking_created',
    },
  );
  // Times in the shop's zone (New York: -05:00 or -04:00).
  for (const e of history) assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/, JSON.stringify(e));
  assert.deepEqual(
    { ...refunded, at: undefined },
    {
      type: 'refund', at: undefined, amount: 1000, currency: 'usd', id: refund.body.refund.id, status: 'succeeded',
      payment_intent: pi, reason: null, application_fee_refunded: null, by: 'merchant_or_stripe_dashboard',
    },
  );
  assert.equal(dispute.id, dp.id);
  assert.equal(dispute.amount, dp.amount);
  assert.equal(dispute.reason, 'product_not_received');
  assert.equal(dispute.status, 'needs_response');
  assert.equal(dispute.amount_at_stake, dp.amount);
  assert.equal(Date.parse(dispute.evidence_due_by) / 1000, dp.evidence_details.due_by);
  assert.ok(payment.at <= refunded.at && Date.parse(refunded.at) <= Date.parse(dispute.at));
});

test("another merchant's booking, an unknown id, an API key of the other mode: 404 and nothing of it", async () => {
  const { id, customer } = await paidBooking(h.slotStart(25, '10:00'));
  const signup = await h.api(srv, 'POST', '/v1/merchant/signup', {
    body: { email: 'other@details.example', password: 'a long enough passphrase 42', business_name: 'Other', currency: 'usd' },
  });
  const other = await session(signup);
  for (const path of [`/v1/merchant/bookings/${id}`, '/v1/merchant/bookings/bk_nope']) {
    const r = await other('GET', path);
    assert.equal(r.status, 404, r.text);
    assert.equal(r.body.error.code, 'booking_not_found');
    assert.ok(!r.text.includes(customer.email) && !r.text.includes(customer.name), r.text);
  }
  const listed = await other('GET', `/v1/merchant/bookings?q=${encodeURIComponent(customer.email)}`);
  assert.deepEqual(listed.body.bookings, [], "a search never reaches another merchant's bookings");

  const live = await owner('POST', '/v1/merchant/api-keys', { body: { name: 'live key', mode: 'live' } });
  assert.equal(live.status, 201, live.text);
  const byLiveKey = await h.api(srv, 'GET', `/v1/merchant/bookings/${id}`, {
    headers: { authorization: `Bearer ${live.body.secret}` },
  });
  assert.equal(byLiveKey.status, 404, 'a live key does not see a test booking');
  const test = await owner('POST', '/v1/merchant/api-keys', { body: { name: 'test key', mode: 'test' } });
  const byTestKey = await h.api(srv, 'GET', `/v1/merchant/bookings/${id}`, {
    headers: { authorization: `Bearer ${test.body.secret}` },
  });
  assert.equal(byTestKey.status, 200, byTestKey.text);
  assert.equal((await h.api(srv, 'GET', `/v1/merchant/bookings/${id}`)).status, 401);
});

test('customer search: name or e-mail, any case, this merchant only, bounded', async () => {
  const ada = { name: 'Ada Lovelace', email: 'ada@engine.example', phone: '+15550000001' };
  const { id } = await paidBooking(h.slotStart(26, '10:00'), ada);
  const search = async (q) => {
    const r = await owner('GET', `/v1/merchant/bookings?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, r.text);
    return r.body.bookings;
  };
  for (const q of ['lovelace', 'ADA LOVE', ' Engine.Example ']) {
    const found = await search(q);
    assert.deepEqual(
      found.map((b) => b.id),
      [id],
      q,
    );
    assert.deepEqual(found[0].customer, { ...ada, language: null, time_zone: null });
  }
  assert.deepEqual(await search('nobody by that name'), []);
  const all = await owner('GET', '/v1/merchant/bookings');
  assert.ok(all.body.bookings.length > 1);
  assert.ok(all.body.bookings.every((b) => typeof b.customer.email === 'string'), 'every row has its customer');
  const long = await owner('GET', `/v1/merchant/bookings?q=${'a'.repeat(101)}`);
  assert.equal(long.status, 400, long.text);
  assert.equal(long.body.error.code, 'invalid_field');
  assert.equal(long.body.error.field, 'q');
});

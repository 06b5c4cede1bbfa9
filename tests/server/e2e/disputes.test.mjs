// Disputes (issue #11 item 5) end to end: Stripe's charge.dispute.* events from the local
// Stripe server are recorded on the booking (amount, reason, status, evidence due date,
// funds withdrawn and reinstated), in order or not, and never change what the booking
// occupies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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

const trigger = (body) => h.mockControl(mock, 'POST', '/_mock/events/trigger', body);
const flush = () => h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });

async function paidBooking(start) {
  const r = await h.book(srv, 'trio', start);
  assert.equal(r.status, 201, r.text);
  const pi = r.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  await flush();
  await h.waitFor(async () => (await h.bookingStatus(srv, r.body)).status === 'confirmed');
  return { created: r.body, pi };
}

async function remaining(start) {
  const day = start.slice(0, 10);
  const next = new Date(Date.parse(day + 'T12:00:00Z') + 86400000).toISOString().slice(0, 10);
  const r = await h.api(srv, 'GET', `/v1/merchants/m_e2e/availability?service=trio&staff=any&from=${day}&to=${next}`);
  assert.equal(r.status, 200, r.text);
  return r.body.slots.find((s) => s.start === start)?.remaining;
}

async function adminRow(id) {
  return (await h.adminBookings(srv)).find((b) => b.id === id);
}

test('a lost dispute is recorded step by step; the seat stays taken', async () => {
  const start = h.slotStart(21, '15:00');
  const { created, pi } = await paidBooking(start);
  assert.equal(await remaining(start), 2);
  assert.deepEqual((await adminRow(created.booking.id)).disputes, []);

  const opened = await trigger({ type: 'charge.dispute.created', payment_intent: pi, reason: 'product_not_received' });
  const dp = opened.data.object;
  await flush();
  let row = await adminRow(created.booking.id);
  assert.equal(row.disputed, true);
  assert.equal(row.disputes.length, 1);
  assert.deepEqual(row.disputes[0], {
    id: dp.id, status: 'needs_response', reason: 'product_not_received', amount: dp.amount, currency: dp.currency,
    amount_at_stake: dp.amount, evidence_due_by: dp.evidence_details.due_by, funds_withdrawn: false, funds_reinstated: false,
  });
  assert.equal(dp.amount, created.booking.amount, 'the whole payment is disputed');

  await trigger({ type: 'charge.dispute.funds_withdrawn', dispute: dp.id });
  await trigger({ type: 'charge.dispute.updated', dispute: dp.id });
  await trigger({ type: 'charge.dispute.closed', dispute: dp.id, status: 'lost' });
  await flush();
  row = await adminRow(created.booking.id);
  assert.equal(row.status, 'confirmed', 'a dispute never changes the booking');
  assert.equal(row.disputes[0].status, 'lost');
  assert.equal(row.disputes[0].funds_withdrawn, true);
  assert.equal(row.disputes[0].amount_at_stake, dp.amount);
  assert.equal(await remaining(start), 2, 'nor the seat it holds');
});

test('a won dispute delivered in reverse order ends won, funds reinstated, nothing at stake', async () => {
  const start = h.slotStart(22, '15:00');
  const { created, pi } = await paidBooking(start);
  await h.mockControl(mock, 'POST', '/_mock/webhooks/pause', {});
  const dp = (await trigger({ type: 'charge.dispute.created', payment_intent: pi })).data.object.id;
  await trigger({ type: 'charge.dispute.funds_withdrawn', dispute: dp });
  await trigger({ type: 'charge.dispute.updated', dispute: dp });
  await trigger({ type: 'charge.dispute.closed', dispute: dp, status: 'won' });
  await trigger({ type: 'charge.dispute.funds_reinstated', dispute: dp });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/resume', { order: 'reverse' });
  await flush();
  const row = await adminRow(created.booking.id);
  assert.equal(row.disputes.length, 1);
  assert.equal(row.disputes[0].status, 'won', 'the closed status is not undone by the older events delivered after it');
  assert.equal(row.disputes[0].funds_withdrawn, true);
  assert.equal(row.disputes[0].funds_reinstated, true);
  assert.equal(row.disputes[0].amount_at_stake, 0);
  assert.equal(row.status, 'confirmed');
  assert.equal(await remaining(start), 2);
});

test('a dispute event in another currency than the booking is recorded and ignored', async () => {
  const start = h.slotStart(23, '15:00');
  const { created, pi } = await paidBooking(start);
  const evt = await trigger({ type: 'charge.dispute.created', payment_intent: pi });
  await flush();
  const forged = structuredClone(evt);
  forged.id = `${evt.id}_eur`;
  forged.data.object.id = 'dp_forged_eur';
  forged.data.object.currency = 'eur';
  const { default: Stripe } = await import('stripe');
  const payload = JSON.stringify(forged);
  const header = new Stripe(h.SK).webhooks.generateTestHeaderString({ payload, secret: h.WHSEC });
  const r = await h.api(srv, 'POST', '/v1/stripe/webhook', {
    raw: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.action, 'ignored_currency_mismatch');
  const row = await adminRow(created.booking.id);
  assert.deepEqual(row.disputes.map((d) => d.id), [evt.data.object.id]);
});

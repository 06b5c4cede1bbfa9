// Refunds reported by Stripe (issue #11 item 1) end to end: refunds made directly at
// Stripe (the merchant's dashboard) show on the booking one by one; a refund that fails
// gives its amount back to the booking's total, in whatever order the events arrive.
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

const flush = () => h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
const adminRow = async (id) => (await h.adminBookings(srv)).find((b) => b.id === id);

async function paidBooking(start) {
  const r = await h.book(srv, 'trio', start);
  assert.equal(r.status, 201, r.text);
  const pi = r.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${pi}/confirm`, { payment_method: 'pm_card_visa' });
  await flush();
  await h.waitFor(async () => (await h.bookingStatus(srv, r.body)).status === 'confirmed');
  return { created: r.body, pi };
}

// A refund made at Stripe directly, as from the merchant's dashboard.
async function dashboardRefund(pi, amount) {
  const r = await h.stripeApi(mock, 'POST', '/v1/refunds', { payment_intent: pi, amount: String(amount) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

test('two partial refunds from the dashboard, then one fails: the booking follows', async () => {
  const { created, pi } = await paidBooking(h.slotStart(24, '15:00'));
  const paid = created.booking.amount;
  assert.ok(paid >= 2000, `a price that can be refunded in two parts (${paid})`);
  const first = await dashboardRefund(pi, 1000);
  await dashboardRefund(pi, 500);
  await flush();
  let row = await adminRow(created.booking.id);
  assert.equal(row.refunded_amount, 1500);
  assert.deepEqual(row.refunds.map((r) => [r.amount, r.status]).sort(), [[1000, 'succeeded'], [500, 'succeeded']].sort());
  assert.equal(row.status, 'confirmed', 'a refund alone does not cancel the booking');

  await h.mockControl(mock, 'POST', '/_mock/events/trigger', { type: 'refund.failed', refund: first.id });
  await flush();
  row = await adminRow(created.booking.id);
  assert.equal(row.refunded_amount, 500, 'the failed refund gave nothing back');
  assert.equal(row.refunds.find((r) => r.id === first.id).status, 'failed');
  const s = await h.bookingStatus(srv, created);
  assert.equal(s.refunded_amount, 500);
});

test('a refund and its failure delivered in reverse order end the same', async () => {
  const { created, pi } = await paidBooking(h.slotStart(25, '15:00'));
  await h.mockControl(mock, 'POST', '/_mock/webhooks/pause', {});
  const re = await dashboardRefund(pi, 700);
  await h.mockControl(mock, 'POST', '/_mock/events/trigger', { type: 'refund.failed', refund: re.id });
  await h.mockControl(mock, 'POST', '/_mock/webhooks/resume', { order: 'reverse' });
  await flush();
  const row = await adminRow(created.booking.id);
  assert.deepEqual(row.refunds.map((r) => [r.id, r.status]), [[re.id, 'failed']]);
  assert.equal(row.refunded_amount, 0, "charge.refunded's older total does not undo the failure");
});

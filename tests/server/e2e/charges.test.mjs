// Refunds across a booking's charges (issue #11 items 1-3) end to end over loopback, against
// the local Stripe server: a deposit booking whose balance was paid by link has two charges
// (two PaymentIntents). A merchant refund larger than one charge is made as one refund per
// charge, the newest (the balance) first; a double click gives the same refunds back; a
// refund beyond what is left on both is refused; the merchant's cancel gives both charges
// back in full. Checked at the Stripe stand-in, charge by charge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as h from './harness.mjs';

const OWNER = 'owner@charges.example';
const PASSWORD = 'correct horse battery staple 42';
const MASTER_KEY = 'c7'.repeat(32);

let mock, srv, owner;
before(async () => {
  mock = await h.startMock();
  srv = await h.startServer(mock, {
    args: ['--seed-owner', OWNER],
    env: { SLOTPAY_SEED_OWNER_PASSWORD: PASSWORD, SLOTPAY_MASTER_KEY: MASTER_KEY },
  });
  owner = await h.signIn(srv, OWNER, PASSWORD);
});
after(async () => {
  await srv?.stop();
  await mock?.close();
});

function as(method, p, { body, headers = {} } = {}) {
  return h.api(srv, method, p, { body, headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, ...headers } });
}

const flush = () => h.mockControl(mock, 'POST', '/_mock/webhooks/flush', { timeout_ms: 5000 });
const row = async (id) => (await h.adminBookings(srv)).find((b) => b.id === id);
const refund = (id, body, key) =>
  as('POST', `/v1/merchant/bookings/${id}/refunds`, { body, headers: { 'idempotency-key': key } });

async function chargeOf(pi) {
  const intent = await h.stripeApi(mock, 'GET', `/v1/payment_intents/${pi}`);
  return (await h.stripeApi(mock, 'GET', `/v1/charges/${intent.body.latest_charge}`)).body;
}

// The refunds the stand-in holds for one PaymentIntent.
async function refundsAtStripe(pi) {
  const all = await h.mockControl(mock, 'GET', '/_mock/objects?type=refund');
  return all.data.map((r) => r.obj).filter((r) => r.payment_intent === pi);
}

// A deposit booking paid by card (confirmed).
async function depositPaid(daysAhead) {
  const r = await h.book(srv, 'cut', h.slotStart(daysAhead, '10:00'));
  assert.equal(r.status, 201, r.text);
  const id = r.body.booking.id;
  const deposit = r.body.booking.amount;
  const total = r.body.booking.quote.total;
  assert.ok(deposit > 0 && deposit < total, `a deposit (${deposit} of ${total})`);
  const depositPi = r.body.booking.payment.payment_intent;
  await h.stripeApi(mock, 'POST', `/v1/payment_intents/${depositPi}/confirm`, { payment_method: 'pm_card_visa' });
  await flush();
  assert.ok(await h.waitFor(async () => (await h.bookingStatus(srv, r.body)).status === 'confirmed'));
  return { id, deposit, total, depositPi };
}

// The merchant's pay link for the balance, opened by the customer: its page's token and
// PaymentIntent (not paid yet).
async function balancePage(id) {
  const link = await as('POST', `/v1/merchant/bookings/${id}/pay-link`, { body: {} });
  assert.equal(link.status, 201, link.text);
  const token = link.body.pay_link.url.split('#')[1];
  const intent = await h.api(srv, 'POST', `/v1/pay/${token}/intent`);
  assert.equal(intent.status, 200, intent.text);
  return { linkId: link.body.pay_link.id, token, balancePi: intent.body.payment.payment_intent };
}

// A deposit booking paid by card, then its balance paid through a pay link: two charges.
async function depositAndBalance(daysAhead) {
  const { id, deposit, total, depositPi } = await depositPaid(daysAhead);
  const { balancePi } = await balancePage(id);
  const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${balancePi}/confirm`, { payment_method: 'pm_card_visa' });
  assert.equal(paid.body.status, 'succeeded', JSON.stringify(paid.body));
  await flush();
  assert.ok(await h.waitFor(async () => (await row(id)).paid_amount === total), 'deposit + balance recorded');
  assert.notEqual(balancePi, depositPi);
  return { id, deposit, balance: total - deposit, total, depositPi, balancePi };
}

test('a merchant refund larger than the balance: one refund per charge, the balance first', async () => {
  const b = await depositAndBalance(20);
  const amount = b.balance + 500;
  assert.ok(amount > b.deposit, 'more than the deposit charge alone holds');

  const r = await refund(b.id, { amount, reason: 'requested_by_customer' }, 'across-1');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.refunds.length, 2, r.text);
  assert.deepEqual(r.body.refunds.map((x) => x.amount), [b.balance, 500]);
  assert.deepEqual(r.body.refund, r.body.refunds[0], '"refund" is the first part, as before');
  assert.equal(r.body.booking.refunded_amount, amount);
  assert.equal(r.body.booking.refundable, b.total - amount);

  // At Stripe: the balance's charge refunded in full, 500 of the deposit's.
  assert.equal((await chargeOf(b.balancePi)).amount_refunded, b.balance);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, 500);
  const onBalance = await refundsAtStripe(b.balancePi);
  const onDeposit = await refundsAtStripe(b.depositPi);
  assert.deepEqual(onBalance.map((x) => x.id), [r.body.refunds[0].id]);
  assert.deepEqual(onDeposit.map((x) => x.id), [r.body.refunds[1].id]);
  for (const x of [...onBalance, ...onDeposit]) {
    assert.equal(x.metadata.booking_id, b.id);
    assert.match(x.metadata.origin, /^merchant:[0-9a-f]{32}$/);
  }

  // A double click: the same refunds back, nothing more at Stripe.
  const again = await refund(b.id, { amount, reason: 'requested_by_customer' }, 'across-1');
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.body.refunds.map((x) => x.id), r.body.refunds.map((x) => x.id));
  assert.equal((await chargeOf(b.balancePi)).amount_refunded, b.balance);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, 500);

  // Beyond what is left on both charges: refused, nothing reaches Stripe.
  const left = b.deposit - 500;
  const beyond = await refund(b.id, { amount: left + 1 }, 'across-2');
  assert.equal(beyond.status, 422, beyond.text);
  assert.equal(beyond.body.error.code, 'refund_exceeds_remaining');
  assert.equal(beyond.body.error.field, 'amount');
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, 500);

  // The rest: one refund, on the deposit.
  const rest = await refund(b.id, { amount: left }, 'across-3');
  assert.equal(rest.status, 201, rest.text);
  assert.equal(rest.body.refunds.length, 1);
  assert.equal(rest.body.booking.refunded_amount, b.total);
  assert.equal(rest.body.booking.refundable, 0);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, b.deposit);

  // Stripe's events change nothing of it.
  await flush();
  const stored = await row(b.id);
  assert.equal(stored.refunded_amount, b.total);
  assert.equal(stored.refunds.length, 3);
  const none = await refund(b.id, { amount: 1 }, 'across-4');
  assert.equal(none.status, 409, none.text);
  assert.equal(none.body.error.code, 'nothing_to_refund');
});

test("the merchant's cancel gives both charges back in full", async () => {
  const b = await depositAndBalance(21);
  const c = await as('POST', `/v1/merchant/bookings/${b.id}/cancel`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.booking.status, 'cancelled');
  assert.equal(c.body.booking.refunded_amount, b.total, c.text);
  assert.equal(c.body.booking.refunds.length, 2, 'both parts recorded before any webhook');

  assert.equal((await chargeOf(b.balancePi)).amount_refunded, b.balance);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, b.deposit);
  for (const pi of [b.balancePi, b.depositPi]) {
    const at = await refundsAtStripe(pi);
    assert.equal(at.length, 1, `one refund on ${pi}`);
    assert.equal(at[0].metadata.origin, 'booking');
  }
  await flush();
  const stored = await row(b.id);
  assert.equal(stored.refunded_amount, b.total);
  // Cancelling again: the same answer, nothing more at Stripe.
  const again = await as('POST', `/v1/merchant/bookings/${b.id}/cancel`);
  assert.equal(again.status, 200, again.text);
  assert.equal((await chargeOf(b.balancePi)).amount_refunded, b.balance);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, b.deposit);
});

test("the merchant's cancel after a partial refund gives back what is left on each charge", async () => {
  const b = await depositAndBalance(22);
  // 1000 of the balance first (the newest charge), then the cancel.
  const part = await refund(b.id, { amount: 1000 }, 'before-cancel');
  assert.equal(part.status, 201, part.text);
  assert.equal(part.body.refunds.length, 1);
  assert.equal((await chargeOf(b.balancePi)).amount_refunded, 1000);
  const c = await as('POST', `/v1/merchant/bookings/${b.id}/cancel`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.booking.refunded_amount, b.total, c.text);
  assert.equal((await chargeOf(b.balancePi)).amount_refunded, b.balance);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, b.deposit);
  await flush();
  assert.equal((await row(b.id)).refunded_amount, b.total);
});

// The second of two parts fails (Stripe answers 500 to every try of it): the merchant is
// told, with the part already made; the same request again makes only the missing part
// (Stripe answers part 0's key with the same refund), so each charge is refunded once.
test('the second part fails: told with the part made, and the same request finishes it once', async () => {
  const b = await depositAndBalance(22);
  const amount = b.balance + 700;
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/refunds', method: 'POST', mode: 'http_500', count: 50, skip: 1 });
  const failed = await refund(b.id, { amount }, 'part-fails-1');
  await h.mockControl(mock, 'DELETE', '/_mock/fail');
  assert.equal(failed.status, 503, failed.text);
  assert.equal(failed.body.error.code, 'stripe_unavailable');
  assert.equal(failed.body.error.details.refunds.length, 1, failed.text);
  assert.equal(failed.body.error.details.refunds[0].amount, b.balance);
  assert.equal((await chargeOf(b.balancePi)).amount_refunded, b.balance);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, 0);

  const again = await refund(b.id, { amount }, 'part-fails-1');
  assert.equal(again.status, 201, again.text);
  assert.deepEqual(again.body.refunds.map((x) => x.amount), [b.balance, 700]);
  assert.equal(again.body.refunds[0].id, failed.body.error.details.refunds[0].id, 'part 0 answered by Stripe again');
  assert.equal(again.body.booking.refunded_amount, amount);
  assert.equal((await refundsAtStripe(b.balancePi)).length, 1);
  assert.equal((await refundsAtStripe(b.depositPi)).length, 1);
  assert.equal((await chargeOf(b.balancePi)).amount_refunded, b.balance);
  assert.equal((await chargeOf(b.depositPi)).amount_refunded, 700);
});

// The customer opened the balance's pay page (its PaymentIntent made), then the merchant
// cancelled the booking: the deposit goes back, and the page's PaymentIntent is cancelled at
// Stripe, so that the page left open cannot take the balance any more.
test("the merchant's cancel voids the open pay page's PaymentIntent", async () => {
  const { id, deposit, depositPi } = await depositPaid(24);
  const { linkId, balancePi } = await balancePage(id);
  const c = await as('POST', `/v1/merchant/bookings/${id}/cancel`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.booking.refunded_amount, deposit, c.text);
  // Not waited for by the cancel's answer: soon after it.
  const status = async () => (await h.stripeApi(mock, 'GET', `/v1/payment_intents/${balancePi}`)).body.status;
  assert.ok(await h.waitFor(async () => (await status()) === 'canceled'), await status());
  const cancels = await h.mockControl(mock, 'GET', `/_mock/requests?path=/v1/payment_intents/${balancePi}/cancel&method=POST`);
  assert.deepEqual(
    cancels.data.map((x) => x.idempotency_key),
    [`paylink_${linkId}_cancel_pi`],
  );
  // The page cannot pay any more: nothing charged, nothing more to refund.
  const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${balancePi}/confirm`, { payment_method: 'pm_card_visa' });
  assert.notEqual(paid.body.status, 'succeeded', JSON.stringify(paid.body));
  await flush();
  const stored = await row(id);
  assert.equal(stored.paid_amount, deposit);
  assert.equal(stored.refunded_amount, deposit);
  assert.equal((await refundsAtStripe(depositPi)).length, 1);
  assert.equal((await refundsAtStripe(balancePi)).length, 0);
});

// The same, but Stripe could not cancel the page's PaymentIntent (the customer was paying
// at that very moment), and the customer paid. That payment is not the merchant's to keep:
// it goes back by itself, in full, on its own charge, and the deposit's refund is not made
// again. The first tries fail (Stripe answers 500): the background pass gives it back once
// Stripe answers again.
test('a balance paid on a page left open after the cancel goes back by itself', async () => {
  const { id, deposit, total, depositPi } = await depositPaid(23);
  const { linkId, token, balancePi } = await balancePage(id);

  const voiding = `/v1/payment_intents/${balancePi}/cancel`;
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: voiding, method: 'POST', mode: 'http_500', count: 1000 });
  const c = await as('POST', `/v1/merchant/bookings/${id}/cancel`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.booking.refunded_amount, deposit, c.text);
  assert.ok(
    await h.waitFor(async () => (await h.mockControl(mock, 'GET', `/_mock/requests?path=${voiding}&method=POST`)).data.length > 0),
    'the void was tried',
  );
  await h.mockControl(mock, 'DELETE', '/_mock/fail');
  // The page refuses the cancelled booking from now on...
  assert.equal((await h.api(srv, 'POST', `/v1/pay/${token}/intent`)).status, 409);

  // ...but the open page pays; Stripe refuses every refund for a while.
  await h.mockControl(mock, 'POST', '/_mock/fail', { path: '/v1/refunds', method: 'POST', mode: 'http_500', count: 1000 });
  const paid = await h.stripeApi(mock, 'POST', `/v1/payment_intents/${balancePi}/confirm`, { payment_method: 'pm_card_visa' });
  assert.equal(paid.body.status, 'succeeded', JSON.stringify(paid.body));
  await flush();
  const asked = async () =>
    (await h.mockControl(mock, 'GET', '/_mock/requests?path=/v1/refunds&method=POST')).data.filter(
      (x) => x.params?.payment_intent === balancePi,
    );
  assert.ok(await h.waitFor(async () => (await asked()).length >= 1), 'the refund was asked for');
  assert.equal((await chargeOf(balancePi)).amount_refunded, 0);
  const owing = await row(id);
  assert.equal(owing.paid_amount, total);
  assert.equal(owing.status, 'cancelled');

  // Stripe answers again: the next pass gives it back, once, with its own key.
  await h.mockControl(mock, 'DELETE', '/_mock/fail');
  assert.ok(await h.waitFor(async () => (await chargeOf(balancePi)).amount_refunded === total - deposit, { timeoutMs: 15000 }));
  const onBalance = await refundsAtStripe(balancePi);
  assert.equal(onBalance.length, 1);
  assert.equal(onBalance[0].amount, total - deposit);
  assert.equal(onBalance[0].metadata.origin, 'late_payment');
  assert.equal(onBalance[0].metadata.pay_link, linkId);
  for (const x of await asked()) assert.equal(x.idempotency_key, `paylink_${linkId}_refund`);
  // The deposit was refunded once, by the cancel.
  const onDeposit = await refundsAtStripe(depositPi);
  assert.equal(onDeposit.length, 1);
  assert.equal(onDeposit[0].metadata.origin, 'booking');
  assert.equal((await chargeOf(depositPi)).amount_refunded, deposit);

  await flush();
  assert.ok(await h.waitFor(async () => (await row(id)).refunded_amount === total));
  const stored = await row(id);
  assert.equal(stored.refunds.length, 2);
  // Nothing more is asked of Stripe by later passes.
  const n = (await asked()).length;
  await h.sleep(2500);
  assert.equal((await asked()).length, n);
  assert.equal((await refundsAtStripe(balancePi)).length, 1);
});
